import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  validateStyleMin,
  type LayerSpecification,
  type StyleSpecification
} from '@maplibre/maplibre-gl-style-spec';
import {
  DISTRICT_SOURCE,
  LABEL_BLOCKER_LAYER,
  MAP_COLORS,
  MAP_FONT,
  composeStyle
} from '../../../shared/map-style.ts';
import { openBasemap, type Basemap } from '../../../server/basemap/basemap.ts';
import { basemapFromEnv } from '../../../server/basemap/config.ts';
import { NAME_ZH, OPENMAPTILES_COLORS } from '../../../server/basemap/vector-layers.ts';
import mapStyleRoutes from '../../../server/routes/map-style.ts';
import { makeTestTiles, writeMbtiles, writePmtiles } from '../../fixtures/basemap-tiles.ts';

/** `GET /api/map-style`: the basemap under our district layers, everything on our origin unless it is remote. */

const dir = mkdtempSync(join(tmpdir(), 'gw-style-'));
const apps: FastifyInstance[] = [];
const basemaps: Basemap[] = [];
const TIANDITU =
  'https://t{s}.tianditu.gov.cn/vec_w/wmts?LAYER=vec&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY|https://t{s}.tianditu.gov.cn/cva_w/wmts?LAYER=cva&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY';

beforeAll(() => {
  const set = makeTestTiles([{ name: '淳溪', at: [118.875, 31.327] }], { maxzoom: 6 });
  writeMbtiles(join(dir, 'omt.mbtiles'), set);
  writePmtiles(join(dir, 'omt.pmtiles'), set);
  // the same tiles labelled as the Protomaps schema: only the metadata decides how they are styled
  writeMbtiles(join(dir, 'protomaps.mbtiles'), set);
  const db = new Database(join(dir, 'protomaps.mbtiles'));
  db.prepare("UPDATE metadata SET value = ? WHERE name = 'json'").run(
    JSON.stringify({
      vector_layers: ['earth', 'water', 'roads', 'places', 'pois'].map((id) => ({ id }))
    })
  );
  db.close();
});

afterAll(async () => {
  for (const a of apps) await a.close();
  for (const b of basemaps) b.close();
  rmSync(dir, { recursive: true, force: true });
});

async function styleOf(env: Record<string, string>, theme = 'dark'): Promise<StyleSpecification> {
  const basemap = await openBasemap(basemapFromEnv(env, dir));
  basemaps.push(basemap);
  const app = Fastify();
  await app.register(mapStyleRoutes, { basemap });
  apps.push(app);
  const res = await app.inject({ url: `/api/map-style?theme=${theme}` });
  expect(res.statusCode).toBe(200);
  return res.json() as StyleSpecification;
}

const ids = (s: StyleSpecification) => s.layers.map((l) => l.id);
const symbols = (s: StyleSpecification) =>
  s.layers.filter((l): l is Extract<LayerSpecification, { type: 'symbol' }> => l.type === 'symbol');
/** every string in the style that names a scheme: none may leave the origin for a file basemap */
const absoluteUrls = (s: StyleSpecification) =>
  JSON.stringify(s).match(/[a-z][a-z0-9+.-]*:\/\/[^"]*/gi) ?? [];

function expectValid(s: StyleSpecification): void {
  expect(validateStyleMin(s).map((e) => e.message)).toEqual([]);
}

describe('map style', () => {
  it('is the schematic district by default: no basemap, no glyphs, no sprite, nothing off the origin', async () => {
    const s = await styleOf({});
    expectValid(s);
    expect(s.metadata).toMatchObject({ 'gridwatch:basemap': 'none', 'gridwatch:crs': 'wgs84' });
    expect(s.glyphs).toBeUndefined();
    expect(s.sprite).toBeUndefined();
    expect(s.sources[DISTRICT_SOURCE]).toEqual({ type: 'geojson', data: '/api/district' });
    expect(ids(s)).toEqual(expect.arrayContaining(['background', 'district-fill', 'town-fill']));
    expect(symbols(s)).toEqual([]);
    expect(absoluteUrls(s)).toEqual([]);
    // the same as the client makes for itself when it cannot fetch the style
    expect(s).toEqual(composeStyle({ theme: 'dark', basemap: null }));
  });

  it('puts an MBTiles vector basemap under the district, styled for the theme, from /tiles on our origin', async () => {
    for (const theme of ['dark', 'light'] as const) {
      const s = await styleOf({ BASEMAP: 'omt.mbtiles' }, theme);
      expectValid(s);
      expect(s.metadata).toMatchObject({ 'gridwatch:basemap': 'vector' });
      expect(s.sources.basemap).toMatchObject({
        type: 'vector',
        tiles: ['/tiles/{z}/{x}/{y}'],
        minzoom: 0,
        maxzoom: 6,
        attribution: '© 测试底图'
      });
      const water = s.layers.find((l) => l.id === 'water') as Extract<
        LayerSpecification,
        { type: 'fill' }
      >;
      expect(water.paint?.['fill-color']).toBe(OPENMAPTILES_COLORS[theme].water);
      expect(s.layers[0]).toMatchObject({
        type: 'background',
        paint: { 'background-color': OPENMAPTILES_COLORS[theme].background }
      });
      // over a basemap the district is lines, drawn after every basemap layer; our names' blockers on top
      expect(ids(s)).not.toContain('district-fill');
      const firstOurs = ids(s).indexOf('community-line');
      const lastBasemap = Math.max(
        ...s.layers.map((l, i) => ('source' in l && l.source === 'basemap' ? i : -1))
      );
      expect(firstOurs).toBeGreaterThan(lastBasemap);
      expect(ids(s).at(-1)).toBe(LABEL_BLOCKER_LAYER);
      expect(absoluteUrls(s)).toEqual([]);
      expect(s.glyphs).toBeUndefined();
    }
    const dark = await styleOf({ BASEMAP: 'omt.mbtiles' }, 'dark');
    const light = await styleOf({ BASEMAP: 'omt.mbtiles' }, 'light');
    expect(light.layers.find((l) => l.id === 'grid-line')).not.toEqual(
      dark.layers.find((l) => l.id === 'grid-line')
    );
    expect(MAP_COLORS.light.grid).not.toBe(MAP_COLORS.dark.grid);
  });

  it('sets every label in the bundled font, Chinese name first', async () => {
    for (const env of [{ BASEMAP: 'omt.mbtiles' }, { BASEMAP: 'protomaps.mbtiles' }]) {
      const s = await styleOf(env);
      const labels = symbols(s).filter((l) => l.id !== LABEL_BLOCKER_LAYER);
      expect(labels.length).toBeGreaterThan(3);
      for (const l of labels) {
        expect(l.layout?.['text-font'], l.id).toEqual([MAP_FONT]);
        if (!JSON.stringify(l.layout?.['text-field']).includes('"ref"'))
          expect(l.layout?.['text-field'], l.id).toEqual(NAME_ZH);
      }
      // no sprite: no layer asks for an icon
      expect(JSON.stringify(s.layers)).not.toContain('icon-image');
    }
  });

  it('styles a Protomaps-schema tileset with @protomaps/basemaps', async () => {
    const s = await styleOf({ BASEMAP: 'protomaps.mbtiles' });
    expectValid(s);
    expect(ids(s)).toEqual(expect.arrayContaining(['earth', 'roads_major', 'places_locality']));
    expect(ids(s)).not.toContain('pois');
  });

  it('names a PMTiles basemap by a same-origin pmtiles:// path', async () => {
    const s = await styleOf({ BASEMAP: 'omt.pmtiles' });
    expectValid(s);
    expect(s.sources.basemap).toMatchObject({ type: 'vector', url: 'pmtiles:///basemap.pmtiles' });
    expect(absoluteUrls(s)).toEqual(['pmtiles:///basemap.pmtiles']);
  });

  it('draws remote raster templates in order, with attribution, darkened for desks, only when configured', async () => {
    const env = {
      BASEMAP: TIANDITU,
      BASEMAP_SUBDOMAINS: '01234567',
      BASEMAP_ATTRIBUTION: '天地图'
    };
    const s = await styleOf(env);
    expectValid(s);
    expect(s.metadata).toMatchObject({ 'gridwatch:basemap': 'raster' });
    expect(Object.keys(s.sources)).toEqual(expect.arrayContaining(['basemap-0', 'basemap-1']));
    expect(s.sources['basemap-0']).toMatchObject({
      type: 'raster',
      tileSize: 256,
      attribution: '天地图'
    });
    expect((s.sources['basemap-0'] as { tiles: string[] }).tiles[0]).toBe(
      'https://t0.tianditu.gov.cn/vec_w/wmts?LAYER=vec&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY'
    );
    expect(ids(s).slice(0, 3)).toEqual(['background', 'basemap-0', 'basemap-1']);
    expect(s.layers[1]).toMatchObject({ paint: { 'raster-hue-rotate': 180 } });
    expect((await styleOf(env, 'light')).layers[1]).toMatchObject({ paint: {} });
    expect(ids(s)).not.toContain(LABEL_BLOCKER_LAYER);
    // nothing remote in any other configuration
    for (const other of [{}, { BASEMAP: 'omt.mbtiles' }] as Record<string, string>[])
      expect(JSON.stringify(await styleOf(other))).not.toContain('tianditu');
  });

  it('tells the client the tiles are GCJ-02', async () => {
    const s = await styleOf({ BASEMAP: 'omt.mbtiles', BASEMAP_CRS: 'gcj02' });
    expect(s.metadata).toMatchObject({ 'gridwatch:crs': 'gcj02' });
  });

  it('refuses a theme it does not know', async () => {
    const basemap = await openBasemap(basemapFromEnv({}, dir));
    const app = Fastify();
    await app.register(mapStyleRoutes, { basemap });
    apps.push(app);
    expect((await app.inject({ url: '/api/map-style?theme=sepia' })).statusCode).toBe(400);
  });
});
