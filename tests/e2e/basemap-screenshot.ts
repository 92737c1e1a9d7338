import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from './chromium.ts';
import { screenshotPath } from './screenshots.ts';
import { readDemoAccounts, ROOT, startServerProcess } from './server-process.ts';
import { demoAccount, landsOn, signIn } from './sign-in.ts';
import { makeTestTiles, writeMbtiles, type BasemapPlace } from '../fixtures/basemap-tiles.ts';

/**
 * Takes screenshot-basemap.png (into docs/ with `npm run docs:screenshots`): the dispatcher's desk with the simulator running over the small basemap the
 * browser test makes (固城湖, two roads, a few place names, as an MBTiles file). Not part of `npm test` (tests never
 * write tracked files): run it by hand after `npx vite build`, `npx tsx tests/e2e/basemap-screenshot.ts`.
 */

const OUT = screenshotPath('screenshot-basemap.png');
const VIEWPORT = { width: 1600, height: 1000 };

/** between 淳溪 and the lake */
const FOCUS: [number, number] = [118.9, 31.285];
const ZOOM = 11.4;
// villages show from zoom 11 and give way to our names: a few near the lake, as a basemap would have them
const PLACES: BasemapPlace[] = [
  { name: '固城湖', at: [118.91, 31.262], class: 'village' },
  { name: '永胜圩', at: [118.86, 31.285], class: 'village' },
  { name: '双游村', at: [118.93, 31.305], class: 'village' }
];

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gw-shot-basemap-'));
  writeMbtiles(join(dataDir, 'basemap.mbtiles'), makeTestTiles(PLACES, { maxzoom: 12 }));
  const server = await startServerProcess({ DATA_DIR: dataDir, BASEMAP: 'basemap.mbtiles' });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: VIEWPORT, locale: 'zh-CN' });
    await page.goto(`${server.url}/dispatch`);
    await landsOn(page, '/login');
    await signIn(page, demoAccount(readDemoAccounts(dataDir), 'dispatcher'));
    await landsOn(page, '/dispatch');
    await page.waitForFunction(() => (window.__gridwatch?.unitsDrawn() ?? 0) > 100, null, {
      timeout: 120_000
    });
    // in on the lake and 淳溪 (zoom 11.5: the basemap's village names show), where the basemap has something to show
    for (let i = 0; i < 12; i++) {
      await page.waitForFunction(() => window.__gridwatch?.mapView()?.moving === false);
      const view = await page.evaluate(() => window.__gridwatch!.mapView());
      if ((view?.zoom ?? 0) >= ZOOM) break;
      const at = await page.evaluate(([x, y]) => window.__gridwatch!.mapPixel(x, y), FOCUS);
      if (!at) continue;
      await page.mouse.move(at[0], at[1]);
      await page.mouse.wheel(0, -120);
    }
    await page.waitForFunction(() => window.__gridwatch?.basemapIdle() === true, null, {
      timeout: 60_000
    });
    mkdirSync(join(ROOT, 'docs'), { recursive: true });
    await page.screenshot({ path: OUT });
    console.log(`wrote ${OUT}`);
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
