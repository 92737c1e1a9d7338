import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Incident } from '../../shared/domain.ts';
import { ApiClient } from './api-client.ts';
import { launchChromium } from './chromium.ts';
import { DistrictGeometry } from './district-geometry.ts';
import { probe } from './page-probes.ts';
import { startServerProcess, type DemoAccount, type ServerProcess } from './server-process.ts';
import { demoAccount, landsOn, signIn } from './sign-in.ts';

/**
 * An SLA deadline running out, in real browsers against the real server: a dispatcher's desk and the wall watch a
 * P1 that nobody dispatches. The server's SLA gives a P1 30 s to be dispatched (`SLA`, so the test does not wait a
 * minute), which warns from 21 s (the last 30 %, shared/sla.ts) and breaches at 30 s; the simulator is off, so no
 * unit takes it meanwhile. The desk's bar and tones are read from the page (the alert's data attributes, the
 * alarm's tone counts), the wall's focus from its probes.
 */

const DISPATCH_S = 30;
const SLA = `${DISPATCH_S / 60}/10/60,3/20/240,10/60/1440,60/240/4320`;
/** the P1's own turn on the wall ends well before its dispatch deadline, so the breach's turn is its own */
const FOCUS_S = 15;

let server: ServerProcess;
let accounts: DemoAccount[];
let dispatcher: ApiClient;
let geometry: DistrictGeometry;
let browser: Browser;
let desk: Page;
let wall: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startServerProcess({
    SIM: 'off',
    SIM_UNITS: '300',
    SLA,
    WALL_FOCUS_S: String(FOCUS_S)
  });
  accounts = server.demoAccounts();
  dispatcher = await ApiClient.signIn(server.url, demoAccount(accounts, 'dispatcher'));
  geometry = await DistrictGeometry.fetch(server.url);
  browser = await launchChromium();
  const open = async (): Promise<Page> => {
    const context = await browser.newContext({
      viewport: { width: 1600, height: 1000 },
      locale: 'zh-CN'
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return page;
  };
  desk = await open();
  await desk.goto(`${server.url}/dispatch`);
  await landsOn(desk, '/login');
  await signIn(desk, demoAccount(accounts, 'dispatcher'));
  await landsOn(desk, '/dispatch');
  wall = await open();
  await wall.goto(`${server.url}${demoAccount(accounts, 'wall').kioskUrl!}`);
  await landsOn(wall, '/wall');
  for (const page of [desk, wall]) {
    await page.waitForFunction(() => window.__gridwatch?.mapReady() === true, null, {
      timeout: 120_000
    });
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const tones = async (kind: string) => (await probe(desk, 'tonesPlayed'))[kind] ?? 0;
/** the wall's focus card: the incident and the clock whose breach it shows (null for a new P1), or null */
const focusCard = () =>
  wall.evaluate(() => {
    const card = document.querySelector('[data-testid=focus-card]');
    return (
      card && {
        id: card.getAttribute('data-incident-id'),
        breach: card.getAttribute('data-breach')
      }
    );
  });
/** the desk's line for an incident, read at one instant: its level, clock, whether it rings, the words left */
const alertOnDesk = (id: string) =>
  desk.evaluate((incidentId) => {
    const line = document.querySelector(
      `[data-testid=deadline-alert][data-incident-id="${incidentId}"]`
    );
    return (
      line && {
        level: line.getAttribute('data-level'),
        step: line.getAttribute('data-step'),
        ringing: line.getAttribute('data-ringing'),
        left: line.querySelector('[data-testid=deadline-left]')?.textContent ?? null
      }
    );
  }, id);
const deadlineAlert = (page: Page, id: string) =>
  page.locator(`[data-testid=deadline-alert][data-incident-id="${id}"]`);

describe('an undispatched P1’s deadline', () => {
  it('warns, then rings on the desk and takes the wall’s focus once it passes, until 确认', async () => {
    // a click is the gesture that lets the desk make sound
    await desk.getByTestId('sound-enable').click();
    await expect.poll(() => probe(desk, 'soundEnabled')).toBe(true);

    const [lng, lat] = geometry.gridPoints('320118001')[1];
    const res = await dispatcher.post('/api/incidents', {
      category: 'fire',
      priority: 1,
      lng,
      lat,
      source: 'hotline',
      description: '浏览器测试：无人派遣'
    });
    expect(res.status).toBe(201);
    const incident = (await res.json()) as Incident;
    expect(incident.dispatchBy - incident.createdAt).toBe(DISPATCH_S * 1000);

    // the P1 takes the wall as news first, for its own turn
    await expect
      .poll(() => focusCard(), { timeout: 20_000 })
      .toEqual({ id: incident.id, breach: null });

    // 21 s in: the last 30 % of the window, an amber line counting down and one chime
    const desks = deadlineAlert(desk, incident.id);
    await expect
      .poll(() => alertOnDesk(incident.id), { timeout: DISPATCH_S * 1000 })
      .toEqual({
        level: 'warning',
        step: 'dispatch',
        ringing: 'false',
        left: expect.stringMatching(/^剩 \d+ 秒$/)
      });
    await expect.poll(() => tones('warning'), { timeout: 5_000 }).toBeGreaterThan(0);

    // past the deadline: red, ringing, counting up, and sounding again every few seconds
    const breachTones = await tones('breach');
    await expect.poll(() => desks.getAttribute('data-level'), { timeout: 20_000 }).toBe('breach');
    expect(await desks.getAttribute('data-ringing')).toBe('true');
    expect(await desks.textContent()).toContain('超时告警');
    expect(await desks.textContent()).toContain('派遣时限');
    await expect
      .poll(() => desks.getByTestId('deadline-left').textContent())
      .toMatch(/^超时 \d+ 秒$/);

    // the wall: the breach takes the focus again (its own turn, headed by the clock that ran out), read-only
    await expect
      .poll(() => focusCard(), { timeout: 20_000 })
      .toEqual({ id: incident.id, breach: 'dispatch' });
    expect(await wall.getByTestId('focus-card').textContent()).toContain('超时未派遣');
    const walls = deadlineAlert(wall, incident.id);
    expect(await walls.getAttribute('data-level')).toBe('breach');
    expect(await walls.getByTestId('deadline-acknowledge').count()).toBe(0);
    await expect
      .poll(async () => (await probe(wall, 'focusDrawn'))?.incidentId, { timeout: 20_000 })
      .toBe(incident.id);

    // the desk rings again and again until someone there acknowledges
    await expect
      .poll(async () => (await tones('breach')) - breachTones, { timeout: 20_000 })
      .toBeGreaterThanOrEqual(2);

    // 确认 on the desk: off its bar and silent; the queue still shows it overdue, and the wall still shows it
    await desks.getByTestId('deadline-acknowledge').click();
    await expect.poll(() => desks.count()).toBe(0);
    const after = await tones('breach');
    await desk.waitForTimeout(7_000);
    expect(await tones('breach')).toBe(after);
    expect(await walls.count()).toBe(1);
    expect(await probe(desk, 'overdueHalos')).toContain(incident.id);
    expect(pageErrors).toEqual([]);
  });
});
