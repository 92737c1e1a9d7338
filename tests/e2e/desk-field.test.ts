import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { LocationRequested, PositionReport, TrackPoint } from '../../shared/commands.ts';
import type { Unit } from '../../shared/domain.ts';
import { ApiClient } from './api-client.ts';
import { connectLive, type LiveSocket } from './live-socket.ts';
import { launchChromium } from './chromium.ts';
import { screenshotPath } from './screenshots.ts';
import { mapReady, probe } from './page-probes.ts';
import {
  ROOT,
  startServerProcess,
  type DemoAccount,
  type ServerProcess
} from './server-process.ts';
import { demoAccount, landsOn, signIn } from './sign-in.ts';

/**
 * The dispatcher's side of the field work in a real browser against the real server: a unit's card opened by
 * clicking its marker, its track drawn on the map, and a request for a fresh fix that the unit's phone answers.
 * The phone is this test, signed in as the demo field account over its own socket: it takes its unit off duty
 * first (the simulator then stops reporting for it, so every fix after that is the test's), sends the fixes it
 * "kept while offline" as a backlog, and answers `location:requested` with a `unit:report`.
 * `POST /api/login` allows 10 attempts a minute per address: this file makes 4.
 */

const SCREENSHOT = screenshotPath('screenshot-track.png');
const VIEWPORT = { width: 1600, height: 1000 };
/** one metre of latitude in degrees */
const METRE = 1 / 111_195;
/** no other marker this close to the unit on the page, so a click (picking within 6 px) hits the unit alone */
const CLEARANCE_PX = 16;
/** the map left open by the incident list, the top bar, the unit's card and the legend, in page pixels */
/** a 2 × 1 PNG, red then blue */
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAADUlEQVR4nGP4zwAE/wEHAAH/4iOeWQAAAABJRU5ErkJggg==',
  'base64'
);
const PHOTO_WIDTH = 2;
const OPEN_MAP = { left: 380, right: 1260, top: 120, bottom: 920 };
const MAP_MIDDLE: [number, number] = [820, 520];

let server: ServerProcess;
let browser: Browser;
let page: Page;
let desk: ApiClient;
let fieldApi: ApiClient;
let field: LiveSocket;
let unitId = '';
/** the late fixes the phone sent, oldest first */
let backlog: PositionReport[] = [];
const requests: LocationRequested[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  // a smaller force than the other browser files: SwiftShader draws every unit, and one unit is all this needs
  server = await startServerProcess({ SIM_UNITS: '300' });
  const accounts = server.demoAccounts();
  const fieldAccount = demoAccount(accounts, 'field');
  if (!fieldAccount.unitId) throw new Error('demo field account has no unit');
  unitId = fieldAccount.unitId;
  fieldApi = await ApiClient.signIn(server.url, fieldAccount);
  // the simulator's first reports are spread over one cadence: wait for the unit's
  await vi.waitFor(ownFix, { timeout: 30_000, interval: 250 });
  field = await connectLive(server.url, await fieldApi.socketToken());
  field.on('location:requested', (req) => requests.push(req));
  // before the simulator's first incidents are dispatched (45 s at the earliest), so the unit is still free
  const off = await field.timeout(10_000).emitWithAck('unit:status', {
    commandId: `e2e-off-${Date.now()}`,
    unitId,
    status: 'off_duty'
  });
  if (!off.ok) throw new Error(`taking the field unit off duty: ${off.error} ${off.message}`);

  const dispatcher = demoAccount(accounts, 'dispatcher');
  desk = await ApiClient.signIn(server.url, dispatcher);
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN' });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${server.url}/dispatch`);
  await landsOn(page, '/login');
  await signIn(page, dispatcher);
  await landsOn(page, '/dispatch');
  await mapReady(page);
});

afterAll(async () => {
  field?.close();
  await browser?.close();
  await server?.stop();
});

/** a session cookie of its own, for the one request ApiClient cannot make: a photo's raw bytes */
async function sessionCookie(account: DemoAccount): Promise<string> {
  const res = await fetch(`${server.url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: account.username, password: account.password })
  });
  expect(res.status).toBe(200);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('gw_session='));
  if (!cookie) throw new Error(`sign in as ${account.username}: no gw_session cookie`);
  return cookie;
}

/** uploads a small PNG as a phone does and answers its id */
async function uploadPhoto(cookie: string): Promise<string> {
  const res = await fetch(`${server.url}/api/photos`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'image/png' },
    body: PHOTO
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

/** the unit's last fix as its own phone account reads it */
async function ownFix(): Promise<NonNullable<Unit['fix']>> {
  const units = await fieldApi.json<Unit[]>('/api/units');
  const fix = units.find((u) => u.id === unitId)?.fix;
  if (!fix) throw new Error(`unit ${unitId} has no fix`);
  return fix;
}

async function trackPoints(): Promise<TrackPoint[]> {
  const to = Date.now();
  const res = await desk.json<{ points: TrackPoint[] }>(
    `/api/units/${unitId}/track?from=${to - 3_600_000}&to=${to}`
  );
  return res.points;
}

/** where the unit is on the page, once the camera stands still */
async function pointOf(id: string): Promise<[number, number]> {
  let at: [number, number] | null = null;
  const read = async () =>
    (at = await page.evaluate((u) => window.__gridwatch!.unitScreenPoint(u), id));
  await expect.poll(read, { timeout: 30_000 }).not.toBeNull();
  return at as unknown as [number, number];
}

/** where the unit is once the camera has stopped: the same point read twice in a row */
async function settledPointOf(id: string): Promise<[number, number]> {
  let last = '';
  await expect
    .poll(
      async () => {
        const now = JSON.stringify(await pointOf(id));
        const same = now === last;
        last = now;
        return same;
      },
      { timeout: 30_000 }
    )
    .toBe(true);
  return JSON.parse(last) as [number, number];
}

/** page pixels from the unit to the nearest other thing a click could pick there (a unit or a pin) */
function clearance(id: string): Promise<number> {
  return page.evaluate((u) => {
    const g = window.__gridwatch!;
    const me = g.unitScreenPoint(u);
    if (!me) return 0;
    const others = [
      ...g
        .unitsDrawnList()
        .filter((d) => d.id !== u)
        .map((d) => g.unitScreenPoint(d.id)),
      ...g.incidentsDrawnList().map((i) => g.incidentScreenPoint(i.id))
    ];
    let nearest = Infinity;
    for (const p of others)
      if (p) nearest = Math.min(nearest, Math.hypot(p[0] - me[0], p[1] - me[1]));
    return nearest;
  }, id);
}

/**
 * Drags the unit into the open map when a panel covers it, zooms in with the wheel over it while other markers
 * crowd it, and clicks it, as a dispatcher would. SwiftShader draws slowly, so each mouse event costs: the drag
 * takes few steps and the wheel turns in bursts (zooming about the cursor keeps the unit under it).
 */
async function clickUnit(id: string): Promise<void> {
  const [x0, y0] = await pointOf(id);
  if (x0 < OPEN_MAP.left || x0 > OPEN_MAP.right || y0 < OPEN_MAP.top || y0 > OPEN_MAP.bottom) {
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    await page.mouse.move(MAP_MIDDLE[0], MAP_MIDDLE[1], { steps: 3 });
    await page.mouse.up();
  }
  let [x, y] = await settledPointOf(id);
  for (let i = 0; i < 8 && (await clearance(id)) < CLEARANCE_PX; i++) {
    await page.mouse.move(x, y);
    for (let turn = 0; turn < 3; turn++) await page.mouse.wheel(0, -2000);
    [x, y] = await settledPointOf(id);
  }
  expect(await clearance(id)).toBeGreaterThanOrEqual(CLEARANCE_PX);
  await page.mouse.click(x, y);
}

describe('the desk and a unit in the field', () => {
  it("opens a unit's card by clicking its marker", async () => {
    await clickUnit(unitId);
    const card = page.getByTestId('unit-detail');
    await expect.poll(() => card.getAttribute('data-unit-id'), { timeout: 30_000 }).toBe(unitId);
    expect(await page.getByTestId('unit-kind').textContent()).toBe('网格员');
    await expect
      .poll(() => page.getByTestId('unit-status').getAttribute('data-status'))
      .toBe('off_duty');
    expect(await page.getByTestId('unit-fix-age').textContent()).toMatch(/\d+ (秒|分钟)前/);
    expect(await page.getByTestId('unit-speed').textContent()).toMatch(/^\d+ km\/h$/);
  });

  it("draws the unit's track, fixes kept while offline included, and clears it", async () => {
    // a walk north to where the unit stands now, sent late as a phone does after a dead zone
    const fix = await ownFix();
    // minutes before the server started, so the simulator's points do not fall in between
    backlog = [4, 3, 2, 1].map((k) => ({
      unitId,
      lng: fix.lng,
      lat: fix.lat - k * 100 * METRE,
      time: fix.time - (5 + k) * 60_000,
      speedMps: 1.6,
      accuracyM: 10
    }));
    const sent = await field.timeout(10_000).emitWithAck('unit:backlog', backlog);
    expect(sent).toEqual({ ok: true, data: { live: 0, history: 4, rejected: {} } });

    // history is written in batches: wait until the server has them
    let kept: TrackPoint[] = [];
    await expect
      .poll(
        async () => {
          kept = await trackPoints();
          return backlog.every((b) => kept.some((p) => p.time === b.time));
        },
        { timeout: 30_000 }
      )
      .toBe(true);

    await page.locator('[data-testid=track-button][data-hours="1"]').click();
    const status = page.getByTestId('track-status');
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 30_000 }).toBe('ready');
    await expect
      .poll(() => probe(page, 'trackDrawn'))
      .toSatisfy((t: { unitId: string; points: number } | null) => t?.unitId === unitId);
    const drawn = (await probe(page, 'trackDrawn'))!;
    expect(drawn.points).toBeGreaterThanOrEqual(kept.length);
    expect(drawn.paths).toBeGreaterThanOrEqual(1);
    // consecutive paths share their joining vertex: every point is a vertex at least once
    expect(drawn.vertices).toBeGreaterThanOrEqual(drawn.points);
    expect(Number(await status.getAttribute('data-points'))).toBe(drawn.points);
    expect(await status.textContent()).toContain(`${drawn.points} 个点`);
    expect(await page.getByTestId('track-legend').textContent()).toContain('步行');

    await page.getByTestId('track-clear').click();
    await expect.poll(() => probe(page, 'trackDrawn')).toBeNull();
    expect(await page.getByTestId('track-status').count()).toBe(0);
  });

  it('asks the phone for a fresh fix and shows its answer', async () => {
    await page.locator('[data-testid=track-button][data-hours="8"]').click();
    await expect.poll(() => probe(page, 'trackDrawn'), { timeout: 30_000 }).not.toBeNull();

    const asked = requests.length;
    await page.getByTestId('locate-button').click();
    await expect.poll(() => requests.length, { timeout: 15_000 }).toBe(asked + 1);
    // the phone is told who asked by name: the demo dispatcher's display name
    expect(requests[asked]).toMatchObject({ unitId, by: '王建国' });
    const state = page.getByTestId('locate-status');
    await expect.poll(() => state.getAttribute('data-state'), { timeout: 15_000 }).toBe('waiting');
    expect(await state.textContent()).toBe('已请求，等待回应…');

    const fix = await ownFix();
    const answer: PositionReport = {
      unitId,
      lng: fix.lng + 8 * METRE,
      lat: fix.lat,
      time: Date.now(),
      speedMps: 0,
      accuracyM: 6
    };
    const res = await field.timeout(10_000).emitWithAck('unit:report', answer);
    expect(res.ok).toBe(true);
    await expect.poll(() => state.getAttribute('data-state'), { timeout: 30_000 }).toBe('updated');
    expect(await state.textContent()).toMatch(/^已更新（\d+ 秒前）$/);
    // the card now reads the answered fix (or, should the simulator have put the unit back on duty, a later one)
    const fixTime = Number(await page.getByTestId('unit-fix-age').getAttribute('data-fix-time'));
    expect(fixTime).toBeGreaterThanOrEqual(answer.time);

    // the card, its track and the answered request, for the README; the camera has settled on the track
    await expect
      .poll(() => page.evaluate((u) => window.__gridwatch!.unitScreenPoint(u), unitId))
      .not.toBeNull();
    mkdirSync(join(ROOT, 'docs'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
  });

  it('shows a report sent late with the time it was made and its photo, large on a click', async () => {
    const fieldAccount = demoAccount(server.demoAccounts(), 'field');
    const photoId = await uploadPhoto(await sessionCookie(fieldAccount));
    const fix = await ownFix();
    const pressedAt = Date.now() - 3 * 60_000;
    const created = await field.timeout(10_000).emitWithAck('incident:create', {
      commandId: `e2e-report-${Date.now()}`,
      category: 'safety_hazard',
      priority: 3,
      lng: fix.lng,
      lat: fix.lat,
      source: 'grid_worker',
      description: '浏览器测试：井盖缺失（离线时上报）',
      photos: [photoId],
      pressedAt
    });
    if (!created.ok) throw new Error(`field report: ${created.error} ${created.message}`);

    const row = page.locator(`[data-testid=incident-row][data-incident-id="${created.data.id}"]`);
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    await row.click();
    const reported = page.locator('[data-testid=timeline-entry][data-type=reported]');
    await expect.poll(() => reported.count(), { timeout: 15_000 }).toBe(1);
    const times = reported.getByTestId('timeline-time');
    expect(await times.getAttribute('data-pressed')).toBe('true');
    // when the person pressed it, on Shanghai's clock, then when it arrived
    const pressed = new Intl.DateTimeFormat('zh-CN', {
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZone: 'Asia/Shanghai'
    }).format(pressedAt);
    expect(await times.textContent()).toMatch(
      new RegExp(`${pressed} 现场操作 · \\d\\d:\\d\\d:\\d\\d 送达$`)
    );

    const thumb = reported.locator(`[data-testid=timeline-photo][data-photo-id="${photoId}"]`);
    await expect.poll(() => thumb.count()).toBe(1);
    await thumb.click();
    const large = page.getByTestId('photo-large');
    // the image really came back from the server: a broken image has no natural size
    await expect
      .poll(() => large.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), {
        timeout: 15_000
      })
      .toBe(PHOTO_WIDTH);
    // Esc closes the photo and leaves the incident open
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('photo-viewer').count()).toBe(0);
    expect(await page.getByTestId('incident-panel').getAttribute('data-incident-id')).toBe(
      created.data.id
    );
  });

  it('says so when no phone of the unit is connected', async () => {
    field.close();
    const button = page.getByTestId('locate-button');
    const state = page.getByTestId('locate-status');
    await button.click();
    // the server may take a moment to see the phone gone: a request it still sent to the phone is asked again
    await expect
      .poll(
        async () => {
          const now = await state.getAttribute('data-state');
          if (now === 'waiting') await button.click();
          return now;
        },
        { timeout: 15_000 }
      )
      .toBe('no_phone');
    expect(await state.textContent()).toBe('该力量手机不在线');
    expect(pageErrors).toEqual([]);
  });
});
