import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import gcoord from 'gcoord';
import type { DistrictCollection, LngLat } from '../../shared/district.ts';
import { OPENMAPTILES_COLORS } from '../../server/basemap/vector-layers.ts';
import { launchChromium } from './chromium.ts';
import { foreignRequests, probe } from './page-probes.ts';
import {
  readDemoAccounts,
  ROOT,
  startServerProcess,
  type ServerProcess
} from './server-process.ts';
import { demoAccount, landsOn, signIn } from './sign-in.ts';
import {
  LAKE_INSIDE,
  makeTestTiles,
  writeMbtiles,
  writePmtiles,
  type BasemapPlace
} from '../fixtures/basemap-tiles.ts';

/**
 * The desk over a basemap file, in real Chromium against the real server: the test makes a small vector basemap
 * (固城湖, two roads, place names) and starts the server with BASEMAP naming it. Over the MBTiles file in WGS-84:
 * the lake's colour where the lake is, under our grids; the basemap's names give way to ours; nothing is fetched
 * from another origin. Over the same tiles as a PMTiles archive declared GCJ-02: read by HTTP Range, and a unit
 * reported at a WGS-84 point is drawn, clicked and picked at its GCJ-02 place. The simulator is off: the one unit
 * with a fix is the field account's, put where the test wants it by an OsmAnd report.
 */

const VIEWPORT = { width: 1400, height: 900 };
const WATER = hexRgb(OPENMAPTILES_COLORS.dark.water);
const LAND = hexRgb(OPENMAPTILES_COLORS.dark.background);
/** the field unit's place for the GCJ-02 check: on land, east of the lake */
const UNIT_AT: LngLat = [118.985, 31.345];

const district = JSON.parse(
  readFileSync(join(ROOT, 'geo/data/gaochun.json'), 'utf8')
) as DistrictCollection;
const townLabels = district.features
  .filter((f) => f.properties.layer === 'town')
  .map((f) => ({ name: f.properties.name, at: f.properties.labelAt }));
/** a basemap name right under one of ours (it must give way), and one far from all of ours (it must show) */
const UNDER_OURS: BasemapPlace = { name: '压字村', at: townLabels[0].at };
const CLEAR: BasemapPlace = { name: '空旷村', at: farthestFromTowns() };

let dataDir = '';
let browser: Browser;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gw-e2e-basemap-'));
  const tiles = makeTestTiles([UNDER_OURS, CLEAR], { maxzoom: 12 });
  writeMbtiles(join(dataDir, 'gaochun-test.mbtiles'), tiles);
  writePmtiles(join(dataDir, 'gaochun-test.pmtiles'), tiles);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Desk {
  server: ServerProcess;
  page: Page;
  requested: string[];
  consoleLines: string[];
  unitId: string;
}

/** a server on a test basemap file with its own data folder, the field unit at UNIT_AT, a dispatcher's desk open */
async function openDesk(env: Record<string, string>, folder: string): Promise<Desk> {
  const dir = join(dataDir, folder);
  const server = await startServerProcess({ DATA_DIR: dir, SIM: 'off', ...env });
  const accounts = readDemoAccounts(dir);
  const field = demoAccount(accounts, 'field');
  const res = await fetch(
    `${server.url}/osmand?id=${field.deviceId}&lat=${UNIT_AT[1]}&lon=${UNIT_AT[0]}`
  );
  expect(await res.json()).toEqual({ accepted: true, live: true });
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN' });
  const requested: string[] = [];
  const consoleLines: string[] = [];
  context.on('request', (r) => requested.push(r.url()));
  const page = await context.newPage();
  page.on('websocket', (ws) => requested.push(ws.url()));
  page.on('console', (m) => consoleLines.push(m.text()));
  await page.goto(`${server.url}/dispatch`);
  await landsOn(page, '/login');
  await signIn(page, demoAccount(accounts, 'dispatcher'));
  await landsOn(page, '/dispatch');
  await page.waitForFunction(() => window.__gridwatch?.mapReady() === true, null, {
    timeout: 120_000
  });
  await page.waitForFunction(() => (window.__gridwatch?.unitsDrawn() ?? 0) > 0, null, {
    timeout: 60_000
  });
  return { server, page, requested, consoleLines, unitId: field.unitId! };
}

/** waits until the style, every tile in view and the symbol placement are done */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__gridwatch?.basemapIdle() === true, null, {
    timeout: 60_000
  });
}

describe('the desk over a WGS-84 basemap file', () => {
  let desk: Desk;
  beforeAll(async () => {
    desk = await openDesk({ BASEMAP: join(dataDir, 'gaochun-test.mbtiles') }, 'wgs84');
    await settled(desk.page);
  });
  afterAll(async () => desk?.server.stop());

  it('draws the lake in the water colour under the grids, land elsewhere', async () => {
    const { page } = desk;
    expect(await probe(page, 'mapCrs')).toBe('wgs84');
    const inside = await pixelsAt(page, LAKE_INSIDE);
    const lakeLike = inside.filter((c) => distance(c, WATER) < 40);
    expect(lakeLike.length, JSON.stringify(inside)).toBeGreaterThanOrEqual(LAKE_INSIDE.length - 1);
    // a point of land a few kilometres from the lake, away from our names
    const [land] = await pixelsAt(page, [[119.1, 31.22]]);
    expect(distance(land, WATER)).toBeGreaterThan(40);
    expect(distance(land, LAND)).toBeLessThan(40);
  });

  it('shows the basemap’s names except where ours are', async () => {
    const { page } = desk;
    await expect
      .poll(async () => (await probe(page, 'basemapLabels')).map((l) => l.name), {
        timeout: 30_000
      })
      .toContain(CLEAR.name);
    const shown = await probe(page, 'basemapLabels');
    expect(shown.map((l) => l.name)).not.toContain(UNDER_OURS.name);
    // no basemap name anchored inside the box of one of our town names (17 px bold text)
    for (const town of townLabels) {
      const at = await page.evaluate(
        ([lng, lat]) => window.__gridwatch!.mapPixel(lng, lat),
        town.at
      );
      if (!at) throw new Error('camera moving');
      const halfW = (town.name.length * 17) / 2;
      for (const l of shown) {
        const inside = Math.abs(l.at[0] - at[0]) < halfW && Math.abs(l.at[1] - at[1]) < 10;
        expect(inside, `${l.name} under ${town.name}`).toBe(false);
      }
    }
  });

  it('fetches nothing from another origin, and draws its labels with the bundled font', async () => {
    const { foreign, network } = foreignRequests(desk.requested, desk.server.url);
    expect(foreign).toEqual([]);
    expect(network.some((u) => /\/api\/map-style\?theme=dark$/.test(u))).toBe(true);
    expect(network.some((u) => /\/tiles\/\d+\/\d+\/\d+$/.test(u))).toBe(true);
    // MapLibre found the Noto Sans SC files for every character it drew, none fell back or failed
    expect(desk.consoleLines.filter((l) => /font|glyph/i.test(l))).toEqual([]);
  });
});

describe('the desk over the same tiles declared GCJ-02', () => {
  let desk: Desk;
  beforeAll(async () => {
    desk = await openDesk(
      { BASEMAP: join(dataDir, 'gaochun-test.pmtiles'), BASEMAP_CRS: 'gcj02' },
      'gcj02'
    );
  });
  afterAll(async () => desk?.server.stop());

  it('reads the PMTiles archive by HTTP Range from its own origin', async () => {
    const { page } = desk;
    await settled(page);
    await expect
      .poll(async () => (await probe(page, 'basemapLabels')).map((l) => l.name), {
        timeout: 30_000
      })
      .toContain(CLEAR.name);
    const { foreign, network } = foreignRequests(desk.requested, desk.server.url);
    expect(foreign).toEqual([]);
    expect(network.filter((u) => u.endsWith('/basemap.pmtiles')).length).toBeGreaterThan(1);
  });

  it('draws, clicks and picks a unit at its GCJ-02 place', async () => {
    const { page, unitId } = desk;
    expect(await probe(page, 'mapCrs')).toBe('gcj02');
    // close in on the unit: at zoom 15 the half kilometre between datums is a hundred pixels
    for (let i = 0; i < 20 && ((await probe(page, 'mapView'))?.zoom ?? 0) < 15; i++) {
      const at = await unitPoint(page, unitId);
      await page.mouse.move(at[0], at[1]);
      await page.mouse.wheel(0, -600);
      await expect
        .poll(async () => (await probe(page, 'mapView'))?.moving, { timeout: 20_000 })
        .toBe(false);
    }
    await settled(page);
    const drawn = await unitPoint(page, unitId);
    const gcj = gcoord.transform(UNIT_AT, gcoord.WGS84, gcoord.GCJ02) as LngLat;
    const onTiles = await mapPixel(page, gcj);
    const raw = await mapPixel(page, UNIT_AT);
    expect(Math.hypot(drawn[0] - onTiles[0], drawn[1] - onTiles[1])).toBeLessThan(2);
    expect(Math.hypot(drawn[0] - raw[0], drawn[1] - raw[1])).toBeGreaterThan(50);

    // deck.gl picks the unit where it drew it: its card opens
    await page.mouse.click(drawn[0], drawn[1]);
    await expect
      .poll(() => page.getByTestId('unit-detail').getAttribute('data-unit-id'), {
        timeout: 30_000
      })
      .toBe(unitId);

    // a location picked there is the unit's WGS-84 point again
    await page.getByTestId('new-incident-button').click();
    await page.mouse.click(drawn[0], drawn[1]);
    await expect
      .poll(async () => Number(await page.getByTestId('form-lng').inputValue()))
      .toBeCloseTo(UNIT_AT[0], 4);
    expect(Number(await page.getByTestId('form-lat').inputValue())).toBeCloseTo(UNIT_AT[1], 4);
  });
});

/** where the map draws a point given in its drawing datum, once the camera is still (null while it moves) */
async function mapPixel(page: Page, at: LngLat): Promise<[number, number]> {
  let px: [number, number] | null = null;
  await expect
    .poll(
      async () =>
        (px = await page.evaluate(([lng, lat]) => window.__gridwatch!.mapPixel(lng, lat), at)),
      { timeout: 30_000 }
    )
    .not.toBeNull();
  return px!;
}

/** where the desk draws a unit, once the camera is still */
async function unitPoint(page: Page, unitId: string): Promise<[number, number]> {
  let at: [number, number] | null = null;
  await expect
    .poll(
      async () => (at = await page.evaluate((u) => window.__gridwatch!.unitScreenPoint(u), unitId)),
      { timeout: 30_000 }
    )
    .not.toBeNull();
  return at!;
}

/**
 * The page's colours at points of the tiles (WGS-84 here), read from a screenshot: the browser decodes the PNG itself (an image
 * bitmap from the bytes, no network) and reads the pixels under each point.
 */
async function pixelsAt(page: Page, points: readonly LngLat[]): Promise<number[][]> {
  const at = await page.evaluate(
    (ps) => ps.map(([lng, lat]) => window.__gridwatch!.mapPixel(lng, lat)),
    points as LngLat[]
  );
  if (at.some((p) => !p)) throw new Error('camera moving');
  const png = (await page.screenshot()).toString('base64');
  return page.evaluate(
    async ({ png, at }) => {
      const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0);
      return at.map(([x, y]) => [...ctx.getImageData(Math.round(x), Math.round(y), 1, 1).data]);
    },
    { png, at: at as [number, number][] }
  );
}

function hexRgb(hex: string): number[] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
}

function distance(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

/** a point in the district about as far from every town's name as any */
function farthestFromTowns(): LngLat {
  let best: LngLat = [0, 0];
  let bestD = -1;
  for (let lng = 118.8; lng <= 119.15; lng += 0.01) {
    for (let lat = 31.2; lat <= 31.42; lat += 0.01) {
      const d = Math.min(...townLabels.map((t) => Math.hypot(t.at[0] - lng, t.at[1] - lat)));
      if (d > bestD) [bestD, best] = [d, [lng, lat]];
    }
  }
  return best;
}
