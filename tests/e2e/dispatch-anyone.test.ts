import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Incident, Unit } from '../../shared/domain.ts';
import { launchChromium } from './chromium.ts';
import { ApiClient } from './api-client.ts';
import { mapReady } from './page-probes.ts';
import { startServerProcess, type DemoAccount, type ServerProcess } from './server-process.ts';
import { demoAccount, landsOn, signIn } from './sign-in.ts';

/**
 * Dispatching a unit the ranking does not list: the dispatcher finds it by name in the incident panel, sees its
 * arrival estimate and reasons, offers it the incident and sees the offer in the panel's list.
 */

let server: ServerProcess;
let accounts: DemoAccount[];
let api: ApiClient;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startServerProcess();
  accounts = server.demoAccounts();
  api = await ApiClient.signIn(server.url, demoAccount(accounts, 'dispatcher'));
  browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: 1600, height: 1000 },
    locale: 'zh-CN'
  });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${server.url}/dispatch`);
  await landsOn(page, '/login');
  await signIn(page, demoAccount(accounts, 'dispatcher'));
  await landsOn(page, '/dispatch');
  await mapReady(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** metres between two points, near enough for ordering units */
function metres(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const k = 111_320;
  const dx = (a.lng - b.lng) * k * Math.cos((a.lat * Math.PI) / 180);
  const dy = (a.lat - b.lat) * k;
  return Math.hypot(dx, dy);
}

describe('dispatch anyone', () => {
  it('finds a unit beyond the top five by name, shows its arrival estimate and offers it', async () => {
    const now = Date.now();
    const fresh = (await api.json<Unit[]>('/api/units')).filter(
      (u) => u.status === 'available' && u.fix && now - u.fix.time < 30_000
    );
    const at = fresh[0].fix!;
    const res = await api.post('/api/incidents', {
      category: 'dispute',
      priority: 3,
      lng: at.lng,
      lat: at.lat,
      description: '浏览器测试：指定力量',
      source: 'hotline'
    });
    expect(res.status).toBe(201);
    const incident = (await res.json()) as Incident;
    // a unit well down the distance order: the ranking's five never list it
    const far = [...fresh].sort((a, b) => metres(a.fix!, at) - metres(b.fix!, at))[12];

    const row = page.locator(`[data-testid=incident-row][data-incident-id="${incident.id}"]`);
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    await row.click();
    const panel = page.getByTestId('incident-panel');
    await expect.poll(() => panel.getAttribute('data-incident-id')).toBe(incident.id);
    const recs = page.getByTestId('recommendation');
    await expect.poll(() => recs.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const listed = await recs.evaluateAll((els) => els.map((e) => e.getAttribute('data-unit-id')));
    expect(listed).not.toContain(far.id);

    await page.getByTestId('unit-search').fill(far.name);
    const match = page.locator(`[data-testid=unit-match][data-unit-id="${far.id}"]`);
    await expect.poll(() => match.count(), { timeout: 10_000 }).toBe(1);
    await match.click();

    const card = page.locator(`[data-testid=picked-unit][data-unit-id="${far.id}"]`);
    await expect.poll(() => card.count(), { timeout: 10_000 }).toBe(1);
    const reasons = page.getByTestId('picked-reasons');
    expect(Number(await reasons.getAttribute('data-eta-s'))).toBeGreaterThan(0);
    expect(await reasons.textContent()).toContain('分钟');

    await page.getByTestId('picked-offer').click();
    const offer = page.locator(`[data-testid=offer][data-unit-id="${far.id}"]`);
    await expect.poll(() => offer.count(), { timeout: 15_000 }).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
