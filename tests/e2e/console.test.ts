import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import type { Incident, IncidentStatus, Unit } from '../../shared/domain.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol.ts';
import { launchChromium } from './chromium.ts';
import { screenshotPath } from './screenshots.ts';
import { ApiClient } from './api-client.ts';
import { DistrictGeometry } from './district-geometry.ts';
import { foreignRequests, mapReady, probe } from './page-probes.ts';
import {
  ROOT,
  startServerProcess,
  type DemoAccount,
  type ServerProcess
} from './server-process.ts';
import { demoAccount, landsOn, signIn } from './sign-in.ts';

/**
 * The dispatch console driven from the keyboard, in a real browser against the real server, whose simulated units
 * always accept an offer (SIM_ANSWERS=accept) so the walk is deterministic: one incident from its report to its
 * close by keys alone, an escalation raised with e and acknowledged from the alert bar, and the field screen
 * receiving an offer for its unit. The console signs in as the commander (only a commander or an admin may close);
 * the test's own calls use the dispatcher's session. The browser runs in London time, so the timeline's Shanghai
 * times are the page's doing, not the machine's. The steps share one server and run in order.
 */

const SCREENSHOT = screenshotPath('screenshot-console.png');
const VIEWPORT = { width: 1600, height: 1000 };
const ORDER: IncidentStatus[] = [
  'reported',
  'dispatched',
  'accepted',
  'en_route',
  'on_scene',
  'resolved',
  'closed'
];
const STATUS_TEXT: Partial<Record<IncidentStatus, string>> = {
  reported: '待派遣',
  dispatched: '待接受',
  accepted: '已接受',
  en_route: '赶赴中',
  on_scene: '已到场',
  resolved: '已办结',
  closed: '已关闭'
};
/** the timeline's labels for the steps of the walk */
const STEP_LABEL: Record<string, string> = {
  reported: '上报',
  offered: '派单',
  accepted: '接受',
  en_route: '出发',
  on_scene: '到场',
  resolved: '办结',
  closed: '关闭'
};
const SHANGHAI = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZone: 'Asia/Shanghai'
});

let server: ServerProcess;
let accounts: DemoAccount[];
let api: ApiClient;
let district: DistrictGeometry;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const requested: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startServerProcess({ SIM_ANSWERS: 'accept' });
  accounts = server.demoAccounts();
  api = await ApiClient.signIn(server.url, demoAccount(accounts, 'dispatcher'));
  district = await DistrictGeometry.fetch(server.url);
  browser = await launchChromium();
  context = await browser.newContext({
    viewport: VIEWPORT,
    locale: 'zh-CN',
    timezoneId: 'Europe/London'
  });
  context.on('request', (r) => requested.push(r.url()));
  page = await context.newPage();
  page.on('websocket', (ws) => requested.push(ws.url()));
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${server.url}/dispatch`);
  await landsOn(page, '/login');
  await signIn(page, demoAccount(accounts, 'commander'));
  await landsOn(page, '/dispatch');
  await mapReady(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function postIncident(body: {
  category: string;
  priority: number;
  lng: number;
  lat: number;
  description: string;
}): Promise<Incident> {
  const res = await api.post('/api/incidents', { ...body, source: 'hotline' });
  expect(res.status).toBe(201);
  return (await res.json()) as Incident;
}

/** A socket of the dispatcher's session, for what another desk does meanwhile. */
async function dispatcherSocket(): Promise<Socket<ServerToClientEvents, ClientToServerEvents>> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(server.url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: { token: await api.socketToken() }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

function commandId(): string {
  return `e2e${Date.now()}${Math.floor(Math.random() * 1e6)}`;
}

const row = (p: Page, id: string) =>
  p.locator(`[data-testid=incident-row][data-incident-id="${id}"]`);
const panelStatus = () => page.getByTestId('incident-status');

/** Presses j (or k) until the queue's cursor is on the incident. */
async function cursorTo(id: string): Promise<void> {
  await expect.poll(() => row(page, id).count(), { timeout: 30_000 }).toBe(1);
  for (let i = 0; i < 400; i++) {
    const where = await page.evaluate((target) => {
      const ids = [...document.querySelectorAll('[data-testid=incident-row]')].map((r) =>
        r.getAttribute('data-incident-id')
      );
      const cursor = document.querySelector('[data-testid=incident-row][data-cursor=true]');
      return {
        at: cursor ? ids.indexOf(cursor.getAttribute('data-incident-id')) : -1,
        target: ids.indexOf(target)
      };
    }, id);
    if (where.at === where.target && where.at >= 0) return;
    await page.keyboard.press(where.at < 0 || where.at < where.target ? 'j' : 'k');
  }
  throw new Error(`the cursor never reached ${id}`);
}

/** Every status the open panel shows for the incident, in order, as the page renders them. */
async function recordStatuses(id: string): Promise<void> {
  await page.evaluate((incidentId) => {
    const seen: string[] = [];
    (window as unknown as { __statuses: string[] }).__statuses = seen;
    const look = () => {
      const s = document
        .querySelector(`[data-testid=incident-panel][data-incident-id="${incidentId}"]`)
        ?.querySelector('[data-testid=incident-status]')
        ?.getAttribute('data-status');
      if (s && seen.at(-1) !== s) seen.push(s);
    };
    new MutationObserver(look).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-status', 'data-incident-id']
    });
    look();
  }, id);
}

describe('dispatch console, keyboard first', () => {
  let walked: Incident;

  it('walks one incident from report to close with the keyboard alone', async () => {
    // an available unit on foot with a fresh fix: the incident is reported where it stands, so it ranks first
    // and reaches the scene in seconds
    const now = Date.now();
    const units = await api.json<Unit[]>('/api/units');
    const near = units
      .filter((u) => u.status === 'available' && u.fix && now - u.fix.time < 30_000)
      .sort((a, b) => Number(b.travel === 'foot') - Number(a.travel === 'foot'))[0];
    if (!near?.fix) throw new Error('no available unit with a fresh fix');
    walked = await postIncident({
      category: 'safety_hazard',
      priority: 2,
      lng: near.fix.lng,
      lat: near.fix.lat,
      description: '浏览器测试：键盘全流程'
    });
    await recordStatuses(walked.id);

    // j/k to it, Enter to open it
    await cursorTo(walked.id);
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('incident-panel');
    await expect.poll(() => panel.getAttribute('data-incident-id')).toBe(walked.id);
    expect(await panelStatus().textContent()).toBe('待派遣');
    expect(await page.getByTestId('panel-sla').getAttribute('data-sla')).toBe('dispatch');
    const recs = page.getByTestId('recommendation');
    await expect.poll(() => recs.count(), { timeout: 30_000 }).toBeGreaterThan(0);

    // the console with the incident open and lines to its ranked units, once the camera has settled
    await expect
      .poll(() => page.evaluate((id) => window.__gridwatch!.incidentScreenPoint(id), walked.id), {
        timeout: 30_000
      })
      .not.toBeNull();
    mkdirSync(join(ROOT, 'docs'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });

    // 1 offers it to the top-ranked unit; the status waits for the unit's answer
    const top = await recs.first().getAttribute('data-unit-id');
    await page.keyboard.press('1');
    await expect
      .poll(() => panelStatus().getAttribute('data-status'), { timeout: 30_000 })
      .not.toBe('reported');
    const offer = page.locator(`[data-testid=offer][data-unit-id="${top}"]`);
    await expect.poll(() => offer.count()).toBe(1);

    // the simulated unit accepts, sets off and arrives
    await expect
      .poll(() => panelStatus().getAttribute('data-status'), { timeout: 150_000, interval: 250 })
      .toBe('on_scene');
    expect(await panelStatus().textContent()).toBe('已到场');
    expect(await offer.getAttribute('data-offer-status')).toBe('accepted');

    // r 办结, confirmed with Enter
    await page.keyboard.press('r');
    const prompt = page.getByTestId('action-prompt');
    await expect.poll(() => prompt.getAttribute('data-kind')).toBe('resolve');
    await page.keyboard.press('Enter');
    await expect.poll(() => panelStatus().getAttribute('data-status')).toBe('resolved');
    expect(await panelStatus().textContent()).toBe('已办结');
    expect(await prompt.count()).toBe(0);
    // it waits for its close below the open incidents
    await expect.poll(() => row(page, walked.id).getAttribute('data-status')).toBe('resolved');

    // c 关闭, confirmed with Enter
    await page.keyboard.press('c');
    await expect.poll(() => prompt.getAttribute('data-kind')).toBe('close');
    await page.keyboard.press('Enter');
    await expect.poll(() => panelStatus().getAttribute('data-status')).toBe('closed');
    expect(await panelStatus().textContent()).toBe('已关闭');
    await expect.poll(() => row(page, walked.id).count()).toBe(0);

    // the panel showed each step, in order, each in Chinese
    const seen = await page.evaluate(
      () => (window as unknown as { __statuses: string[] }).__statuses
    );
    expect(seen[0]).toBe('reported');
    expect(seen).toContain('dispatched');
    expect(seen.at(-2)).toBe('resolved');
    expect(seen.at(-1)).toBe('closed');
    const ranks = seen.map((s) => ORDER.indexOf(s as IncidentStatus));
    expect(ranks.every((r, i) => r >= 0 && (i === 0 || r > ranks[i - 1]))).toBe(true);
    for (const s of seen) expect(STATUS_TEXT[s as IncidentStatus]).toBeTruthy();
  }, 300_000);

  it('lists the whole walk in the timeline, in order, in Chinese and Shanghai time', async () => {
    const entries = await page.getByTestId('timeline-entry').evaluateAll((lis) =>
      lis.map((li) => ({
        type: li.getAttribute('data-type') ?? '',
        at: Number(li.getAttribute('data-at')),
        label: li.querySelector('[data-testid=timeline-label]')?.textContent ?? '',
        time: li.querySelector('[data-testid=timeline-time]')?.textContent ?? '',
        note: li.querySelector('[data-testid=timeline-note]')?.textContent ?? ''
      }))
    );
    const steps = entries.filter((e) => e.type in STEP_LABEL).map((e) => e.type);
    const expected = ['reported', 'offered', 'accepted', 'on_scene', 'resolved', 'closed'];
    // en_route comes between accepted and on_scene when the unit set off before it was there
    expect(steps.filter((t) => t !== 'en_route')).toEqual(expected);
    if (steps.includes('en_route')) {
      expect(steps.indexOf('en_route')).toBe(steps.indexOf('accepted') + 1);
    }
    for (const e of entries) {
      if (STEP_LABEL[e.type]) expect(e.label).toBe(STEP_LABEL[e.type]);
      expect(e.label).toMatch(/[\u4e00-\u9fff]/);
      expect(e.time).toBe(SHANGHAI.format(e.at));
      // the server's own English notes are translated
      expect(e.note).not.toMatch(/source:|answer by|offers failed|merged into/);
    }
    expect(entries.find((e) => e.type === 'reported')?.note).toBe('来源：热线');
    expect(entries.find((e) => e.type === 'offered')?.note).toMatch(
      /^须在 \d{2}:\d{2}:\d{2} 前应答$/
    );
  });

  it('escalates with e and a reason, and sounds the alert bar until 确认', async () => {
    await page.getByTestId('panel-close').click();
    await expect.poll(() => page.getByTestId('incident-panel').count()).toBe(0);
    // a click is the gesture that lets the page make sound (a key press would do too)
    if ((await page.getByTestId('sound-enable').count()) > 0) {
      await page.getByTestId('sound-enable').click();
    }
    await expect.poll(() => probe(page, 'soundEnabled')).toBe(true);

    // a new P1 sounds once
    const p1Before = (await probe(page, 'tonesPlayed')).p1 ?? 0;
    const [p1Lng, p1Lat] = district.gridPoints('320118006')[1];
    const p1 = await postIncident({
      category: 'fraud',
      priority: 1,
      lng: p1Lng,
      lat: p1Lat,
      description: '浏览器测试：新 P1'
    });
    await expect.poll(() => row(page, p1.id).count(), { timeout: 30_000 }).toBe(1);
    await expect
      .poll(async () => (await probe(page, 'tonesPlayed')).p1 ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(p1Before);

    const [lng, lat] = district.gridPoints('320118001')[2];
    const incident = await postIncident({
      category: 'dispute',
      priority: 3,
      lng,
      lat,
      description: '浏览器测试：升级'
    });
    await cursorTo(incident.id);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('incident-panel').getAttribute('data-incident-id'))
      .toBe(incident.id);

    const before = (await probe(page, 'tonesPlayed')).escalation ?? 0;
    await page.keyboard.press('e');
    const prompt = page.getByTestId('action-prompt');
    await expect.poll(() => prompt.getAttribute('data-kind')).toBe('escalate');
    await page.keyboard.type('浏览器测试：需上级协调');
    await page.keyboard.press('Enter');

    const alert = page.locator(`[data-testid=escalation-alert][data-incident-id="${incident.id}"]`);
    await expect.poll(() => alert.count(), { timeout: 30_000 }).toBe(1);
    expect(await alert.textContent()).toContain('浏览器测试：需上级协调');
    expect(await row(page, incident.id).getByTestId('badge-escalated').count()).toBe(1);
    // it rings, and rings again, until acknowledged
    await expect
      .poll(async () => (await probe(page, 'tonesPlayed')).escalation - before, {
        timeout: 20_000
      })
      .toBeGreaterThanOrEqual(2);

    await alert.getByTestId('acknowledge-button').click();
    await expect.poll(() => alert.count(), { timeout: 30_000 }).toBe(0);
    expect(await page.getByTestId('alert-bar').count()).toBe(0);
    expect(await row(page, incident.id).getByTestId('badge-escalated').count()).toBe(0);
    const types = await page
      .getByTestId('timeline-entry')
      .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-type')));
    expect(types.slice(-2)).toEqual(['escalated', 'escalation_acknowledged']);
    const labels = await page.getByTestId('timeline-label').allTextContents();
    expect(labels.slice(-2)).toEqual(['升级', '确认升级']);
  });

  it('rings an offer on the field screen and shows it accepted', async () => {
    const field = demoAccount(accounts, 'field');
    const phone = await browser.newContext({
      viewport: { width: 420, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Europe/London'
    });
    phone.on('request', (r) => requested.push(r.url()));
    const fieldPage = await phone.newPage();
    fieldPage.on('websocket', (ws) => requested.push(ws.url()));
    fieldPage.on('pageerror', (e) => pageErrors.push(e.message));
    await fieldPage.goto(`${server.url}/field`);
    await landsOn(fieldPage, '/login');
    await signIn(fieldPage, field);
    await landsOn(fieldPage, '/field');
    const status = fieldPage.getByTestId('field-unit-status');
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 30_000 }).toBeTruthy();

    // the unit must be free: on duty, and not on another incident (the simulator may have sent it somewhere)
    if ((await status.getAttribute('data-status')) === 'off_duty') {
      await fieldPage.getByTestId('field-action-on_duty').click();
    }
    const socket = await dispatcherSocket();
    try {
      const busy = (await api.json<Unit[]>('/api/units')).find((u) => u.id === field.unitId);
      if (busy?.incidentId) {
        const res = await socket.timeout(10_000).emitWithAck('dispatch:withdraw', {
          commandId: commandId(),
          incidentId: busy.incidentId,
          unitId: field.unitId!,
          reason: '浏览器测试：腾出力量'
        });
        expect(res.ok).toBe(true);
      }
      await expect
        .poll(() => status.getAttribute('data-status'), { timeout: 30_000 })
        .toBe('available');
      await fieldPage.getByTestId('sound-enable').click();
      await expect.poll(() => probe(fieldPage, 'soundEnabled')).toBe(true);

      // the simulated phone accepts within seconds: the page records the card the moment it appears
      await fieldPage.evaluate(() => {
        const w = window as unknown as { __offerCard: string | null };
        w.__offerCard = null;
        const look = () => {
          const card = document.querySelector('[data-testid=offer-card]');
          if (card && w.__offerCard === null) w.__offerCard = card.textContent ?? '';
        };
        new MutationObserver(look).observe(document.body, { subtree: true, childList: true });
      });
      const unit = (await api.json<Unit[]>('/api/units')).find((u) => u.id === field.unitId);
      if (!unit?.fix) throw new Error(`field unit ${field.unitId} has no fix`);
      const incident = await postIncident({
        category: 'injury',
        priority: 2,
        lng: unit.fix.lng,
        lat: unit.fix.lat,
        description: '浏览器测试：一线派单'
      });
      const res = await socket.timeout(10_000).emitWithAck('dispatch:assign', {
        commandId: commandId(),
        incidentId: incident.id,
        unitId: field.unitId!
      });
      expect(res.ok).toBe(true);

      await expect
        .poll(
          () =>
            fieldPage.evaluate(
              () => (window as unknown as { __offerCard: string | null }).__offerCard
            ),
          {
            timeout: 30_000,
            interval: 100
          }
        )
        .not.toBeNull();
      const card = (await fieldPage.evaluate(
        () => (window as unknown as { __offerCard: string }).__offerCard
      ))!;
      expect(card).toContain('新派单');
      expect(card).toContain('伤病');
      expect(card).toContain('浏览器测试：一线派单');
      // the deadline is a countdown in words (1 分 30 秒), never a clock-like 1:30
      expect(card).toMatch(/请在 \d+ (分|秒)( \d+ 秒)? 内应答/);
      expect(card).toMatch(/距您约 \d+ m|距您约 [\d.]+ km|距离未知/);
      expect(card).toContain('接受');
      expect(card).toContain('拒绝');

      const state = fieldPage.locator(
        `[data-testid=field-incident][data-incident-id="${incident.id}"] [data-testid=field-offer-state]`
      );
      await expect.poll(() => state.textContent(), { timeout: 30_000 }).toBe('已接受');
      expect(await fieldPage.getByTestId('offer-card').count()).toBe(0);
      expect((await probe(fieldPage, 'tonesPlayed')).offer).toBeGreaterThan(0);
    } finally {
      socket.close();
      await phone.close();
    }
  });

  it('requests nothing outside its own origin and throws no page error', () => {
    const { network, foreign } = foreignRequests(requested, server.url);
    expect(network.length).toBeGreaterThan(0);
    expect(foreign).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
