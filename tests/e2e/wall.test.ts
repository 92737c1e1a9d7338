import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Incident, IncidentCategory, Priority } from '../../shared/domain.ts';
import type { DistrictCollection, LngLat } from '../../shared/district.ts';
import type { CoverageUpdate } from '../../shared/protocol.ts';
import type { Result } from '../../shared/result.ts';
import { ApiClient } from './api-client.ts';
import { launchChromium } from './chromium.ts';
import { screenshotPath } from './screenshots.ts';
import { DistrictGeometry } from './district-geometry.ts';
import { expectedFigures, lastEvent, readStore, type ExpectedFigures } from './kpi-expect.ts';
import { connectLive, type LiveSocket } from './live-socket.ts';
import { foreignRequests, probe } from './page-probes.ts';
import { ROOT, startServerProcess, type ServerProcess } from './server-process.ts';
import { demoAccount, landsOn, signIn } from './sign-in.ts';

/**
 * The wall's figures against the store. A scripted day runs through the API as the demo accounts — incidents of
 * every priority in three towns, offered, accepted, reached, resolved, one unit recalled after arriving — on a
 * server whose simulator is off (SIM=off: the force exists, nothing else moves), offers never time out, and P4's
 * SLA is a fraction of a second, so a P4 left waiting is overdue with all three deadlines breached by the time any
 * screen reads it (a screen refreshes a second after the last change). The wall is open at 1920×1080 while the
 * script runs, and must follow it live; then its figures (again at 3840×2160, and on the town leader's /town
 * strip) must equal what this test computes from the server's SQLite file itself (kpi-expect.ts) at the time the
 * screen's figures were computed. Coverage is compared with the `coverage:changed` picture the server sent a
 * desk's socket. The map is read from across the room too: at 3840×2160 a town's name and an incident's pin must be
 * at least 1.2 % of the screen's height (26 px), read from what the map's layers were handed (the sizesDrawn probe).
 * Screenshots go to tests/e2e/artifacts (docs/ with `npm run docs:screenshots`).
 * `POST /api/login` allows 10 attempts a minute per address: this file makes 3, and one kiosk sign-in.
 */

const CHUNXI = '320118001';
const GUBAI = '320118002';
const YAXI = '320118006';
const SCREENSHOT_4K = screenshotPath('screenshot-wall-4k.png');
const SCREENSHOT_HD = screenshotPath('screenshot-wall.png');
const SCREENSHOT_TOWN = screenshotPath('screenshot-town-kpis.png');
const UHD = { width: 3840, height: 2160 };
const HD = { width: 1920, height: 1080 };
/** a name or a pin this tall a share of the screen reads from 5 m */
const READABLE_SHARE = 0.012;

let server: ServerProcess;
let browser: Browser;
let geometry: DistrictGeometry;
let comprehensiveGrids = 0;
let townCount = 0;
let desk: LiveSocket;
let phone: LiveSocket;
let fieldUnit = '';
/** every blind-spot picture the desk's socket received, in order */
const coverage: CoverageUpdate[] = [];
const requested: string[] = [];
const pageErrors: string[] = [];
let wallPage: Page;

beforeAll(async () => {
  server = await startServerProcess({
    SIM: 'off',
    SIM_UNITS: '300',
    OFFER_TIMEOUT_S: '3600',
    OFFER_TIMEOUT_P1_S: '3600',
    // P4: 60 ms to dispatch, 120 ms to arrive, 180 ms to resolve
    SLA: '1/10/60,3/20/240,10/60/1440,0.001/0.002/0.003'
  });
  const accounts = server.demoAccounts();
  const district = (await (await fetch(`${server.url}/api/district`)).json()) as DistrictCollection;
  geometry = new DistrictGeometry(district);
  comprehensiveGrids = district.features.filter(
    (f) => f.properties.layer === 'grid' && f.properties.gridKind === 'comprehensive'
  ).length;
  townCount = district.features.filter((f) => f.properties.layer === 'town').length;
  const dispatcher = await ApiClient.signIn(server.url, demoAccount(accounts, 'dispatcher'));
  const field = demoAccount(accounts, 'field');
  fieldUnit = field.unitId!;
  desk = await connectLive(server.url, await dispatcher.socketToken());
  desk.on('coverage:changed', (u) => coverage.push(u));
  phone = await connectLive(
    server.url,
    await (await ApiClient.signIn(server.url, field)).socketToken()
  );
  browser = await launchChromium();
});

afterAll(async () => {
  desk?.close();
  phone?.close();
  await browser?.close();
  await server?.stop();
});

let n = 0;
const cid = () => `wall-test-${Date.now()}-${++n}`;

/** a request with a fresh commandId (a position report has none) and its ack; a refusal fails the test */
function ask<T>(socket: LiveSocket, event: string, payload: object, command = true): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${event}: no answer`)), 10_000);
    (socket.emit as (...a: unknown[]) => void)(
      event,
      command ? { commandId: cid(), ...payload } : payload,
      (res: Result<T>) => {
        clearTimeout(timer);
        if (res.ok) resolve(res.data);
        else reject(new Error(`${event}: ${res.error} ${res.message}`));
      }
    );
  });
}

function report(at: LngLat, priority: Priority, category: IncidentCategory): Promise<Incident> {
  return ask<Incident>(desk, 'incident:create', {
    category,
    priority,
    lng: at[0],
    lat: at[1],
    source: 'hotline',
    description: '大屏测试'
  });
}

/** the field unit takes the incident: offered by the desk, accepted on the phone, then its steps */
async function work(id: string, steps: Array<'en_route' | 'on_scene' | 'available'>) {
  await ask(desk, 'dispatch:assign', { incidentId: id, unitId: fieldUnit });
  await ask(phone, 'offer:respond', { incidentId: id, unitId: fieldUnit, accept: true });
  for (const status of steps) await ask(phone, 'unit:status', { unitId: fieldUnit, status });
}

/** Every figure on a screen, read at once with the time the screen's figures were computed. */
interface Shown {
  at: number;
  kpi: Record<string, { value: string; text: string }>;
  towns: Record<string, Record<string, string>>;
  hourly: Array<{ today: string; average: string }>;
  categories: Record<string, string>;
  ticker: Array<{ seq: string; type: string; incidentId: string }>;
}

async function shown(page: Page, atSelector: string): Promise<Shown> {
  return page.evaluate((sel) => {
    const kpi: Record<string, { value: string; text: string }> = {};
    for (const el of document.querySelectorAll<HTMLElement>('[data-testid=kpi]')) {
      kpi[el.dataset.kpi!] = {
        value: el.dataset.value ?? '',
        text: el.querySelector('[data-testid=kpi-text]')?.textContent?.trim() ?? ''
      };
    }
    const towns: Record<string, Record<string, string>> = {};
    for (const row of document.querySelectorAll<HTMLElement>('[data-testid=town-row]')) {
      const cells: Record<string, string> = {};
      for (const td of row.querySelectorAll<HTMLElement>('[data-col]'))
        cells[td.dataset.col!] = td.dataset.value ?? '';
      towns[row.dataset.townCode!] = cells;
    }
    const hourly = [
      ...document.querySelectorAll<HTMLElement>('[data-testid=hourly-table] tr[data-hour]')
    ].map((r) => ({ today: r.dataset.today ?? '', average: r.dataset.average ?? '' }));
    const categories: Record<string, string> = {};
    for (const r of document.querySelectorAll<HTMLElement>('[data-testid=category-table] tr'))
      categories[r.dataset.category!] = r.dataset.count ?? '';
    const ticker = [...document.querySelectorAll<HTMLElement>('[data-testid=ticker-line]')].map(
      (l) => ({
        seq: l.dataset.seq ?? '',
        type: l.dataset.type ?? '',
        incidentId: l.dataset.incidentId ?? ''
      })
    );
    const at = Number(document.querySelector<HTMLElement>(sel)?.dataset.at || 0);
    return { at, kpi, towns, hourly, categories, ticker };
  }, atSelector);
}

/** waits until the screen shows figures computed after `after` (epoch ms), and reads them */
async function figuresAfter(page: Page, atSelector: string, after: number): Promise<Shown> {
  await page.waitForFunction(
    ([sel, t]) =>
      Number(document.querySelector<HTMLElement>(sel as string)?.dataset.at || 0) > (t as number),
    [atSelector, after] as const,
    { timeout: 30_000 }
  );
  return shown(page, atSelector);
}

/** what makes a wall legible: the size of a headline figure, and nothing scrolled or cut off */
function layoutOf(page: Page) {
  return page.evaluate(() => {
    const big = document.querySelector('[data-kpi=reported-today] [data-testid=kpi-text]');
    const column = document.querySelector('[data-testid=wall-kpis]')!;
    return {
      bigPx: big ? parseFloat(getComputedStyle(big).fontSize) : 0,
      pageScrolls: document.documentElement.scrollHeight > innerHeight,
      columnCut: column.scrollHeight > column.clientHeight + 1,
      chineseFont: document.fonts.check('16px "Noto Sans SC"', '今日接报')
    };
  });
}

function count(s: Shown, name: string): number {
  const f = s.kpi[name];
  expect(f, `figure ${name} on screen`).toBeDefined();
  // the printed count is the raw one (Intl only groups thousands, and these are small)
  expect(Number(f.text.replace(/[,\s]/g, '')), `${name} as printed`).toBe(Number(f.value));
  return Number(f.value);
}

/** the figures that both screens show, against the store's */
function expectCommonFigures(s: Shown, e: ExpectedFigures) {
  for (const p of [1, 2, 3, 4] as const)
    expect(count(s, `open-p${p}`), `P${p}`).toBe(e.openByPriority[p]);
  expect(count(s, 'overdue')).toBe(e.overdue);
  expect(count(s, 'reported-today')).toBe(e.reportedToday);
  expect(count(s, 'breaches')).toBe(e.breaches);
  for (const step of ['dispatch', 'arrive', 'resolve'] as const) {
    const f = s.kpi[`${step}-median`];
    const want = e.steps[step];
    expect(f.value, `${step} median`).toBe(want.medianMs === null ? '' : String(want.medianMs));
  }
}

/** the picture the server had computed last when it answered the screen at `at` */
function coverageAt(at: number): CoverageUpdate {
  const last = coverage.filter((u) => u.at <= at).at(-1);
  if (!last) throw new Error(`no coverage picture before ${at}`);
  return last;
}

const within = (grids: CoverageUpdate['grids'], s: number) =>
  grids.filter((g) => g.etaS !== null && g.etaS <= s).length;

/** figures computed after this (epoch ms) show the whole script with every P4 deadline passed */
let settled = 0;

describe('the wall', () => {
  it('opens by its kiosk link with figures for an empty day', async () => {
    const wall = demoAccount(server.demoAccounts(), 'wall');
    const context = await browser.newContext({ viewport: HD, locale: 'zh-CN' });
    context.on('request', (r) => requested.push(r.url()));
    wallPage = await context.newPage();
    wallPage.on('websocket', (ws) => requested.push(ws.url()));
    wallPage.on('pageerror', (e) => pageErrors.push(`/wall: ${e.message}`));
    await wallPage.goto(`${server.url}${wall.kioskUrl!}`);
    await landsOn(wallPage, '/wall');
    const s = await figuresAfter(wallPage, '[data-testid=figures-state]', 0);
    expect(count(s, 'reported-today')).toBe(0);
    expect(s.kpi['dispatch-median'].text).toBe('—');
  });

  it('shows no desk controls: no layer switches, no language switch, no sign-out', async () => {
    for (const id of ['map-layers', 'account-menu', 'language-toggle', 'logout-button'])
      expect(await wallPage.getByTestId(id).count(), id).toBe(0);
    // the map's key, in the title line, names only the gaps the blind-spot layer tints
    const bands = wallPage.locator('[data-testid=wall-map-legend] [data-testid=legend-band]');
    expect(await bands.evaluateAll((ls) => ls.map((l) => (l as HTMLElement).dataset.band))).toEqual(
      ['amber', 'red']
    );
  });

  it('runs a scripted day through the API', async () => {
    const chunxi = geometry.gridPoints(CHUNXI);
    // the phone stands in 淳溪, far (another grid) from every incident: no arrival is detected for it
    const [lng, lat] = chunxi[0];
    await ask(
      phone,
      'unit:report',
      { unitId: fieldUnit, lng, lat, time: Date.now(), accuracyM: 8 },
      false
    );
    // the next blind-spot picture has 淳溪's grids around the phone within 5 minutes
    await expect
      .poll(() => coverage.some((u) => within(u.grids, 300) > 0), { timeout: 15_000 })
      .toBe(true);

    // first, so its deadlines (180 ms at most) have passed long before the script ends
    const petition = await report(geometry.gridPoints(YAXI)[4], 4, 'petition');
    const fire = await report(chunxi[3], 1, 'fire');
    await work(fire.id, ['on_scene', 'available']); // resolved by the unit
    const hazard = await report(chunxi[5], 4, 'safety_hazard');
    await work(hazard.id, ['en_route', 'on_scene']);
    await ask(desk, 'incident:transition', { incidentId: hazard.id, action: 'resolve' });
    const dispute = await report(chunxi[7], 2, 'dispute');
    await work(dispute.id, ['on_scene']);
    // recalled after it arrived: back in the queue, its arrival still counts
    await ask(desk, 'dispatch:withdraw', {
      incidentId: dispute.id,
      unitId: fieldUnit,
      reason: '改派'
    });

    // units nobody answers for: their offers stay open (OFFER_TIMEOUT_S=3600)
    const units = (await (await fetch(`${server.url}/healthz`)).json()) as { units: number };
    expect(units.units).toBe(300);
    const store = readStore(server.dataDir);
    const [a, b] = store.units.filter(
      (u) => u.status === 'available' && u.id !== fieldUnit && u.kind === 'patrol'
    );
    const traffic = await report(geometry.gridPoints(YAXI)[2], 3, 'traffic');
    await ask(desk, 'dispatch:assign', { incidentId: traffic.id, unitId: a.id });
    const injury = await report(geometry.gridPoints(GUBAI)[1], 1, 'injury');
    await ask(desk, 'dispatch:assign', { incidentId: injury.id, unitId: b.id });
    await report(chunxi[9], 3, 'fraud');
    settled = Math.max(Date.now(), petition.createdAt + 200);

    const after = readStore(server.dataDir);
    expect(after.incidents).toHaveLength(7);
    expect(after.incidents.filter((i) => i.status === 'resolved')).toHaveLength(2);
  });

  it('follows the script live and shows the figures the store gives', async () => {
    const s = await figuresAfter(wallPage, '[data-testid=figures-state]', settled);
    const e = expectedFigures(readStore(server.dataDir), s.at, null);
    expectCommonFigures(s, e);
    // the P4 petition waits past all three of its deadlines
    expect(e.breaches).toBeGreaterThanOrEqual(3);
    expect(e.overdue).toBeGreaterThanOrEqual(1);
    expect(e.steps.resolve.medianMs).not.toBeNull();
    expect(count(s, 'open-total')).toBe(e.openTotal);
    for (const step of ['dispatch', 'arrive', 'resolve'] as const) {
      const want = e.steps[step];
      const share = s.kpi[`${step}-share`].value;
      expect(share, `${step} share`).toBe(want.due ? String(want.onTime / want.due) : '');
    }
    expect(count(s, 'units-on-duty')).toBe(e.onDuty);
    expect(count(s, 'units-available')).toBe(e.available);
    for (const kind of ['patrol', 'security', 'grid_worker', 'volunteer', 'mediator'] as const)
      expect(count(s, `units-${kind}`), kind).toBe(e.byKind[kind] ?? 0);

    // coverage: only the phone has a fix (in 淳溪); the picture the server held when it answered
    const picture = coverageAt(s.at);
    expect(picture.grids).toHaveLength(comprehensiveGrids);
    const reach5 = within(picture.grids, 300);
    expect(s.kpi['coverage-5'].value).toBe(String(reach5 / comprehensiveGrids));
    expect(s.kpi['coverage-10'].value).toBe(
      String(within(picture.grids, 600) / comprehensiveGrids)
    );

    // the towns' table: every town, open and overdue from the store, available units where their fix is
    expect(Object.keys(s.towns)).toHaveLength(townCount);
    for (const [code, row] of Object.entries(s.towns)) {
      const t = e.towns.get(code) ?? { open: 0, overdue: 0 };
      expect(Number(row.open), `${code} open`).toBe(t.open);
      expect(Number(row.overdue), `${code} overdue`).toBe(t.overdue);
      expect(Number(row.available), `${code} available`).toBe(code === CHUNXI ? 1 : 0);
      const grids = picture.grids.filter((g) => g.townCode === code);
      expect(row.within5, `${code} 5 min`).toBe(String(within(grids, 300) / grids.length));
    }

    // the charts' numbers
    expect(s.hourly.map((h) => (h.today === '' ? null : Number(h.today)))).toEqual(e.hourlyToday);
    expect(s.hourly.every((h) => h.average === '0')).toBe(true);
    for (const [category, n] of Object.entries(s.categories))
      expect(Number(n), category).toBe(e.byCategory[category as IncidentCategory] ?? 0);
    await expect.poll(() => wallPage.locator('[data-testid=hourly-chart] canvas').count()).toBe(1);
    await expect
      .poll(() => wallPage.locator('[data-testid=category-chart] canvas').count())
      .toBe(1);

    // the ticker: the log's latest event on top
    const last = lastEvent(server.dataDir);
    await expect
      .poll(() => shown(wallPage, '[data-testid=figures-state]').then((x) => x.ticker[0]))
      .toEqual({ seq: String(last.seq), type: last.type, incidentId: last.incidentId });

    const layout = await layoutOf(wallPage);
    expect(layout.bigPx).toBeGreaterThanOrEqual(40);
    expect(layout.pageScrolls).toBe(false);
    expect(layout.columnCut).toBe(false);
    expect(layout.chineseFont).toBe(true);
    await wallPage.waitForFunction(() => window.__gridwatch?.mapReady() === true, null, {
      timeout: 60_000
    });
    mkdirSync(join(ROOT, 'docs'), { recursive: true });
    await wallPage.screenshot({ path: SCREENSHOT_HD });
  });

  it('scales to 3840×2160, legible from across the room, with the same figures and map', async () => {
    await wallPage.waitForFunction(() => window.__gridwatch?.mapReady() === true);
    const hd = (await probe(wallPage, 'sizesDrawn'))!;
    await wallPage.setViewportSize(UHD);
    // type follows the viewport: twice the size at twice the width
    await expect.poll(async () => (await layoutOf(wallPage)).bigPx).toBeGreaterThanOrEqual(80);
    const layout = await layoutOf(wallPage);
    expect(layout.pageScrolls).toBe(false);
    expect(layout.columnCut).toBe(false);
    const s = await shown(wallPage, '[data-testid=figures-state]');
    expectCommonFigures(s, expectedFigures(readStore(server.dataDir), s.at, null));
    // the map's names and pins grow with the screen like the panels' type: 26 px at 2160 px high
    const minPx = READABLE_SHARE * UHD.height;
    await expect
      .poll(async () => (await probe(wallPage, 'sizesDrawn'))?.townLabelPx ?? 0)
      .toBeGreaterThanOrEqual(minPx);
    const uhd = (await probe(wallPage, 'sizesDrawn'))!;
    expect(uhd.pinPx, 'the open incidents’ pins').not.toBeNull();
    expect(uhd.pinPx!).toBeGreaterThanOrEqual(minPx);
    expect(uhd.townLabelPx).toBeCloseTo(2 * hd.townLabelPx);
    expect(uhd.gridLabelPx).toBeCloseTo(2 * hd.gridLabelPx);
    expect(uhd.pinPx!).toBeCloseTo(2 * hd.pinPx!);
    await wallPage.screenshot({ path: SCREENSHOT_4K });
    await wallPage.context().close();
  });

  it("shows the town leader her town's figures on /town", async () => {
    const leader = demoAccount(server.demoAccounts(), 'leader-chunxi');
    const context = await browser.newContext({ viewport: HD, locale: 'zh-CN' });
    context.on('request', (r) => requested.push(r.url()));
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(`/town: ${e.message}`));
    await page.goto(`${server.url}/login`);
    await signIn(page, leader);
    await landsOn(page, '/town');

    const s = await figuresAfter(page, '[data-testid=town-kpis]', settled);
    expectCommonFigures(s, expectedFigures(readStore(server.dataDir), s.at, [CHUNXI]));
    // her units: those standing in 淳溪 (the phone, available again) or working her incidents (none now)
    expect(count(s, 'units-on-duty')).toBe(1);
    const grids = coverageAt(s.at).grids.filter((g) => g.townCode === CHUNXI);
    expect(s.kpi['coverage-5'].value).toBe(String(within(grids, 300) / grids.length));

    // the strip folds away and back
    await page.getByTestId('town-kpis-toggle').click();
    await expect
      .poll(() => page.locator('[data-testid=town-kpis] [data-testid=kpi]').count())
      .toBe(0);
    await page.getByTestId('town-kpis-toggle').click();
    await expect
      .poll(() => page.locator('[data-testid=town-kpis] [data-testid=kpi]').count())
      .toBeGreaterThan(0);

    await page.waitForFunction(() => window.__gridwatch?.mapReady() === true, null, {
      timeout: 60_000
    });
    await page.screenshot({ path: SCREENSHOT_TOWN });
    await context.close();
  });

  it('loads nothing from outside its own origin and throws nothing', () => {
    expect(foreignRequests(requested, server.url).foreign).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
