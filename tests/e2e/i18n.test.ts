import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Incident, Unit } from '../../shared/domain.ts';
import type { DistrictCollection } from '../../shared/district.ts';
import { ApiClient } from './api-client.ts';
import { launchChromium } from './chromium.ts';
import { DistrictGeometry } from './district-geometry.ts';
import { mapReady, probe } from './page-probes.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';
import { demoAccount, landsOn, signIn } from './sign-in.ts';

/**
 * One language on screen at a time. The page's two message tables hold the same keys (read through the
 * `dictionaries` probe); the dispatch desk shows no English word in Chinese and, after the language toggle, no
 * Chinese character in English; the wall, which has no toggle, speaks the language its kiosk link names, whatever
 * the browser's — except what comes from the data: the district's place names, unit
 * names, account labels and usernames, an incident's id and description. Those are read from the server and cut out of
 * the page's text before it is checked, so whatever Chinese is left is interface text that bypassed the tables.
 */

const VIEWPORT = { width: 1600, height: 1000 };
const CJK = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+/g;
const WORD = /[A-Za-z]{2,}/g;
/**
 * Latin words a Chinese screen may show: the English toggle names its language in English (as the Chinese one says
 * 中文 on an English screen), and the keys are named as printed on the keyboard. (Single letters, P1–P4, km and
 * other one-letter or numbered tokens never match WORD.)
 */
const LATIN_IN_CHINESE = new Set(['English', 'Enter', 'Esc']);
/** the only Chinese an English screen may show that is not data: the Chinese toggle's own name */
const CHINESE_IN_ENGLISH = new Set(['中文']);

let server: ServerProcess;
let browser: Browser;
let admin: ApiClient;
/** every string the server's data puts on screen, longest first, so a longer name is cut before its parts */
let data: string[] = [];

beforeAll(async () => {
  server = await startServerProcess({ SIM: 'off', SIM_UNITS: '300' });
  const accounts = server.demoAccounts();
  const api = await ApiClient.signIn(server.url, demoAccount(accounts, 'commander'));
  admin = await ApiClient.signIn(server.url, demoAccount(accounts, 'admin'));
  const district = await api.json<DistrictCollection>('/api/district');
  // an open incident, so the queue and its panel have rows to print
  const at = new DistrictGeometry(district).gridPoints('320118001')[0];
  const res = await api.post('/api/incidents', {
    category: 'dispute',
    priority: 2,
    lng: at[0],
    lat: at[1],
    source: 'hotline',
    description: '语言测试：邻里噪音纠纷'
  });
  expect(res.status).toBe(201);
  const units = await api.json<Unit[]>('/api/units');
  const incidents = await api.json<Incident[]>('/api/incidents');
  data = [
    ...district.features.map((f) => f.properties.name),
    ...units.map((u) => u.name),
    ...incidents.flatMap((i) => [i.id, i.description ?? '', i.reporter?.name ?? '']),
    ...accounts.flatMap((a) => [a.label ?? '', a.username])
  ]
    .filter((s) => s.length > 0)
    .sort((a, b) => b.length - a.length);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** what a person sees or hears read out: the rendered text, and titles, labels and placeholders */
function screenText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const parts = [document.title, document.body.innerText];
    for (const el of document.querySelectorAll<HTMLElement>('[title],[aria-label],[placeholder]')) {
      if (!el.checkVisibility()) continue;
      for (const a of ['title', 'aria-label', 'placeholder']) parts.push(el.getAttribute(a) ?? '');
    }
    return parts.join('\n');
  });
}

/** the page's text with every data string cut out */
async function interfaceText(page: Page): Promise<string> {
  let text = await screenText(page);
  for (const s of data) if (text.includes(s)) text = text.split(s).join(' ');
  return text;
}

async function latinWords(page: Page): Promise<string[]> {
  const words = (await interfaceText(page)).match(WORD) ?? [];
  return [...new Set(words)].filter((w) => !LATIN_IN_CHINESE.has(w));
}

async function chineseRuns(page: Page): Promise<string[]> {
  const runs = (await interfaceText(page)).match(CJK) ?? [];
  return [...new Set(runs)].filter((r) => !CHINESE_IN_ENGLISH.has(r));
}

/** a wall opened by its kiosk link in a Chinese browser, once its map and figures are up */
async function openWall(kioskUrl: string): Promise<Page> {
  const page = await browser.newPage({ viewport: VIEWPORT, locale: 'zh-CN' });
  await page.goto(`${server.url}${kioskUrl}`);
  await landsOn(page, '/wall');
  await mapReady(page);
  await page.waitForFunction(
    () =>
      Number(document.querySelector<HTMLElement>('[data-testid=figures-state]')?.dataset.at) > 0,
    null,
    { timeout: 30_000 }
  );
  return page;
}

/** switches with the account menu's toggle, and waits until the page says so */
async function toEnglish(page: Page): Promise<void> {
  await page.getByTestId('lang-en').click();
  await page.waitForFunction(() => document.documentElement.lang.startsWith('en'));
}

describe('one language at a time', () => {
  it('holds the same keys in both dictionaries; shows the desk in Chinese only, then English only', async () => {
    const page = await browser.newPage({ viewport: VIEWPORT, locale: 'zh-CN' });
    await page.goto(`${server.url}/dispatch`);
    await landsOn(page, '/login');
    await signIn(page, demoAccount(server.demoAccounts(), 'dispatcher'));
    await landsOn(page, '/dispatch');
    await mapReady(page);
    const { zh, en } = await probe(page, 'dictionaries');
    expect(zh.length).toBeGreaterThan(600);
    expect(zh.filter((k) => !en.includes(k))).toEqual([]);
    expect(en.filter((k) => !zh.includes(k))).toEqual([]);

    // the desk in Chinese, with an incident's panel open, then in English
    await page.locator('[data-testid=incident-row]').first().click();
    await page.getByTestId('incident-status').waitFor();
    expect(await screenText(page)).toContain('事件队列');
    expect(await latinWords(page)).toEqual([]);
    await toEnglish(page);
    expect(await screenText(page)).toContain('Incident queue');
    expect(await chineseRuns(page)).toEqual([]);
    await page.context().close();
  });

  it('shows the wall in Chinese only; by a link made for English, in English only', async () => {
    const wall = demoAccount(server.demoAccounts(), 'wall');
    const page = await openWall(wall.kioskUrl!);
    expect(await page.getByTestId('language-toggle').count()).toBe(0);
    expect(await latinWords(page)).toEqual([]);
    await page.context().close();

    // the admin chooses the wall's language with its link; the browser here says Chinese
    const res = await admin.post('/api/kiosks', { label: 'Lobby wall', towns: null, lang: 'en' });
    expect(res.status).toBe(201);
    const english = await openWall(((await res.json()) as { url: string }).url);
    expect(await english.evaluate(() => document.documentElement.lang)).toMatch(/^en/);
    expect(await screenText(english)).toContain('Open incidents');
    expect(await chineseRuns(english)).toEqual([]);
    await english.context().close();
  });
});
