import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { OPEN_STATUSES, type Incident } from '../../shared/domain.ts';
import type { LngLat } from '../../shared/district.ts';
import { launchChromium } from './chromium.ts';
import { screenshotPath } from './screenshots.ts';
import { DistrictGeometry, bbox } from './district-geometry.ts';
import { assignUntil, foreignRequests, mapReady, probe } from './page-probes.ts';
import {
  ROOT,
  startServerProcess,
  type DemoAccount,
  type ServerProcess
} from './server-process.ts';
import { demoAccount, landsOn, signIn } from './sign-in.ts';

/**
 * Every demo role in a real browser against the real server: each signs in through /login (the wall through its
 * kiosk link), lands on its own screen and sees what its scope allows — compared with what the server gives the
 * commander. Then the admin screen, ending a live session from it, signing out, and the English login page.
 * One server for the file; each role gets its own browser context (its own cookie). The steps run in order.
 * `POST /api/login` allows 10 attempts a minute per address: this file makes 8.
 */

const YAXI = '320118006';
const CHUNXI = '320118001';
const VIEWPORT = { width: 1600, height: 1000 };
const TOWN_SCREENSHOT = screenshotPath('screenshot-town.png');
const ADMIN_SCREENSHOT = screenshotPath('screenshot-admin.png');
const DEMO_USERNAMES = [
  'admin',
  'commander',
  'dispatcher',
  'field',
  'leader-chunxi',
  'leader-yaxi',
  'wall'
];
const AFTER_DISPATCH = ['dispatched', 'accepted', 'en_route', 'on_scene', 'resolved', 'closed'];

interface Screen {
  context: BrowserContext;
  page: Page;
}

let server: ServerProcess;
let browser: Browser;
let accounts: DemoAccount[];
let district: DistrictGeometry;
const requested: string[] = [];
const pageErrors: string[] = [];

/** the commander's browser context, kept for reading the server as the commander sees it */
let commander: Screen;
/** leader-yaxi's screen, kept open until the admin ends her session */
let leader: Screen;
let yaxiSeeded = '';
let chunxiSeeded = '';
let commanderUnits = 0;
/** the dispatcher's desk, kept open to watch an integration's incident arrive */
let dispatcher: Screen;
let reporterIncident = '';

beforeAll(async () => {
  server = await startServerProcess();
  accounts = server.demoAccounts();
  district = await DistrictGeometry.fetch(server.url);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(path: string): Promise<Screen> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN' });
  // context-wide, so requests made by workers count too
  context.on('request', (r) => requested.push(r.url()));
  const page = await context.newPage();
  page.on('websocket', (ws) => requested.push(ws.url()));
  page.on('pageerror', (e) => pageErrors.push(`${path}: ${e.message}`));
  await page.goto(`${server.url}${path}`);
  return { context, page };
}

/** What the server holds, as the commander (whole district) sees it: her own session, from her context. */
async function commanderIncidents(): Promise<Incident[]> {
  const res = await commander.context.request.get(`${server.url}/api/incidents`);
  expect(res.status()).toBe(200);
  return (await res.json()) as Incident[];
}

async function openIdsIn(town: string): Promise<string[]> {
  return (await commanderIncidents())
    .filter((i) => i.townCode === town && OPEN_STATUSES.includes(i.status))
    .map((i) => i.id)
    .sort();
}

async function rowIds(page: Page): Promise<string[]> {
  const ids = await page
    .locator('[data-testid=incident-row]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-incident-id') ?? ''));
  return ids.sort();
}

async function rowTowns(page: Page): Promise<string[]> {
  return page
    .locator('[data-testid=incident-row]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-town-code') ?? ''));
}

async function seed(at: LngLat, description: string): Promise<string> {
  const res = await commander.context.request.post(`${server.url}/api/incidents`, {
    data: {
      category: 'dispute',
      priority: 2,
      lng: at[0],
      lat: at[1],
      source: 'hotline',
      description
    }
  });
  expect(res.status()).toBe(201);
  return ((await res.json()) as Incident).id;
}

describe('screens by role', () => {
  it('shows the login page in Chinese, switches it to English and keeps the choice', async () => {
    const { context, page } = await open('/login');
    const submit = page.getByTestId('login-submit');
    await expect.poll(() => submit.textContent()).toContain('登录');
    expect(await page.getByTestId('login-form').textContent()).toContain('用户名');

    await page.getByTestId('lang-en').click();
    await expect.poll(() => submit.textContent()).toContain('Sign in');
    expect(await page.getByTestId('login-form').textContent()).toContain('Username');
    await page.reload();
    await expect.poll(() => page.getByTestId('login-submit').textContent()).toContain('Sign in');

    await page.getByTestId('lang-zh').click();
    await expect.poll(() => submit.textContent()).toContain('登录');

    // a wrong password: the server's words, under the form, and still on /login
    await signIn(page, { ...demoAccount(accounts, 'commander'), password: 'not-the-password' });
    const error = page.getByTestId('login-error');
    await expect.poll(() => error.count(), { timeout: 30_000 }).toBe(1);
    const text = (await error.textContent()) ?? '';
    expect(text).toContain('登录失败');
    expect(text.length).toBeGreaterThan('登录失败'.length);
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });

  it('sends the commander to /login first, then to the dispatch desk over the whole district', async () => {
    commander = await open('/dispatch');
    const { page } = commander;
    await landsOn(page, '/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/dispatch');
    await signIn(page, demoAccount(accounts, 'commander'));
    await landsOn(page, '/dispatch');
    expect(await page.getByTestId('account-role').textContent()).toBe('指挥长');
    await mapReady(page);
    expect(await probe(page, 'scopeTowns')).toBeNull();

    // one incident in each of two towns, reported as a hotline would
    yaxiSeeded = await seed(district.gridPoints(YAXI)[0], '浏览器测试：桠溪');
    chunxiSeeded = await seed(district.gridPoints(CHUNXI)[0], '浏览器测试：淳溪');
    for (const id of [yaxiSeeded, chunxiSeeded]) {
      const row = page.locator(`[data-testid=incident-row][data-incident-id="${id}"]`);
      await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    }
    expect(new Set(await rowTowns(page)).size).toBeGreaterThanOrEqual(2);
    await expect
      .poll(async () => (await rowIds(page)).length === (await probe(page, 'incidentsDrawn')))
      .toBe(true);

    // units are drawn all over the district
    const units = await probe(page, 'unitsDrawnList');
    commanderUnits = units.length;
    expect(commanderUnits).toBeGreaterThan(500);
    const towns = new Set(units.map((u) => district.townOf([u.lng, u.lat])));
    expect(towns.size).toBeGreaterThanOrEqual(6);
    await page.close();
  });

  it('keeps a town leader on her town: framed, masked, and only its incidents and units', async () => {
    leader = await open('/dispatch');
    const { page } = leader;
    await landsOn(page, '/login');
    await signIn(page, demoAccount(accounts, 'leader-yaxi'));
    // she asked for /dispatch, which is not hers: she lands on her own screen
    await landsOn(page, '/town');
    expect(await page.getByTestId('account-role').textContent()).toBe('街镇负责人');
    expect(await page.getByTestId('account-label').textContent()).toBe('刘明辉');
    await mapReady(page);
    expect(await page.getByTestId('top-bar-area').textContent()).toBe('桠溪街道');
    expect(await probe(page, 'scopeTowns')).toEqual([YAXI]);

    // the camera frames 桠溪
    const bounds = (await probe(page, 'mapBounds'))!;
    const centre: LngLat = [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2];
    const yaxi = district.town(YAXI);
    const [w, , e] = bbox(district.outline);
    expect(bounds[2] - bounds[0]).toBeLessThan((e - w) * 0.8);
    const [yw, ys, ye, yn] = bbox(yaxi);
    expect(centre[0]).toBeGreaterThan(yw);
    expect(centre[0]).toBeLessThan(ye);
    expect(centre[1]).toBeGreaterThan(ys);
    expect(centre[1]).toBeLessThan(yn);

    // the list is exactly the commander's open 桠溪 incidents (the simulator keeps adding: wait for a match)
    await expect
      .poll(
        async () => JSON.stringify(await rowIds(page)) === JSON.stringify(await openIdsIn(YAXI)),
        {
          timeout: 30_000
        }
      )
      .toBe(true);
    const ids = await rowIds(page);
    expect(ids).toContain(yaxiSeeded);
    expect(ids).not.toContain(chunxiSeeded);
    expect(new Set(await rowTowns(page))).toEqual(new Set([YAXI]));

    // and so are the pins
    const pins = await probe(page, 'incidentsDrawnList');
    expect(pins.map((p) => p.id).sort()).toEqual(ids);
    expect(pins.every((p) => p.townCode === YAXI)).toBe(true);

    // units: those standing in 桠溪, or working one of its incidents
    await expect.poll(() => probe(page, 'unitsDrawn'), { timeout: 30_000 }).toBeGreaterThan(0);
    const yaxiIncidents = new Set(
      (await commanderIncidents()).filter((i) => i.townCode === YAXI).map((i) => i.id)
    );
    const units = await probe(page, 'unitsDrawnList');
    expect(units.length).toBeLessThan(commanderUnits / 2);
    const strays = units.filter(
      (u) =>
        !district.inside([u.lng, u.lat], yaxi) && !(u.incidentId && yaxiIncidents.has(u.incidentId))
    );
    expect(strays).toEqual([]);
    expect(await probe(page, 'badFrames')).toBe(0);

    mkdirSync(join(ROOT, 'docs'), { recursive: true });
    await page.screenshot({ path: TOWN_SCREENSHOT });
  });

  it('lets the town leader create and assign inside her town, and shows the refusal outside', async () => {
    const { page } = leader;
    const [inside] = district.gridPoints(YAXI).slice(1);
    await createThroughForm(page, district.gridPoints(CHUNXI)[1], '浏览器测试：辖区外');
    const error = page.getByTestId('form-error');
    await expect.poll(() => error.count(), { timeout: 30_000 }).toBe(1);
    expect(await error.textContent()).toContain('无权执行此操作');
    await page.getByRole('button', { name: '取消' }).click();

    await createThroughForm(page, inside, '浏览器测试：辖区内');
    const panel = page.getByTestId('incident-panel');
    await expect
      .poll(() => panel.getAttribute('data-incident-id'), { timeout: 30_000 })
      .toBeTruthy();
    const id = (await panel.getAttribute('data-incident-id')) as string;
    const row = page.locator(`[data-testid=incident-row][data-incident-id="${id}"]`);
    await expect.poll(() => row.getAttribute('data-town-code')).toBe(YAXI);

    const status = page.getByTestId('incident-status');
    await expect
      .poll(() => page.getByTestId('assign-button').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await assignUntil(page, AFTER_DISPATCH);
    expect(AFTER_DISPATCH).toContain(await status.getAttribute('data-status'));

    // the desk of another role is not hers: back to her own
    await page.goto(`${server.url}/dispatch`);
    await landsOn(page, '/town');
  });

  it('frames the other town leader on 淳溪', async () => {
    const { context, page } = await open('/login');
    await signIn(page, demoAccount(accounts, 'leader-chunxi'));
    await landsOn(page, '/town');
    await mapReady(page);
    expect(await probe(page, 'scopeTowns')).toEqual([CHUNXI]);
    const row = page.locator(`[data-testid=incident-row][data-incident-id="${chunxiSeeded}"]`);
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    expect(new Set(await rowTowns(page))).toEqual(new Set([CHUNXI]));
    await context.close();
  });

  it('opens the dispatch desk for the dispatcher', async () => {
    dispatcher = await open('/login');
    const { page } = dispatcher;
    await signIn(page, demoAccount(accounts, 'dispatcher'));
    await landsOn(page, '/dispatch');
    expect(await page.getByTestId('account-role').textContent()).toBe('调度员');
    await expect.poll(() => page.getByTestId('new-incident-button').count()).toBe(1);
  });

  it('finds a place by pinyin initials or name, and records the reporter behind a mask', async () => {
    const { page } = dispatcher;
    await mapReady(page);
    await page.getByTestId('new-incident-button').click();
    const search = page.getByTestId('place-search');
    const results = page.getByTestId('place-result');

    // initials, picked with the mouse: a town only says where to look, the exact point is still to come
    await search.fill('cxjd');
    await expect.poll(() => results.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await results.first().getByTestId('place-name').textContent()).toBe('淳溪街道');
    expect(await results.first().getByTestId('place-layer').textContent()).toBe('街镇');
    await results.first().click();
    expect(await results.count()).toBe(0);
    expect(await page.getByTestId('form-lng').inputValue()).toBe('');
    expect(await page.getByTestId('form-place').textContent()).toContain('淳溪街道');

    // the Chinese name, picked with the arrows and Enter: the second match, a grid of 凤岭社区, whose label
    // point stands for now
    await search.fill('凤岭');
    await expect.poll(() => results.count(), { timeout: 10_000 }).toBeGreaterThan(1);
    const names = await page.getByTestId('place-name').allTextContents();
    const layers = await results.evaluateAll((lis) =>
      lis.map((li) => li.getAttribute('data-layer'))
    );
    expect(names[0]).toBe('凤岭社区');
    expect(await results.first().getByTestId('place-layer').textContent()).toBe('社区');
    expect(layers[1]).toBe('grid');
    expect(names[1]).toMatch(/^凤岭社区/);
    await search.press('ArrowDown');
    await search.press('ArrowDown');
    expect(await results.nth(1).getAttribute('aria-selected')).toBe('true');
    await search.press('Enter');
    // Enter picked the place and did not submit the form
    expect(await page.getByTestId('new-incident-form').count()).toBe(1);
    expect(await results.count()).toBe(0);
    expect(await page.getByTestId('form-place').textContent()).toContain(names[1]);
    const at: LngLat = [
      Number(await page.getByTestId('form-lng').inputValue()),
      Number(await page.getByTestId('form-lat').inputValue())
    ];
    expect(district.townOf(at)).toBe(CHUNXI);

    await page.getByTestId('form-reporter-name').fill('王小明');
    await page.getByTestId('form-reporter-phone').fill('13912345678');
    await page.getByTestId('form-description').fill('浏览器测试：报警人');
    await page.getByTestId('form-submit').click();

    const panel = page.getByTestId('incident-panel');
    await expect
      .poll(() => panel.getAttribute('data-incident-id'), { timeout: 30_000 })
      .toBeTruthy();
    reporterIncident = (await panel.getAttribute('data-incident-id')) as string;
    expect(await page.getByTestId('panel-town').textContent()).toBe('淳溪街道');
    const phone = panel.getByTestId('reporter-phone');
    expect(await phone.textContent()).toBe('139****5678');
    expect(await panel.getByTestId('reporter-name').textContent()).toBe('王**');

    await panel.getByTestId('reveal-contact').click();
    await expect.poll(() => phone.textContent(), { timeout: 30_000 }).toBe('13912345678');
    expect(await panel.getByTestId('reporter-name').textContent()).toBe('王小明');
    expect(await panel.getByTestId('reveal-contact').count()).toBe(0);

    // another incident and back: the full contact is asked for again
    await page.getByTestId('panel-close').click();
    const row = page.locator(`[data-testid=incident-row][data-incident-id="${reporterIncident}"]`);
    await row.click();
    await expect.poll(() => panel.getByTestId('reporter-phone').textContent()).toBe('139****5678');
  });

  it('signs the wall in by its kiosk link and shows a read-only map and queue', async () => {
    const wall = demoAccount(accounts, 'wall');
    const { context, page } = await open(wall.kioskUrl!);
    await landsOn(page, '/wall');
    // the secret leaves the address bar at once
    expect(page.url()).not.toContain('kiosk');
    expect(await page.getByTestId('account-role').textContent()).toBe('指挥大屏');
    await mapReady(page);
    await expect
      .poll(() => page.locator('[data-testid=incident-row]').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    expect(await probe(page, 'unitsDrawn')).toBeGreaterThan(0);

    // nothing to create, assign or even select
    expect(await page.locator('button[data-testid=incident-row]').count()).toBe(0);
    await page.locator('[data-testid=incident-row]').first().click();
    for (const id of [
      'new-incident-button',
      'new-incident-form',
      'incident-panel',
      'recommendations',
      'assign-button'
    ]) {
      expect(await page.getByTestId(id).count(), id).toBe(0);
    }
    await context.close();
  });

  it('shows the field unit its own unit and lets it report its status', async () => {
    const field = demoAccount(accounts, 'field');
    const { context, page } = await open('/login');
    await signIn(page, field);
    await landsOn(page, '/field');
    const unit = page.getByTestId('field-unit');
    await expect
      .poll(() => unit.getAttribute('data-unit-id'), { timeout: 30_000 })
      .toBe(field.unitId);
    expect(await page.getByTestId('field-unit-name').textContent()).toBe(field.label);

    // whichever move its status allows (the simulator drives this unit too): press it and see it take
    const status = page.getByTestId('field-unit-status');
    await expect.poll(() => status.getAttribute('data-status')).toBeTruthy();
    const moves: Record<string, string> = {
      on_duty: 'available',
      off_duty: 'off_duty',
      depart: 'en_route',
      arrive: 'on_scene',
      done: 'available'
    };
    let done = false;
    for (let attempt = 0; attempt < 3 && !done; attempt++) {
      // an offer waiting for the unit's answer holds the moves back: accept it first
      const accept = page.getByTestId('offer-accept');
      if ((await accept.count()) > 0) {
        await accept.click({ timeout: 5_000 }).catch(() => undefined);
        await expect
          .poll(() => page.getByTestId('offer-card').count(), { timeout: 30_000 })
          .toBe(0);
      }
      const enabled = page.locator('[data-testid^=field-action-]:enabled');
      await expect.poll(() => enabled.count(), { timeout: 30_000 }).toBeGreaterThan(0);
      const action = ((await enabled.first().getAttribute('data-testid')) ?? '').replace(
        'field-action-',
        ''
      );
      await enabled.first().click();
      // done opens a sheet for the resolution note and photos; send it as it is
      if (action === 'done') await page.getByTestId('done-submit').click();
      await expect
        .poll(
          async () =>
            (await status.getAttribute('data-status')) === moves[action] ||
            (await page.getByTestId('field-error').count()) > 0,
          { timeout: 30_000 }
        )
        .toBe(true);
      done = (await page.getByTestId('field-error').count()) === 0;
    }
    expect(done).toBe(true);

    await page.goto(`${server.url}/admin`);
    await landsOn(page, '/field');
    await context.close();
  });

  let admin: Screen;

  it('lists the demo accounts and the sign-ins in the admin screen', async () => {
    admin = await open('/login');
    const { page } = admin;
    await signIn(page, demoAccount(accounts, 'admin'));
    await landsOn(page, '/admin');
    const rows = page.locator('[data-testid=account-row]');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(7);
    const usernames = await rows.evaluateAll((rs) =>
      rs.map((r) => r.getAttribute('data-username'))
    );
    expect(usernames.sort()).toEqual(DEMO_USERNAMES);
    const yaxiRow = page.locator('[data-testid=account-row][data-username="leader-yaxi"]');
    expect(await yaxiRow.getByTestId('account-scope').textContent()).toBe('桠溪街道');

    const audit = page.locator('[data-testid=audit-row]');
    await expect.poll(() => audit.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const entries = await audit.evaluateAll((rs) =>
      rs.map((r) => ({
        actor: r.getAttribute('data-actor'),
        action: r.getAttribute('data-action'),
        outcome: r.getAttribute('data-outcome')
      }))
    );
    const signedIn = new Set(
      entries.filter((e) => e.action === 'login' && e.outcome === 'ok').map((e) => e.actor)
    );
    for (const u of ['admin', 'commander', 'dispatcher', 'field', 'leader-chunxi', 'leader-yaxi']) {
      expect(signedIn, u).toContain(u);
    }
    expect(entries.some((e) => e.action === 'kiosk login' && e.outcome === 'ok')).toBe(true);
    expect(entries.some((e) => e.action === 'login' && e.outcome === 'failed')).toBe(true);
    expect(await page.getByTestId('audit-csv').getAttribute('href')).toBe('/api/audit.csv');

    await page.screenshot({ path: ADMIN_SCREENSHOT, fullPage: true });
  });

  it("ends a town leader's live session from the admin screen (强制下线)", async () => {
    const row = admin.page.locator('[data-testid=account-row][data-username="leader-yaxi"]');
    await row.getByTestId('account-revoke').click();
    await expect
      .poll(() => row.getByTestId('account-message').textContent(), { timeout: 30_000 })
      .toMatch(/已结束 \d+ 个会话/);

    const { page } = leader;
    await landsOn(page, '/login');
    expect(await page.getByTestId('login-notice').textContent()).toContain(
      '会话已结束，请重新登录'
    );
    await leader.context.close();
  });

  it('creates a wall kiosk link and shows it once', async () => {
    const { page } = admin;
    await page.getByTestId('kiosk-label').fill('浏览器测试大屏');
    await page.getByTestId('kiosk-towns-whole').uncheck();
    await page.getByTestId(`kiosk-towns-${YAXI}`).check();
    await page.getByTestId('kiosk-submit').click();
    const url = page.getByTestId('kiosk-url');
    await expect.poll(() => url.count(), { timeout: 30_000 }).toBe(1);
    expect(await url.inputValue()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/wall\?kiosk=\S{16,}$/);
    await page.getByTestId('kiosk-dismiss').click();
    expect(await page.getByTestId('kiosk-url').count()).toBe(0);
    const rows = page.locator('[data-testid=account-row]');
    await expect.poll(() => rows.count()).toBe(8);
  });

  it('creates an integration whose key, shown once, reports an incident to the dispatcher', async () => {
    const { page } = admin;
    await page.getByTestId('integration-name').fill('e2e-hotline');
    await page.getByTestId('integration-source').selectOption('hotline');
    await page.getByTestId('integration-submit').click();
    const keyField = page.getByTestId('integration-key');
    await expect.poll(() => keyField.count(), { timeout: 30_000 }).toBe(1);
    const key = await keyField.inputValue();
    expect(key).toMatch(/^gw_\S{16,}$/);
    expect(await page.getByTestId('integration-key-box').textContent()).toContain('只显示这一次');
    const usage = (await page.getByTestId('integration-usage').textContent()) ?? '';
    expect(usage).toContain('/api/incidents');
    expect(usage).toContain(`X-Api-Key: ${key}`);
    expect(usage).toContain('Idempotency-Key');
    const row = page.locator('[data-testid=integration-row][data-name="e2e-hotline"]');
    await expect.poll(() => row.getAttribute('data-disabled')).toBe('false');

    // the outside system, from the test: twice under one Idempotency-Key is one incident
    const [lng, lat] = district.gridPoints(YAXI)[2];
    const report = () =>
      fetch(`${server.url}/api/incidents`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-api-key': key,
          'idempotency-key': 'e2e-hotline-0001'
        },
        body: JSON.stringify({
          category: 'dispute',
          priority: 2,
          lng,
          lat,
          source: 'walk_in',
          description: '浏览器测试：热线接入'
        })
      });
    const first = await report();
    expect(first.status).toBe(201);
    const created = (await first.json()) as Incident;
    expect(created.source).toBe('hotline');
    expect(((await (await report()).json()) as Incident).id).toBe(created.id);
    const queued = dispatcher.page.locator(
      `[data-testid=incident-row][data-incident-id="${created.id}"]`
    );
    await expect.poll(() => queued.count(), { timeout: 30_000 }).toBe(1);

    // gone once dismissed; 停用 stops the key, 启用 lets it in again
    await page.getByTestId('integration-dismiss').click();
    expect(await keyField.count()).toBe(0);
    await row.getByTestId('integration-toggle').click();
    await expect.poll(() => row.getAttribute('data-disabled'), { timeout: 30_000 }).toBe('true');
    expect(await row.getByTestId('integration-state').textContent()).toBe('已停用');
    expect((await report()).status).toBe(401);
    await row.getByTestId('integration-toggle').click();
    await expect.poll(() => row.getAttribute('data-disabled'), { timeout: 30_000 }).toBe('false');
    await dispatcher.context.close();
  });

  it('signs out to /login, and a reload stays there', async () => {
    const { page } = admin;
    await page.getByTestId('logout-button').click();
    await landsOn(page, '/login');
    await page.reload();
    await expect.poll(() => page.getByTestId('login-form').count()).toBe(1);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.goto(`${server.url}/admin`);
    await landsOn(page, '/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/admin');
    await admin.context.close();
    await commander.context.close();
  });

  it('requests nothing outside its own origin and throws no page error', () => {
    const { network, foreign } = foreignRequests(requested, server.url);
    expect(network.length).toBeGreaterThan(0);
    expect(foreign).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

async function createThroughForm(page: Page, at: LngLat, description: string): Promise<void> {
  await page.getByTestId('new-incident-button').click();
  await page.getByTestId('form-lng').fill(String(at[0]));
  await page.getByTestId('form-lat').fill(String(at[1]));
  await page.getByTestId('form-category').selectOption('safety_hazard');
  await page.getByTestId('form-priority').selectOption('2');
  await page.getByTestId('form-description').fill(description);
  await page.getByTestId('form-submit').click();
}
