import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { DistrictCollection, LngLat } from '../../shared/district.ts';
import type { Unit } from '../../shared/domain.ts';
import { distanceM } from '../../geo/unit-index.ts';
import { ApiClient } from './api-client.ts';
import { launchChromium } from './chromium.ts';
import { DistrictGeometry } from './district-geometry.ts';
import { probe } from './page-probes.ts';
import { startServerProcess, type DemoAccount, type ServerProcess } from './server-process.ts';
import { demoAccount, landsOn, signIn } from './sign-in.ts';

/**
 * What the wall's map shows, in a real browser against the real server with the simulator off (nothing moves but
 * what the test moves): the blind-spot layer tinting only the gaps and turning a town's grids red within 10 s of its
 * responders leaving, and a new P1 from the HTTP API taking the wall's focus and giving it back after
 * WALL_FOCUS_S; the wall's layers cannot be switched from a keyboard, a desk's can. Units move the way GPS
 * trackers move them, over the OsmAnd intake, with devices the demo admin registers. Everything is read through
 * the page's probes (what the layers were handed, where the camera looks), never from pixels.
 */

/** long enough for SwiftShader to finish the flight while the P1 still holds the focus */
const FOCUS_S = 10;
const P1_RESPONDERS = new Set(['patrol', 'security', 'grid_worker']);
/** units the test places in the town, each at one of its grids */
const PLACED = 4;
/** a car covers about 4.4 km within the 10-minute band: beyond this the town's grids cannot stay amber */
const FAR_M = 7000;
/** the camera is "at" a point when the middle of the map's free area lies this close to it */
const NEAR_M = 300;

let server: ServerProcess;
let browser: Browser;
let page: Page;
let accounts: DemoAccount[];
let admin: ApiClient;
let dispatcher: ApiClient;
let geometry: DistrictGeometry;
let district: DistrictCollection;
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startServerProcess({
    SIM: 'off',
    SIM_UNITS: '300',
    WALL_FOCUS_S: String(FOCUS_S)
  });
  accounts = server.demoAccounts();
  admin = await ApiClient.signIn(server.url, demoAccount(accounts, 'admin'));
  dispatcher = await ApiClient.signIn(server.url, demoAccount(accounts, 'dispatcher'));
  district = (await (await fetch(`${server.url}/api/district`)).json()) as DistrictCollection;
  geometry = new DistrictGeometry(district);
  browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: 1920, height: 1080 },
    locale: 'zh-CN'
  });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${server.url}${demoAccount(accounts, 'wall').kioskUrl!}`);
  await landsOn(page, '/wall');
  await page.waitForFunction(() => window.__gridwatch?.mapReady() === true, null, {
    timeout: 120_000
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const coverage = () => probe(page, 'coverageDrawn');

const towns = () =>
  district.features.filter((f) => f.properties.layer === 'town').map((f) => f.properties.code);
const comprehensiveGrids = () =>
  district.features.filter(
    (f) => f.properties.layer === 'grid' && f.properties.gridKind === 'comprehensive'
  ).length;

async function townBands(town: string): Promise<string[]> {
  return ((await coverage())?.grids ?? []).filter((g) => g.townCode === town).map((g) => g.band);
}

/** one OsmAnd report, as a tracker sends it; `time` in epoch ms, the server's now when left out */
async function report(deviceId: string, [lng, lat]: LngLat, time?: number) {
  const stamp = time === undefined ? '' : `&timestamp=${time}`;
  const res = await fetch(`${server.url}/osmand?id=${deviceId}&lat=${lat}&lon=${lng}${stamp}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { accepted: boolean; live?: boolean; reason?: string };
}

/** the town with the fewest grids, and the grid point of another town farthest from all of them */
function townAndElsewhere(): { town: string; points: LngLat[]; far: LngLat } {
  const all = towns();
  const town = all.sort((a, b) => geometry.gridPoints(a).length - geometry.gridPoints(b).length)[0];
  const points = geometry.gridPoints(town);
  let far: LngLat = points[0];
  let best = 0;
  for (const other of all.filter((t) => t !== town)) {
    for (const p of geometry.gridPoints(other)) {
      const nearest = Math.min(...points.map((q) => distanceM(p[0], p[1], q[0], q[1])));
      if (nearest > best) [best, far] = [nearest, p];
    }
  }
  expect(best).toBeGreaterThan(FAR_M);
  return { town, points, far };
}

describe('the wall’s map', () => {
  it('tints only the gaps, and turns a town’s grids red within 10 s of its responders leaving it', async () => {
    const { town, points, far } = townAndElsewhere();
    // nothing has a fix yet: every grid the wall was sent is red
    await expect
      .poll(async () => (await coverage())?.grids.length ?? 0, { timeout: 30_000 })
      .toBe(comprehensiveGrids());
    expect(new Set(await townBands(town))).toEqual(new Set(['red']));

    const units = (await admin.json<Unit[]>('/api/units'))
      .filter((u) => u.status === 'available' && P1_RESPONDERS.has(u.kind))
      .slice(0, PLACED);
    expect(units).toHaveLength(PLACED);
    const devices: string[] = [];
    for (const [k, unit] of units.entries()) {
      const id = `e2e-wall-${k}`;
      const res = await admin.post('/api/devices', { id, unitId: unit.id });
      expect(res.status).toBe(201);
      devices.push(id);
      const at = points[Math.floor((k * points.length) / PLACED)];
      expect(await report(id, at)).toEqual({ accepted: true, live: true });
    }
    await expect
      .poll(async () => (await townBands(town)).filter((b) => b === 'green').length, {
        timeout: 20_000
      })
      .toBeGreaterThan(0);
    // the wall tints the gaps only: a grid within reach is left clear, every amber and red one is filled
    const drawn = (await coverage())!.grids;
    expect(drawn.filter((g) => g.band === 'green' && g.filled)).toEqual([]);
    expect(drawn.filter((g) => g.band !== 'green' && !g.filled)).toEqual([]);

    // a far jump is taken on the third fix that agrees with it (the GPS filter's rule for a real move)
    const start = Date.now();
    for (const id of devices) {
      const answers = [];
      for (let k = 1; k <= 3; k++) answers.push(await report(id, far, start + k * 1000));
      expect(answers.at(-1)).toEqual({ accepted: true, live: true });
    }
    await expect
      .poll(async () => (await townBands(town)).filter((b) => b !== 'red').length, {
        timeout: 10_000,
        interval: 250
      })
      .toBe(0);
    // the jump is drawn as a short trail behind each unit that made it
    expect((await probe(page, 'trailsDrawn'))?.paths ?? 0).toBeGreaterThan(0);
  });

  it('flies to a new P1 from the API, rings it, ranks its units, and goes back after WALL_FOCUS_S', async () => {
    await expect.poll(async () => (await probe(page, 'mapView'))?.moving).toBe(false);
    const home = (await probe(page, 'mapView'))!;
    const [lng, lat] = geometry.gridPoints(towns()[0])[0];
    const res = await dispatcher.post('/api/incidents', {
      category: 'fire',
      priority: 1,
      lng,
      lat,
      source: 'hotline',
      description: '浏览器测试：大屏聚焦'
    });
    expect(res.status).toBe(201);
    const { id, gridCode } = (await res.json()) as { id: string; gridCode: string };

    await expect
      .poll(async () => (await probe(page, 'focusDrawn'))?.incidentId, { timeout: 20_000 })
      .toBe(id);
    const card = page.getByTestId('focus-card');
    expect(await card.getAttribute('data-incident-id', { timeout: 20_000 })).toBe(id);
    // the wall asked the server to rank units (read-only): the four placed in (a) still have fresh fixes
    await expect
      .poll(() => card.locator('[data-testid=focus-candidates] li').count(), { timeout: 8000 })
      .toBeGreaterThan(0);
    const near = async (to: LngLat) => {
      const view = await probe(page, 'mapView');
      return (
        !!view && !view.moving && distanceM(view.centre[0], view.centre[1], to[0], to[1]) < NEAR_M
      );
    };
    await expect.poll(() => near([lng, lat]), { timeout: 20_000 }).toBe(true);
    expect((await probe(page, 'mapView'))!.zoom).toBeGreaterThan(home.zoom);
    // grid names show at the focus zoom, thinned so that none runs into another, the P1's own grid's kept
    await expect.poll(() => probe(page, 'gridLabelsDrawn')).toContain(gridCode);
    const grids = district.features.filter((f) => f.properties.layer === 'grid').length;
    expect((await probe(page, 'gridLabelsDrawn')).length).toBeLessThan(grids);

    // the server's WALL_FOCUS_S (10 s, not the 45 s default) ends the turn; the wall frames the district again
    await expect
      .poll(async () => (await probe(page, 'focusDrawn')) === null && (await near(home.centre)), {
        timeout: FOCUS_S * 1000 + 20_000
      })
      .toBe(true);
    expect(Math.abs((await probe(page, 'mapView'))!.zoom - home.zoom)).toBeLessThan(0.2);
    expect(await card.count()).toBe(0);
  });

  it('keeps its layers when g, h or t is pressed: a kiosk has no desk controls', async () => {
    expect(await probe(page, 'trailsDrawn')).not.toBeNull();
    for (const key of ['g', 'h', 't']) await page.keyboard.press(key);
    // a moment for a switch to reach the layers, had there been one
    await page.waitForTimeout(1500);
    expect(await probe(page, 'historyDrawn')).toBeNull();
    expect(await probe(page, 'coverageDrawn')).not.toBeNull();
    expect(await probe(page, 'trailsDrawn')).not.toBeNull();
    expect(pageErrors).toEqual([]);
  });
});

describe('a desk’s map beside the wall', () => {
  it('aggregates the last 24 h of incidents into hexagons when h is pressed', async () => {
    const desk = await browser.newPage({
      viewport: { width: 1600, height: 1000 },
      locale: 'zh-CN'
    });
    desk.on('pageerror', (e) => pageErrors.push(`desk: ${e.message}`));
    await desk.goto(`${server.url}/login`);
    await signIn(desk, demoAccount(accounts, 'dispatcher'));
    await landsOn(desk, '/dispatch');
    await desk.waitForFunction(() => window.__gridwatch?.mapReady() === true, null, {
      timeout: 120_000
    });
    expect(await desk.getByTestId('map-layers').count()).toBe(1);
    await desk.keyboard.press('h');
    await expect
      .poll(async () => (await probe(desk, 'historyDrawn'))?.colorDomain ?? null, {
        timeout: 20_000
      })
      .not.toBeNull();
    const history = (await probe(desk, 'historyDrawn'))!;
    expect(history.days).toBe(1);
    expect(history.points).toBeGreaterThanOrEqual(1);
    // g switches a desk's blind spots on, tinted in every band: the grids around the units moved away are green
    await desk.keyboard.press('g');
    await expect
      .poll(async () => (await probe(desk, 'coverageDrawn'))?.grids.length ?? 0, {
        timeout: 20_000
      })
      .toBe(comprehensiveGrids());
    const grids = (await probe(desk, 'coverageDrawn'))!.grids;
    expect(grids.filter((g) => g.band === 'green').length).toBeGreaterThan(0);
    expect(grids.filter((g) => !g.filled)).toEqual([]);
    await desk.close();
    expect(pageErrors).toEqual([]);
  });
});
