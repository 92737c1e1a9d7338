import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { booleanPointInPolygon } from '@turf/turf';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { AreaFeature, DistrictCollection } from '../../shared/district.ts';
import type { Incident } from '../../shared/domain.ts';
import type { DistrictImportResult, DistrictVersionInfo } from '../../shared/district-import.ts';
import { ApiClient } from './api-client.ts';
import { launchChromium } from './chromium.ts';
import { foreignRequests } from './page-probes.ts';
import { startServerProcess, type DemoAccount, type ServerProcess } from './server-process.ts';
import { demoAccount, landsOn, signIn } from './sign-in.ts';

/**
 * /admin's 辖区网格导入 in a real browser against the real server: the district in force, less one comprehensive
 * grid, is uploaded as GeoJSON → the report counts one grid fewer, lists the hole as 缺口 in Chinese, flies the
 * preview map there, and 应用 stays disabled; the district unchanged → no errors, 应用 with a note makes a new version
 * the current one; 启用 on the version before puts it back in force; a grid given a new code is retired, and the
 * desk's panel says an open incident's grid is no longer in force. Nothing is requested outside the origin.
 */

let server: ServerProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let accounts: DemoAccount[];
let api: ApiClient;
let district: DistrictCollection;
let removed: AreaFeature;
const requested: string[] = [];
const pageErrors: string[] = [];

const FILE_NAME = '高淳网格.geojson';

beforeAll(async () => {
  server = await startServerProcess({ SIM_UNITS: '300' });
  accounts = server.demoAccounts();
  api = await ApiClient.signIn(server.url, demoAccount(accounts, 'admin'));
  district = await api.json<DistrictCollection>('/api/district');
  browser = await launchChromium();
  context = await browser.newContext({
    viewport: { width: 1400, height: 1000 },
    locale: 'zh-CN'
  });
  context.on('request', (r) => requested.push(r.url()));
  page = await context.newPage();
  page.on('websocket', (ws) => requested.push(ws.url()));
  page.on('pageerror', (e) => pageErrors.push(e.message));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const section = () => page.getByTestId('district-section');
const versionRow = (id: number) =>
  page.locator(`[data-testid=district-version][data-version="${id}"]`);

/** picks the file as a person would, presses 上传并检查, and resolves with what the server answered */
async function upload(fc: DistrictCollection): Promise<DistrictImportResult> {
  await page.getByTestId('district-file').setInputFiles({
    name: FILE_NAME,
    mimeType: 'application/geo+json',
    buffer: Buffer.from(JSON.stringify(fc))
  });
  expect(await page.getByTestId('district-file-name').textContent()).toBe(FILE_NAME);
  const answered = page.waitForResponse(
    (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/district/imports',
    { timeout: 120_000 }
  );
  await page.getByTestId('district-upload').click();
  const res = await answered;
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toMatch(/json/);
  const result = (await res.json()) as DistrictImportResult;
  await expect
    .poll(() => page.getByTestId('district-report').getAttribute('data-ok'), { timeout: 30_000 })
    .toBe(String(result.report.ok));
  return result;
}

function count(layer: string, kind?: string): number {
  return district.features.filter(
    (f) => f.properties.layer === layer && (kind === undefined || f.properties.gridKind === kind)
  ).length;
}

describe('district import on /admin', () => {
  it('shows the district versions, the generated one in force', async () => {
    await page.goto(`${server.url}/login`);
    await signIn(page, demoAccount(accounts, 'admin'));
    await landsOn(page, '/admin');
    await expect
      .poll(() => page.getByTestId('district-version').count(), { timeout: 30_000 })
      .toBe(1);
    expect(await versionRow(1).getAttribute('data-current')).toBe('true');
    expect(await versionRow(1).getByTestId('district-version-current').textContent()).toBe('当前');
    expect(await versionRow(1).getByTestId('district-version-activate').count()).toBe(0);
    const head = await page.getByTestId('district-versions').locator('thead').innerText();
    for (const column of ['版本号', '时间', '操作人', '来源文件', '网格数', '撤销的编码数', '当前'])
      expect(head).toContain(column);
    expect(await page.getByTestId('district-upload').isDisabled()).toBe(true);
  });

  it('reports a district missing a grid as a 缺口 in Chinese, flies there, and will not apply it', async () => {
    const grids = district.features.filter(
      (f) => f.properties.layer === 'grid' && f.properties.gridKind === 'comprehensive'
    );
    removed = grids[Math.floor(grids.length / 2)];
    const holed: DistrictCollection = {
      type: 'FeatureCollection',
      features: district.features.filter((f) => f !== removed)
    };
    const result = await upload(holed);
    expect(result.report.ok).toBe(false);

    const counts = page.getByTestId('district-count');
    const shown = Object.fromEntries(
      await Promise.all(
        (await counts.all()).map(async (c) => [
          await c.getAttribute('data-count'),
          (await c.locator('dd').textContent())?.trim()
        ])
      )
    );
    expect(shown).toEqual({
      comprehensive: String(count('grid', 'comprehensive') - 1),
      specialised: String(count('grid', 'specialised')),
      towns: String(count('town')),
      communities: String(count('community'))
    });

    const errors = result.report.problems.filter((p) => p.severity === 'error');
    expect(await page.getByTestId('district-verdict').textContent()).toContain(
      `发现 ${errors.length} 个错误`
    );
    const gaps = page.locator('[data-testid=district-errors] [data-kind=gap]');
    expect(await gaps.count()).toBeGreaterThan(0);
    const gapText = (await gaps.first().innerText()).trim();
    expect(gapText).toMatch(/^缺口：约 [\d,]+ m²，位置 \d+\.\d+, \d+\.\d+$/);
    // the place it names is in the grid that was taken out
    const [lng, lat] = /位置 ([\d.]+), ([\d.]+)$/.exec(gapText)!.slice(1).map(Number);
    expect(booleanPointInPolygon([lng, lat], removed.geometry)).toBe(true);

    // worded from the kinds and values: none of the server's English sentences, no English at all
    const reportText = await page.getByTestId('district-report').innerText();
    for (const p of result.report.problems) expect(reportText).not.toContain(p.message);
    expect(reportText).not.toMatch(/[A-Za-z]{3,}/);

    expect(await page.getByTestId('district-apply').isDisabled()).toBe(true);
    expect(await page.getByTestId('district-apply-blocked').textContent()).toBe(
      '检查结果中有错误，不能应用'
    );

    // the preview map draws the candidate; the gap picked in the list is flown to
    const map = page.getByTestId('district-preview-map');
    await expect.poll(() => map.getAttribute('data-ready'), { timeout: 120_000 }).toBe('true');
    const index = Number(await gaps.first().getAttribute('data-problem-index'));
    const at = result.report.problems[index].lngLat!;
    await gaps.first().getByRole('button').click();
    await expect
      .poll(() => map.getAttribute('data-focus-index'), { timeout: 10_000 })
      .toBe(String(index));
    await expect
      .poll(
        async () => {
          const [x, y] = ((await map.getAttribute('data-center')) ?? '0,0').split(',').map(Number);
          return Math.max(Math.abs(x - at[0]), Math.abs(y - at[1]));
        },
        { timeout: 60_000 }
      )
      .toBeLessThan(1e-4);
  });

  it('applies the district unchanged as a new version in force, with its note', async () => {
    const result = await upload(district);
    expect(result.report.ok).toBe(true);
    expect(await page.getByTestId('district-verdict').textContent()).toContain(
      '检查通过，可以应用'
    );
    expect(await page.locator('[data-testid=district-errors]').count()).toBe(0);

    await page.getByTestId('district-note').fill('复核后重新导入');
    const apply = page.getByTestId('district-apply');
    expect(await apply.isDisabled()).toBe(false);
    await apply.click();
    const applied = page.getByTestId('district-applied');
    await expect.poll(() => applied.count(), { timeout: 60_000 }).toBe(1);

    const versions = await api.json<DistrictVersionInfo[]>('/api/district/versions');
    const [newest] = versions;
    expect(newest.current).toBe(true);
    expect(newest.source).toBe(FILE_NAME);
    expect(newest.note).toBe('复核后重新导入');
    expect(newest.retired).toEqual([]);
    expect(await applied.textContent()).toContain(`已应用：现行辖区为版本 ${newest.id}`);
    // the candidate is gone with its 应用 button
    expect(await page.getByTestId('district-report').count()).toBe(0);

    const row = versionRow(newest.id);
    await expect.poll(() => row.getAttribute('data-current'), { timeout: 30_000 }).toBe('true');
    expect(await row.innerText()).toContain(FILE_NAME);
    expect(await row.innerText()).toContain('复核后重新导入');
    expect(await versionRow(1).getAttribute('data-current')).toBe('false');
  });

  it('puts the version before back in force with 启用, behind a confirm', async () => {
    const dialog = new Promise<string>((resolve) =>
      page.once('dialog', (d) => {
        resolve(d.message());
        void d.accept();
      })
    );
    await versionRow(1).getByTestId('district-version-activate').click();
    expect(await dialog).toBe('启用版本 1？所有屏幕将改用该版本的辖区。');
    await expect
      .poll(() => versionRow(1).getAttribute('data-current'), { timeout: 30_000 })
      .toBe('true');
    const versions = await api.json<DistrictVersionInfo[]>('/api/district/versions');
    expect(versions.filter((v) => v.current).map((v) => v.id)).toEqual([1]);
    const newest = versions[0];
    expect(await versionRow(newest.id).getAttribute('data-current')).toBe('false');
    expect(await versionRow(newest.id).getByTestId('district-version-activate').count()).toBe(1);
    expect(await section().innerText()).toContain('辖区版本');
  });

  it('retires a recoded grid, and the desk says an open incident’s grid is no longer in force', async () => {
    const grid = district.features.find(
      (f) => f.properties.layer === 'grid' && f.properties.gridKind === 'comprehensive'
    )!;
    const [lng, lat] = grid.properties.labelAt;
    const res = await api.post('/api/incidents', {
      category: 'dispute',
      priority: 3,
      lng,
      lat,
      source: 'hotline',
      description: '辖区导入测试：网格重新编码'
    });
    expect(res.status).toBe(201);
    const incident = (await res.json()) as Incident;
    const code = incident.gridCode;
    expect(code).not.toBe('');

    // the same district with that grid under a new code: its old code is retired
    const recoded: DistrictCollection = {
      type: 'FeatureCollection',
      features: district.features.map((f) =>
        f.properties.code === code ? { ...f, properties: { ...f.properties, code: `${code}9` } } : f
      )
    };
    const result = await upload(recoded);
    expect(result.report.problems.filter((p) => p.severity === 'error')).toEqual([]);
    await page.getByTestId('district-apply').click();
    await expect
      .poll(() => page.getByTestId('district-applied').count(), { timeout: 60_000 })
      .toBe(1);
    const [newest] = await api.json<DistrictVersionInfo[]>('/api/district/versions');
    expect(newest.retired).toEqual([code]);
    const row = versionRow(newest.id);
    await expect.poll(() => row.getAttribute('data-current'), { timeout: 30_000 }).toBe('true');
    expect(await row.getByTestId('district-version-retired').textContent()).toBe('1');

    const desk = await context.newPage();
    desk.on('pageerror', (e) => pageErrors.push(e.message));
    try {
      await desk.goto(`${server.url}/dispatch`);
      await landsOn(desk, '/dispatch');
      const listed = desk.locator(`[data-testid=incident-row][data-incident-id="${incident.id}"]`);
      await expect.poll(() => listed.count(), { timeout: 60_000 }).toBe(1);
      await listed.click();
      const shown = desk.getByTestId('panel-grid');
      await expect.poll(() => shown.getAttribute('data-retired'), { timeout: 30_000 }).toBe('true');
      expect(await shown.textContent()).toBe(`${code}（已撤销，现行辖区中无此网格）`);
    } finally {
      await desk.close();
    }
  });

  it('requests nothing outside its own origin and throws no page error', () => {
    const { network, foreign } = foreignRequests(requested, server.url);
    expect(network.length).toBeGreaterThan(0);
    expect(foreign).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
