import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { LngLat } from '../../shared/district.ts';
import { launchChromium } from './chromium.ts';
import { DistrictGeometry, bbox } from './district-geometry.ts';
import { mapReady, probe } from './page-probes.ts';
import { startServerProcess, type DemoAccount, type ServerProcess } from './server-process.ts';
import { demoAccount, landsOn, signIn } from './sign-in.ts';

/**
 * Place search at intake, in a real browser against the real server: choosing 桠溪街道 frames the map on the
 * town and sets no location until a click inside it (a click in another town is refused); a town leader's
 * search finds nothing of another town.
 */

const YAXI = '320118006';
const CHUNXI = '320118001';
const VIEWPORT = { width: 1600, height: 1000 };

let server: ServerProcess;
let accounts: DemoAccount[];
let district: DistrictGeometry;
let browser: Browser;

beforeAll(async () => {
  server = await startServerProcess({ SIM_UNITS: '200' });
  accounts = server.demoAccounts();
  district = await DistrictGeometry.fetch(server.url);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function openAs(username: string, path: string): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await signIn(page, demoAccount(accounts, username));
  await landsOn(page, path);
  await mapReady(page);
  return page;
}

async function settled(page: Page): Promise<void> {
  await expect
    .poll(async () => (await probe(page, 'mapView'))?.moving, { timeout: 20_000 })
    .toBe(false);
}

/**
 * A grid label point of one of `towns` on the visible map, clear of the panels and of incident pins (a click on
 * a pin opens the incident instead of picking), with its page pixel.
 */
async function clickable(
  page: Page,
  towns: string[]
): Promise<{ at: LngLat; px: [number, number] }> {
  const pins: Array<[number, number]> = [];
  for (const pin of await probe(page, 'incidentsDrawnList')) {
    const p = await page.evaluate((id) => window.__gridwatch!.incidentScreenPoint(id), pin.id);
    if (p) pins.push(p);
  }
  for (const town of towns) {
    for (const at of district.gridPoints(town)) {
      const px = await page.evaluate(([lng, lat]) => window.__gridwatch!.mapPixel(lng, lat), at);
      if (!px) continue;
      const [x, y] = px;
      const clear = pins.every(([a, b]) => Math.hypot(a - x, b - y) > 16);
      if (x > 720 && x < VIEWPORT.width - 60 && y > 120 && y < VIEWPORT.height - 70 && clear)
        return { at, px };
    }
  }
  throw new Error(`no clickable point of ${towns} on screen`);
}

describe('place search at intake', () => {
  it('frames 桠溪 and sets no location until a click inside it', async () => {
    const page = await openAs('dispatcher', '/dispatch');
    await settled(page);
    const before = (await probe(page, 'mapView'))!;
    await page.getByTestId('new-incident-button').click();
    const results = page.getByTestId('place-result');
    await page.getByTestId('place-search').fill('桠溪');
    await expect.poll(() => results.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await results.first().getAttribute('data-code')).toBe(YAXI);
    await results.first().click();

    // no location, a prompt for the exact point, and the camera on the town
    expect(await page.getByTestId('form-lng').inputValue()).toBe('');
    expect(await page.getByTestId('form-hint').textContent()).toContain('在地图上点击');
    expect(await page.getByTestId('form-place').getAttribute('data-code')).toBe(YAXI);
    await settled(page);
    const view = (await probe(page, 'mapView'))!;
    expect(view.zoom).toBeGreaterThan(before.zoom);
    const [w, s, e, n] = bbox(district.town(YAXI));
    expect(view.centre[0]).toBeGreaterThan(w);
    expect(view.centre[0]).toBeLessThan(e);
    expect(view.centre[1]).toBeGreaterThan(s);
    expect(view.centre[1]).toBeLessThan(n);

    // a click in another town is refused
    const others = ['320118005', '320118003', '320118004', '320118002', '320118101', '320118102'];
    const outside = await clickable(page, [...others, CHUNXI]);
    expect(district.townOf(outside.at)).not.toBe(YAXI);
    await page.mouse.click(outside.px[0], outside.px[1]);
    await expect.poll(() => page.getByTestId('form-place-refused').count()).toBe(1);
    expect(await page.getByTestId('form-place-refused').textContent()).toContain('桠溪街道');
    expect(await page.getByTestId('form-lng').inputValue()).toBe('');

    // a click inside is the location
    const inside = await clickable(page, [YAXI]);
    await page.mouse.click(inside.px[0], inside.px[1]);
    await expect.poll(() => page.getByTestId('form-lng').inputValue()).not.toBe('');
    const at: LngLat = [
      Number(await page.getByTestId('form-lng').inputValue()),
      Number(await page.getByTestId('form-lat').inputValue())
    ];
    expect(district.townOf(at)).toBe(YAXI);
    expect(Math.abs(at[0] - inside.at[0])).toBeLessThan(0.001);
    expect(Math.abs(at[1] - inside.at[1])).toBeLessThan(0.001);
    expect(await page.getByTestId('form-place-refused').count()).toBe(0);
    await page.context().close();
  });

  it("finds nothing of 淳溪 for 桠溪's town leader", async () => {
    const page = await openAs('leader-yaxi', '/town');
    await page.getByTestId('new-incident-button').click();
    await page.getByTestId('place-search').fill('淳溪');
    await expect.poll(() => page.getByTestId('place-none').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.getByTestId('place-result').count()).toBe(0);
    // her own town she finds
    await page.getByTestId('place-search').fill('yx');
    await expect
      .poll(() => page.getByTestId('place-result').count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    const codes = await page
      .getByTestId('place-result')
      .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-code') ?? ''));
    expect(codes[0]).toBe(YAXI);
    await page.context().close();
  });
});
