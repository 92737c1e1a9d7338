import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Unit } from '../../shared/domain.ts';
import { ApiClient } from './api-client.ts';
import { launchChromium } from './chromium.ts';
import { startServerProcess, type DemoAccount, type ServerProcess } from './server-process.ts';
import { demoAccount, landsOn, signIn } from './sign-in.ts';

/**
 * The admin's GPS 终端 section in a real browser: the demo device is listed, an admin registers a tracker to a
 * unit, the tracker reports over the OsmAnd protocol (as Traccar Client 9 does, from the test), and a refresh shows
 * when it reported, its battery and that its fix moved the unit; removing it shuts the tracker out.
 */

let server: ServerProcess;
let browser: Browser;
let page: Page;
let accounts: DemoAccount[];
let api: ApiClient;

beforeAll(async () => {
  server = await startServerProcess({ SIM_UNITS: '300' });
  accounts = server.demoAccounts();
  api = await ApiClient.signIn(server.url, demoAccount(accounts, 'admin'));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const TRACKER = 'e2e-tracker-01';
const row = (id: string) => page.locator(`[data-testid=device-row][data-device-id="${id}"]`);

/** Traccar Client 9's record, at the unit's own last fix (the simulator moves it too: no jump) */
async function report(deviceId: string, unitId: string): Promise<Response> {
  const units = (await (await api.get('/api/units')).json()) as Unit[];
  const fix = units.find((u) => u.id === unitId)?.fix;
  if (!fix) throw new Error(`unit ${unitId} has no fix`);
  return fetch(`${server.url}/osmand`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      location: {
        timestamp: new Date().toISOString(),
        coords: { latitude: fix.lat, longitude: fix.lng, accuracy: 5, speed: 0, heading: 0 },
        battery: { level: 0.64, is_charging: false }
      },
      device_id: deviceId
    })
  });
}

describe('GPS devices on /admin', () => {
  it('lists the demo device, registered to the field account’s unit, not yet seen', async () => {
    await page.goto(`${server.url}/login`);
    await signIn(page, demoAccount(accounts, 'admin'));
    await landsOn(page, '/admin');
    const field = demoAccount(accounts, 'field');
    expect(field.deviceId).toMatch(/^demo-/);
    const demo = row(field.deviceId!);
    await expect.poll(() => demo.count(), { timeout: 30_000 }).toBe(1);
    expect(await demo.textContent()).toContain(field.unitId);
    expect(await demo.getByTestId('device-last-seen').textContent()).toBe('尚未上报');
    expect(await page.getByTestId('devices-url').textContent()).toBe(`${server.url}/osmand`);
  });

  it('registers a tracker to a unit picked by id, and shows its report after a refresh', async () => {
    const units = (await (await api.get('/api/units')).json()) as Unit[];
    const unit = units.find((u) => u.fix !== null && u.status === 'available');
    if (!unit) throw new Error('no simulated unit with a fix');
    await page.getByTestId('device-id').fill(TRACKER);
    await page.getByTestId('device-unit').fill(unit.id);
    expect(await page.getByTestId('device-unit-name').textContent()).toBe(unit.name);
    await page.getByTestId('device-label').fill('巡逻车载终端');
    await page.getByTestId('device-submit').click();
    await expect.poll(() => row(TRACKER).count(), { timeout: 30_000 }).toBe(1);
    expect(await row(TRACKER).getByTestId('device-last-seen').textContent()).toBe('尚未上报');

    const res = await report(TRACKER, unit.id);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: true, live: true });

    await page.getByTestId('devices-refresh').click();
    await expect
      .poll(() => row(TRACKER).getByTestId('device-verdict').textContent(), { timeout: 30_000 })
      .toBe('已更新位置');
    expect(await row(TRACKER).getByTestId('device-battery').textContent()).toBe('64%');
    expect(await row(TRACKER).getByTestId('device-last-seen').textContent()).not.toBe('尚未上报');
  });

  it('refuses a device id registered already, saying so under the form in Chinese', async () => {
    const field = demoAccount(accounts, 'field');
    await page.getByTestId('device-id').fill(TRACKER);
    await page.getByTestId('device-unit').fill(field.unitId!);
    await page.getByTestId('device-submit').click();
    const error = page.getByTestId('device-error');
    await expect.poll(() => error.count(), { timeout: 30_000 }).toBe(1);
    const text = (await error.textContent()) ?? '';
    const devices = (await (await api.get('/api/devices')).json()) as Array<{
      id: string;
      unitId: string;
    }>;
    const holder = devices.find((d) => d.id === TRACKER)!.unitId;
    expect(text).toBe(`请求无效（终端 ${TRACKER} 已登记给力量 ${holder}）`);
    // nothing of the server's English sentence on a Chinese screen
    expect(text).not.toMatch(/already|registered/);
  });

  it('removes the tracker, after which its reports are refused as an unknown device', async () => {
    page.once('dialog', (d) => void d.accept());
    await row(TRACKER).getByTestId('device-remove').click();
    await expect.poll(() => row(TRACKER).count(), { timeout: 30_000 }).toBe(0);
    const listed = (await (await api.get('/api/devices')).json()) as Array<{ id: string }>;
    expect(listed.map((d) => d.id)).not.toContain(TRACKER);
    const res = await fetch(`${server.url}/osmand?id=${TRACKER}&lat=31.32&lon=118.87`);
    expect(res.status).toBe(404);
  });
});
