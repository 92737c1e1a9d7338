import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBasemap, type Basemap } from '../../../server/basemap/basemap.ts';
import { basemapFromEnv } from '../../../server/basemap/config.ts';
import { MbtilesReader } from '../../../server/basemap/mbtiles.ts';
import tileRoutes from '../../../server/routes/tiles.ts';
import {
  makeTestTiles,
  tileOf,
  writeMbtiles,
  writePmtiles,
  type TestTileset
} from '../../fixtures/basemap-tiles.ts';

/** The basemap file's tiles on our origin: MBTiles by z/x/y, PMTiles by HTTP Range. */

const dir = mkdtempSync(join(tmpdir(), 'gw-tiles-'));
let set: TestTileset;
const apps: FastifyInstance[] = [];
const basemaps: Basemap[] = [];

async function serve(env: Record<string, string>): Promise<FastifyInstance> {
  const basemap = await openBasemap(basemapFromEnv(env, dir));
  basemaps.push(basemap);
  const app = Fastify();
  await app.register(tileRoutes, { basemap });
  apps.push(app);
  return app;
}

beforeAll(() => {
  set = makeTestTiles([{ name: '淳溪', at: [118.875, 31.327] }], { maxzoom: 10 });
  writeMbtiles(join(dir, 'test.mbtiles'), set);
  writePmtiles(join(dir, 'test.pmtiles'), set);
});

afterAll(async () => {
  for (const a of apps) await a.close();
  for (const b of basemaps) b.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('MBTiles', () => {
  it('reads its format, zooms and OpenMapTiles layers from the metadata', () => {
    const r = new MbtilesReader(join(dir, 'test.mbtiles'));
    expect(r.info).toMatchObject({
      format: 'pbf',
      minzoom: 0,
      maxzoom: 10,
      vectorLayers: ['water', 'transportation', 'place'],
      attribution: '© 测试底图'
    });
    r.close();
  });

  it('serves the tile at z/x/y with y counted from the north (the file stores TMS rows)', async () => {
    const app = await serve({ BASEMAP: 'test.mbtiles' });
    // the tile holding the lake at zoom 10; its TMS row is a different number
    const [x, y] = tileOf(118.91, 31.26, 10);
    expect((1 << 10) - 1 - y).not.toBe(y);
    const res = await app.inject({ url: `/tiles/10/${x}/${y}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['cache-control']).toMatch(/public/);
    // an MVT layer's name is a plain string in the protobuf
    expect(gunzipSync(res.rawPayload).includes('water')).toBe(true);
    expect(
      res.rawPayload.equals(set.tiles.find((t) => t.z === 10 && t.x === x && t.y === y)!.data)
    ).toBe(true);
    // the same path with an extension, as some clients ask
    expect((await app.inject({ url: `/tiles/10/${x}/${y}.pbf` })).statusCode).toBe(200);
  });

  it('sends a tile stored without gzip as it is, with no Content-Encoding', async () => {
    const file = join(dir, 'plain.mbtiles');
    writeMbtiles(file, {
      ...set,
      tiles: set.tiles.map((t) => ({ ...t, data: gunzipSync(t.data) }))
    });
    const app = await serve({ BASEMAP: 'plain.mbtiles' });
    const [x, y] = tileOf(118.91, 31.26, 8);
    const res = await app.inject({ url: `/tiles/8/${x}/${y}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.rawPayload.includes('water')).toBe(true);
  });

  it('answers 204 where the file has no tile, and 404 outside the tile pyramid', async () => {
    const app = await serve({ BASEMAP: 'test.mbtiles' });
    // the other side of the world: in the pyramid, not in the file
    expect((await app.inject({ url: '/tiles/10/0/0' })).statusCode).toBe(204);
    for (const url of [
      '/tiles/3/8/0',
      '/tiles/3/0/8',
      '/tiles/30/0/0',
      '/tiles/a/0/0',
      '/tiles/1/-1/0'
    ])
      expect((await app.inject({ url })).statusCode, url).toBe(404);
  });

  it('answers 404 for tiles without an MBTiles basemap', async () => {
    const app = await serve({});
    expect((await app.inject({ url: '/tiles/0/0/0' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/basemap.pmtiles' })).statusCode).toBe(404);
  });

  it('refuses at start a file that is not MBTiles, or not a schema it can style', async () => {
    writeFileSync(join(dir, 'broken.mbtiles'), 'not sqlite');
    await expect(openBasemap(basemapFromEnv({ BASEMAP: 'broken.mbtiles' }, dir))).rejects.toThrow(
      /broken.mbtiles: not an MBTiles file/
    );
    const odd = join(dir, 'odd.mbtiles');
    writeMbtiles(odd, set);
    const db = new Database(odd);
    db.prepare("UPDATE metadata SET value = ? WHERE name = 'json'").run(
      JSON.stringify({ vector_layers: [{ id: 'roads_2019' }, { id: 'lakes' }] })
    );
    db.close();
    await expect(openBasemap(basemapFromEnv({ BASEMAP: 'odd.mbtiles' }, dir))).rejects.toThrow(
      /vector layers \[roads_2019, lakes\] follow neither the OpenMapTiles nor the Protomaps schema/
    );
  });
});

describe('PMTiles', () => {
  it('reads the archive header and metadata at start', async () => {
    const b = await openBasemap(basemapFromEnv({ BASEMAP: 'test.pmtiles' }, dir));
    expect(b.kind).toBe('vector');
    expect(b.schema).toBe('openmaptiles');
    expect(b.info).toMatchObject({ format: 'pbf', minzoom: 0, maxzoom: 10 });
    expect(b.attribution).toBe('© 测试底图');
    b.close();
  });

  it('answers a Range request with 206 and the bytes asked for', async () => {
    const app = await serve({ BASEMAP: 'test.pmtiles' });
    const bytes = readFileSync(join(dir, 'test.pmtiles'));
    const res = await app.inject({ url: '/basemap.pmtiles', headers: { range: 'bytes=0-126' } });
    expect(res.statusCode).toBe(206);
    expect(res.headers['content-range']).toBe(`bytes 0-126/${bytes.length}`);
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.headers['content-length']).toBe('127');
    expect(res.rawPayload.equals(bytes.subarray(0, 127))).toBe(true);
    expect(res.rawPayload.subarray(0, 7).toString()).toBe('PMTiles');

    const tail = await app.inject({ url: '/basemap.pmtiles', headers: { range: 'bytes=-10' } });
    expect(tail.statusCode).toBe(206);
    expect(tail.rawPayload.equals(bytes.subarray(bytes.length - 10))).toBe(true);

    // a range running past the end is cut at the end
    const over = await app.inject({
      url: '/basemap.pmtiles',
      headers: { range: `bytes=${bytes.length - 5}-${bytes.length + 1000}` }
    });
    expect(over.headers['content-range']).toBe(
      `bytes ${bytes.length - 5}-${bytes.length - 1}/${bytes.length}`
    );
  });

  it('sends the whole archive without a Range, and 416 for a range past its end', async () => {
    const app = await serve({ BASEMAP: 'test.pmtiles' });
    const size = readFileSync(join(dir, 'test.pmtiles')).length;
    const whole = await app.inject({ url: '/basemap.pmtiles' });
    expect(whole.statusCode).toBe(200);
    expect(whole.rawPayload.length).toBe(size);
    expect(whole.headers.etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    const past = await app.inject({
      url: '/basemap.pmtiles',
      headers: { range: `bytes=${size}-` }
    });
    expect(past.statusCode).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${size}`);
  });
});
