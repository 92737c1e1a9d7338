import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium.ts';
import { mapReady } from './page-probes.ts';
import { screenshotPath } from './screenshots.ts';
import { startServerProcess, type DemoAccount, type ServerProcess } from './server-process.ts';
import { demoAccount, landsOn, signIn } from './sign-in.ts';

/**
 * A unit alert on a dispatcher's desk, in a real browser against the real server: the field account's GPS device
 * reports over OsmAnd that its battery is low, the desk lists the unit in Chinese and its card says so; the device
 * reports a charged battery and the alert is gone, with nobody pressing anything. Units go quiet only after an
 * hour here, so the list holds this one alert.
 */

/** 淳溪 */
const AT: [number, number] = [118.8745, 31.3235];

let server: ServerProcess;
let accounts: DemoAccount[];
let browser: Browser;
let desk: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startServerProcess({
    SIM: 'off',
    SIM_UNITS: '300',
    QUIET_MIN_CAR: '60',
    QUIET_MIN_EBIKE: '60',
    QUIET_MIN_FOOT: '60'
  });
  accounts = server.demoAccounts();
  browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: 1600, height: 1000 },
    locale: 'zh-CN'
  });
  desk = await context.newPage();
  desk.on('pageerror', (e) => pageErrors.push(e.message));
  await desk.goto(`${server.url}/dispatch`);
  await landsOn(desk, '/login');
  await signIn(desk, demoAccount(accounts, 'dispatcher'));
  await landsOn(desk, '/dispatch');
  await mapReady(desk);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** the field account's tracker reports a fix with its battery, as Traccar Client does */
async function report(deviceId: string, batt: number, time: number): Promise<void> {
  const q = new URLSearchParams({
    id: deviceId,
    lat: String(AT[1]),
    lon: String(AT[0]),
    timestamp: String(Math.floor(time / 1000)),
    batt: String(batt),
    charge: 'false'
  });
  const res = await fetch(`${server.url}/osmand?${q}`);
  expect(res.status).toBe(200);
}

describe('a unit alert on the desk', () => {
  it('appears when a unit’s device runs low, shows on its card, and clears itself once charged', async () => {
    const field = demoAccount(accounts, 'field');
    const unitId = field.unitId!;
    const row = desk.locator(`[data-testid=unit-alert][data-unit-id="${unitId}"]`);
    expect(await desk.getByTestId('unit-alerts').count()).toBe(0);

    await report(field.deviceId!, 12, Date.now() - 2000);
    await expect.poll(() => row.getAttribute('data-kind'), { timeout: 10_000 }).toBe('low_battery');
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('电量低');
    expect(text).toContain('电量 12%');
    expect(text).not.toMatch(/low_battery|[A-Za-z]{4,}/);

    // the row opens the unit's card, which says the same
    await row.getByRole('button').click();
    const card = desk.locator(`[data-testid=unit-detail][data-unit-id="${unitId}"]`);
    await expect
      .poll(() => card.getByTestId('unit-detail-alert').getAttribute('data-kind'))
      .toBe('low_battery');
    await desk.screenshot({ path: screenshotPath('unit-alerts.png') });

    await report(field.deviceId!, 80, Date.now());
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);
    expect(await card.getByTestId('unit-detail-alert').count()).toBe(0);
    expect(await desk.getByTestId('unit-alerts').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
