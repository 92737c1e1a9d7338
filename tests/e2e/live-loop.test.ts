import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol.ts';
import type { DistrictCollection } from '../../shared/district.ts';
import type { GridwatchProbes } from '../../client/src/lib/probes.ts';
import { launchChromium } from './chromium.ts';
import { screenshotPath } from './screenshots.ts';
import { ApiClient } from './api-client.ts';
import { ROOT, startServerProcess, type ServerProcess } from './server-process.ts';
import { assignUntil, foreignRequests } from './page-probes.ts';
import { demoAccount, landsOn, signIn } from './sign-in.ts';

/**
 * The whole live loop in a real browser against the real server and its simulator: the district and moving units
 * on the map, an incident created through the form, its ranked units, an assignment and the statuses that follow.
 * The page signs in as the demo dispatcher; the test's own calls (a hotline report, a second dispatcher's socket)
 * use a second session of the same account. The steps share one page and run in order.
 */

const SCREENSHOT = screenshotPath('screenshot-dispatch.png');
const VIEWPORT = { width: 1600, height: 1000 };
/** statuses at or after `dispatched`, as the panel shows them */
const AFTER_DISPATCH = ['dispatched', 'accepted', 'en_route', 'on_scene', 'resolved', 'closed'];
const AFTER_ACCEPT = ['en_route', 'on_scene', 'resolved', 'closed'];

let server: ServerProcess;
let api: ApiClient;
let browser: Browser;
let page: Page;
let district: DistrictCollection;
const requested: string[] = [];
const pageErrors: string[] = [];
let incidentId = '';

type NumberProbe = {
  [K in keyof GridwatchProbes]: GridwatchProbes[K] extends () => number ? K : never;
}[keyof GridwatchProbes];

const probe = (name: NumberProbe) =>
  page.evaluate((n) => (window.__gridwatch as GridwatchProbes)[n](), name);

beforeAll(async () => {
  server = await startServerProcess();
  const dispatcher = demoAccount(server.demoAccounts(), 'dispatcher');
  api = await ApiClient.signIn(server.url, dispatcher);
  district = (await (await fetch(`${server.url}/api/district`)).json()) as DistrictCollection;
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN' });
  // context-wide, so requests made by workers count too
  context.on('request', (r) => requested.push(r.url()));
  page = await context.newPage();
  page.on('websocket', (ws) => requested.push(ws.url()));
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${server.url}/dispatch`);
  await landsOn(page, '/login');
  await signIn(page, dispatcher);
  await landsOn(page, '/dispatch');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** An incident from outside the page, as a hotline integration would send it. */
async function postIncident(body: {
  category: string;
  priority: number;
  lng: number;
  lat: number;
}): Promise<{ id: string }> {
  const res = await api.post('/api/incidents', {
    ...body,
    source: 'hotline',
    description: '浏览器测试：外部上报'
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string };
}

describe('dispatch desk, live', () => {
  it('draws the district grids from /api/district', async () => {
    const grids = district.features.filter((f) => f.properties.layer === 'grid').length;
    expect(grids).toBeGreaterThan(0);
    await page.waitForFunction(() => window.__gridwatch?.mapReady() === true, null, {
      timeout: 120_000
    });
    expect(await probe('gridsDrawn')).toBe(grids);
    // MapLibre's canvas for the boundaries and deck.gl's canvas above it
    expect(await page.locator('[data-testid=map] canvas').count()).toBeGreaterThanOrEqual(2);
    await expect
      .poll(() => page.getAttribute('[data-testid=connection]', 'data-status'))
      .toBe('online');
  });

  it('draws units that move between two reads', async () => {
    await page.waitForFunction(() => (window.__gridwatch?.unitsDrawn() ?? 0) > 0, null, {
      timeout: 60_000
    });
    const before = await probe('unitPositionDigest');
    await page.waitForFunction((d) => window.__gridwatch?.unitPositionDigest() !== d, before, {
      timeout: 60_000
    });
    expect(await probe('unitsDrawn')).toBeGreaterThan(100);

    // the whole district, as a dispatcher first sees it
    mkdirSync(join(ROOT, 'docs'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
  });

  it('renders Chinese text with the bundled Noto Sans SC', async () => {
    expect(await page.locator('h1').textContent()).toContain('网格指挥');
    const font = await page.evaluate(async () => {
      await document.fonts.ready;
      return {
        check: document.fonts.check('16px "Noto Sans SC"', '淳溪'),
        loaded: [...document.fonts].filter(
          (f) => f.family.replace(/["']/g, '') === 'Noto Sans SC' && f.status === 'loaded'
        ).length
      };
    });
    expect(font.check).toBe(true);
    expect(font.loaded).toBeGreaterThan(0);
  });

  it('picks a location on the map and creates an incident that appears in the list', async () => {
    const grid = district.features.find(
      (f) => f.properties.layer === 'grid' && f.properties.gridKind === 'comprehensive'
    );
    if (!grid) throw new Error('district has no comprehensive grid');
    const [lng, lat] = grid.properties.labelAt;

    await page.getByTestId('new-incident-button').click();
    await page.mouse.click(1000, 520);
    await expect.poll(() => page.getByTestId('form-lng').inputValue()).not.toBe('');
    expect(Number(await page.getByTestId('form-lat').inputValue())).toBeGreaterThan(0);

    // the label point of a known grid, so the grid and town the server derives are known too
    await page.getByTestId('form-lng').fill(String(lng));
    await page.getByTestId('form-lat').fill(String(lat));
    await page.getByTestId('form-category').selectOption('dispute');
    await page.getByTestId('form-priority').selectOption('1');
    await page.getByTestId('form-description').fill('浏览器测试：邻里噪音纠纷');
    await page.getByTestId('form-submit').click();

    const panel = page.getByTestId('incident-panel');
    await expect
      .poll(() => panel.getAttribute('data-incident-id'), { timeout: 30_000 })
      .toBeTruthy();
    incidentId = (await panel.getAttribute('data-incident-id')) as string;
    const row = page.locator(`[data-testid=incident-row][data-incident-id="${incidentId}"]`);
    await expect.poll(() => row.count()).toBe(1);
    await expect.poll(() => row.textContent()).toContain('矛盾纠纷');
    expect(await row.textContent()).toContain(grid.properties.name);
    expect(await page.getByTestId('panel-grid').textContent()).toBe(grid.properties.name);
    const town = district.features.find(
      (f) => f.properties.layer === 'town' && f.properties.code === grid.properties.townCode
    );
    expect(await page.getByTestId('panel-town').textContent()).toBe(town?.properties.name);
    expect(await page.getByTestId('incident-status').textContent()).toBe('待派遣');
    expect(await probe('incidentsDrawn')).toBeGreaterThan(0);
  });

  it('opens the incident and shows up to five ranked units with reasons', async () => {
    await page.locator(`[data-testid=incident-row][data-incident-id="${incidentId}"]`).click();
    const recs = page.getByTestId('recommendation');
    await expect.poll(() => recs.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await recs.count()).toBeLessThanOrEqual(5);
    const reasons = await page.getByTestId('recommendation-reasons').allTextContents();
    for (const r of reasons) expect(r).toMatch(/\d+(\.\d)? k?m · ≈\d+ 分钟/);
  });

  it('selects an incident by clicking its pin on the map', async () => {
    await page.getByTestId('panel-close').click();
    await expect.poll(() => page.getByTestId('incident-panel').count()).toBe(0);
    let point: [number, number] | null = null;
    await expect
      .poll(
        async () =>
          (point = await page.evaluate(
            (id) => window.__gridwatch!.incidentScreenPoint(id),
            incidentId
          )),
        { timeout: 30_000 }
      )
      .not.toBeNull();
    const [x, y] = point as unknown as [number, number];
    await page.mouse.click(x, y);
    await expect
      .poll(() => page.getByTestId('incident-panel').getAttribute('data-incident-id'), {
        timeout: 30_000
      })
      .toBe(incidentId);
    await expect
      .poll(() => page.getByTestId('recommendation').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
  });

  it('assigns a unit and follows the status as the simulated unit drives there', async () => {
    const status = page.getByTestId('incident-status');
    await assignUntil(page, AFTER_DISPATCH);
    expect(AFTER_DISPATCH).toContain(await status.getAttribute('data-status'));
    expect(await status.textContent()).not.toBe('待派遣');

    const row = page.locator(`[data-testid=incident-row][data-incident-id="${incidentId}"]`);
    await expect
      .poll(() => row.getByTestId('incident-row-status').textContent())
      .not.toBe('待派遣');

    // the offer waits for the simulated unit's answer (待接受); once it accepts it reports en route at its next
    // fix. It may decline or stay silent (SIM_ANSWERS=realistic): then the server offers the next unit itself.
    await expect
      .poll(() => status.getAttribute('data-status'), { timeout: 150_000, interval: 500 })
      .toSatisfy((s: string | null) => AFTER_ACCEPT.includes(s ?? ''));
    expect(['赶赴中', '已到场', '已办结', '已关闭']).toContain(await status.textContent());
  }, 240_000);

  it("shows the server's reason when an assignment is refused", async () => {
    const grid = district.features.filter((f) => f.properties.layer === 'grid')[1];
    const [lng, lat] = grid.properties.labelAt;
    const created = await postIncident({ category: 'safety_hazard', priority: 3, lng, lat });
    const row = page.locator(`[data-testid=incident-row][data-incident-id="${created.id}"]`);
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    await row.click();
    const first = page.getByTestId('recommendation').first();
    await expect.poll(() => first.count(), { timeout: 30_000 }).toBe(1);
    const unitId = (await first.getAttribute('data-unit-id')) as string;

    // another dispatcher takes the unit first
    const other: Socket<ServerToClientEvents, ClientToServerEvents> = io(server.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: { token: await api.socketToken() }
    });
    try {
      const res = await other.timeout(10_000).emitWithAck('dispatch:assign', {
        commandId: `e2e${Date.now()}`,
        incidentId: created.id,
        unitId
      });
      expect(res.ok).toBe(true);
    } finally {
      other.close();
    }

    await page.locator(`[data-testid=assign-button][data-unit-id="${unitId}"]`).click();
    const error = page.getByTestId('assign-error');
    await expect.poll(() => error.count(), { timeout: 30_000 }).toBe(1);
    expect(await error.textContent()).toContain('该力量当前不可调派');
  });

  it('catches up on a change it missed while disconnected', async () => {
    const grid = district.features.find((f) => f.properties.layer === 'grid');
    const [lng, lat] = grid!.properties.labelAt;
    const syncs = await probe('syncs');
    await page.context().setOffline(true);
    await expect
      .poll(() => page.getAttribute('[data-testid=connection]', 'data-status'), { timeout: 60_000 })
      .not.toBe('online');

    const missed = await postIncident({ category: 'fire', priority: 2, lng, lat });

    await page.context().setOffline(false);
    await expect
      .poll(() => page.getAttribute('[data-testid=connection]', 'data-status'), { timeout: 60_000 })
      .toBe('online');
    const row = page.locator(`[data-testid=incident-row][data-incident-id="${missed.id}"]`);
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    expect(await row.textContent()).toContain('火情');
    expect(await probe('syncs')).toBeGreaterThan(syncs);
    // it said where it was, so the server replayed what it missed instead of sending everything
    expect(await page.evaluate(() => window.__gridwatch!.lastSync())).toBe('events');
  });

  it('ranks by the dispatch rules the admin edits on /admin, saying why in Chinese', async () => {
    const grid = district.features.filter((f) => f.properties.layer === 'grid')[2];
    const [lng, lat] = grid.properties.labelAt;
    const fire = await postIncident({ category: 'fire', priority: 1, lng, lat });
    const row = page.locator(`[data-testid=incident-row][data-incident-id="${fire.id}"]`);
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    await row.click();
    const firstReasons = () => page.getByTestId('recommendation-reasons').first().textContent();
    // by default a P1 fire goes to patrol, security and grid workers first
    await expect
      .poll(firstReasons, { timeout: 30_000 })
      .toMatch(/^火情 P1 首派：(巡逻|保安|网格员) · /);

    const admin = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN' });
    try {
      const p = await admin.newPage();
      await p.goto(`${server.url}/admin`);
      await landsOn(p, '/login');
      await signIn(p, demoAccount(server.demoAccounts(), 'admin'));
      await landsOn(p, '/admin');
      const band = p.locator(
        '[data-testid=category-rule][data-category=fire] [data-testid=category-band][data-priority="1"]'
      );
      const kind = (k: string) => band.locator(`[data-testid=category-kind][data-kind=${k}]`);
      for (const k of ['patrol', 'security', 'grid_worker']) await kind(k).uncheck();
      // nobody would rank first: said in Chinese, and it cannot be saved
      await expect
        .poll(() => p.getByTestId('category-missing').textContent())
        .toBe('火情 P1 紧急 至少要选一种首派力量');
      expect(await p.getByTestId('category-rules-save').isDisabled()).toBe(true);
      await kind('volunteer').check();
      await p.getByTestId('category-rules-save').click();
      await expect.poll(() => p.getByTestId('category-rules-saved').count()).toBe(1);
      expect(await p.getByTestId('category-rules-version').textContent()).toMatch(/^第 1 版 · /);

      // the desk's next ranking follows, with no restart
      await page.locator('[data-testid=recommendations] .refresh').click();
      await expect.poll(firstReasons, { timeout: 30_000 }).toMatch(/^火情 P1 首派：志愿者 · /);
      const lines = page.locator('[data-testid=recommendation]');
      const flags = await lines.evaluateAll((els) => els.map((e) => e.dataset.firstLine));
      // first-line units first, any others after them
      expect(flags.join()).toMatch(/^(true,)*true(,false)*$/);

      // the defaults back, for what runs after
      await p.getByTestId('category-rules-defaults').click();
      await p.getByTestId('category-rules-save').click();
      await expect
        .poll(() => p.getByTestId('category-rules-version').getAttribute('data-version'))
        .toBe('2');
    } finally {
      await admin.close();
    }
  });

  it('requests nothing outside its own origin', () => {
    const { network, foreign } = foreignRequests(requested, server.url);
    expect(network.length).toBeGreaterThan(0);
    expect(foreign).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
