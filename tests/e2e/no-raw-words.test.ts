import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Incident } from '../../shared/domain.ts';
import type { LngLat } from '../../shared/district.ts';
import type { Result } from '../../shared/result.ts';
import { ApiClient } from './api-client.ts';
import { launchChromium } from './chromium.ts';
import { DistrictGeometry } from './district-geometry.ts';
import { connectLive, type LiveSocket } from './live-socket.ts';
import { mapReady } from './page-probes.ts';
import { startServerProcess, type DemoAccount, type ServerProcess } from './server-process.ts';
import { demoAccount, landsOn, signIn } from './sign-in.ts';

/**
 * Chinese screens show Chinese words: every role's screen in Chinese, read as a person sees it (the page's visible
 * text, its title, and the title, aria-label and placeholder of every element), holds no latin word but the few it
 * shows on purpose (ALLOWED) and identifiers (unit, incident and device ids, login names). The incidents it reads
 * have been through what writes the server's own notes: a duplicate merged, an offer timed out, one declined, an
 * escalation by the ladder, a task accepted on the phone; the audit log holds those commands.
 * One server; offers time out after 6 s. `POST /api/login` allows 10 attempts a minute per address: this makes 7.
 */

const CHUNXI = '320118001';
const VIEWPORT = { width: 1600, height: 1000 };
const OFFER_TIMEOUT_S = 6;

/**
 * Latin words the screens show on purpose: the product's name, a language's own name, priorities, units of
 * measure, key names, acronyms people use as words, the GPS apps a person must find by name, the file formats,
 * encodings and coordinate systems a district file comes in, the attribute names its table may use (shown as the
 * file has them), and the example of an integration's name (latin by rule).
 */
const ALLOWED = new Set([
  'Gridwatch',
  'English',
  ...['P1', 'P2', 'P3', 'P4'],
  ...['km', 'h', 'm', 'MB'],
  ...['Enter', 'Esc'],
  ...['GPS', 'API', 'CSV'],
  ...['Traccar', 'OsmAnd'],
  ...['Shapefile', 'GeoJSON', 'zip', 'shp', 'dbf', 'prj', 'geojson', 'json', 'DBF'],
  ...['GBK', 'UTF-8', 'CGCS2000', 'EPSG'],
  ...['code', 'name', 'kind', 'town', 'community'],
  'hotline-12345'
]);
/** product names of more than one word, read as one */
const BRANDS = ['Traccar Client'];
/** identifiers: unit ids (GRI-00302), incident ids, demo GPS device ids, CRS names, district file names */
const IDENTIFIERS = [
  /^[A-Z]{3}-\d{5}$/,
  /^INC-\d{8}-\d+$/,
  /^demo-[0-9a-f]{10}$/,
  /^(WGS|GCJ)-\d+$/,
  /^[\w-]+\.(json|geojson|zip)$/
];

let server: ServerProcess;
let browser: Browser;
let accounts: DemoAccount[];
let dispatcher: LiveSocket;
let field: LiveSocket;
let fieldUnit: string;
/** the incident that went through a merge, a time-out, a decline and the ladder's escalation */
let worked = '';
/** the incident the field unit accepted */
let task = '';

beforeAll(async () => {
  server = await startServerProcess({
    SIM_UNITS: '400',
    OFFER_TIMEOUT_S: String(OFFER_TIMEOUT_S)
  });
  accounts = server.demoAccounts();
  browser = await launchChromium();
  const district = await DistrictGeometry.fetch(server.url);
  const desk = await ApiClient.signIn(server.url, demoAccount(accounts, 'dispatcher'));
  const phone = await ApiClient.signIn(server.url, demoAccount(accounts, 'field'));
  dispatcher = await connectLive(server.url, await desk.socketToken());
  field = await connectLive(server.url, await phone.socketToken());
  fieldUnit = demoAccount(accounts, 'field').unitId!;
  const [here, there] = district.gridPoints(CHUNXI);
  await story(here, there);
}, 240_000);

afterAll(async () => {
  dispatcher?.close();
  field?.close();
  await browser?.close();
  await server?.stop();
});

let n = 0;
/** a request with its ack, a fresh command id; a refusal throws with the server's words */
async function ask<T>(socket: LiveSocket, event: string, payload: object): Promise<T> {
  const timed = socket.timeout(15_000) as unknown as {
    emitWithAck(e: string, p: object): Promise<Result<T>>;
  };
  // a position report is no command: it carries no command id
  const id = event === 'unit:report' ? {} : { commandId: `e2e-words-${Date.now()}-${++n}` };
  const res = await timed.emitWithAck(event, { ...id, ...payload });
  if (!res.ok) throw new Error(`${event}: ${res.error} ${res.message}`);
  return res.data;
}

/** the incidents as the dispatcher's socket last heard them, and those the phone heard */
const desk = new Map<string, Incident>();
const phone = new Map<string, Incident>();

function listen(socket: LiveSocket, into: Map<string, Incident>): void {
  socket.on('incident:changed', (c) => into.set(c.incident.id, c.incident));
}

/** waits (in beforeAll, where expect.poll is not available) until the desk has heard the incident come to this */
async function until(
  id: string,
  done: (i: Incident) => boolean,
  timeoutMs = 60_000
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(desk.has(id) && done(desk.get(id)!))) {
    if (Date.now() > end)
      throw new Error(`${id} did not come to ${done}: ${JSON.stringify(desk.get(id))}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * The phone's unit free for our offers: an offer the simulator's desk made it is declined, a task it was given is
 * left, and it goes on duty (each refused when there is nothing to do, which is fine).
 */
async function freeFieldUnit(): Promise<void> {
  for (const inc of phone.values()) {
    if (inc.id === worked || inc.id === task) continue;
    const open = inc.offers.some((o) => o.unitId === fieldUnit && o.status === 'offered');
    if (open) {
      await ask(field, 'offer:respond', {
        incidentId: inc.id,
        unitId: fieldUnit,
        accept: false,
        reason: '另有任务'
      }).catch(() => undefined);
    }
  }
  await ask(field, 'unit:status', { unitId: fieldUnit, status: 'available' }).catch(
    () => undefined
  );
}

/**
 * What makes the server write its notes: the phone reports where it is (the simulator leaves a unit with a real
 * phone alone), a report and its duplicate merged, the phone's unit offered and silent until the deadline, offered
 * again and declining, the second failure, so the ladder escalates; then a second incident the phone accepts.
 */
async function story(here: LngLat, there: LngLat): Promise<void> {
  listen(dispatcher, desk);
  listen(field, phone);
  await ask(field, 'unit:report', {
    unitId: fieldUnit,
    lng: here[0],
    lat: here[1],
    time: Date.now(),
    accuracyM: 8
  });
  const create = (at: LngLat, description: string) =>
    ask<Incident>(dispatcher, 'incident:create', {
      category: 'dispute',
      priority: 2,
      lng: at[0],
      lat: at[1],
      source: 'hotline',
      description
    });
  const first = await create(here, '楼上漏水引发邻里纠纷');
  worked = first.id;
  const again = await create([here[0], here[1] + 0.0003], '邻里纠纷，二次来电');
  expect(again.possibleDuplicateOf).toBe(first.id);
  await ask(dispatcher, 'incident:merge', { incidentId: again.id, intoId: first.id });

  await freeFieldUnit();
  await ask(dispatcher, 'dispatch:assign', { incidentId: first.id, unitId: fieldUnit });
  await until(first.id, (i) => i.offers.some((o) => o.status === 'timed_out'));
  await freeFieldUnit();
  await ask(dispatcher, 'dispatch:assign', { incidentId: first.id, unitId: fieldUnit });
  await ask(field, 'offer:respond', {
    incidentId: first.id,
    unitId: fieldUnit,
    accept: false,
    reason: '车辆故障'
  });
  await until(first.id, (i) => i.escalation !== null);

  const second = await create(there, '路灯倒伏压住电动车');
  task = second.id;
  await freeFieldUnit();
  await ask(dispatcher, 'dispatch:assign', { incidentId: second.id, unitId: fieldUnit });
  await ask(field, 'offer:respond', { incidentId: second.id, unitId: fieldUnit, accept: true });
}

/** A page of its own (its own cookie) in Chinese, signed in as `username` unless the path signs in itself. */
async function screen(path: string, username?: string, lands = path): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${server.url}${username ? '/login' : path}`);
  if (username) await signIn(page, demoAccount(accounts, username));
  await landsOn(page, lands);
  return page;
}

/**
 * Every latin word a person reads on the page — visible text, the page's title, and every element's title,
 * aria-label and placeholder — that is neither allowed nor an identifier, each with the text around it.
 */
async function rawWords(page: Page): Promise<string[]> {
  const { texts, keys } = await page.evaluate(() => {
    const out = [document.title, document.body.innerText];
    for (const el of document.querySelectorAll('[title], [aria-label], [placeholder]')) {
      for (const name of ['title', 'aria-label', 'placeholder']) {
        const value = el.getAttribute(name);
        if (value) out.push(value);
      }
    }
    // a key cap shows the key's own letter
    const caps = [...document.querySelectorAll('kbd')].map((k) => k.textContent ?? '');
    return { texts: out, keys: caps.flatMap((c) => c.split(/\s+/)) };
  });
  const logins = new Set(accounts.map((a) => a.username));
  const found = new Map<string, string>();
  for (const raw of texts) {
    // an address to type into a device is an address
    const text = BRANDS.reduce((t, b) => t.replaceAll(b, ' '), raw).replace(/https?:\/\/\S+/g, ' ');
    for (const m of text.matchAll(/[A-Za-z][A-Za-z0-9_.-]*/g)) {
      const word = m[0].replace(/[.-]+$/, '');
      const known = ALLOWED.has(word) || logins.has(word) || keys.includes(word);
      if (known || IDENTIFIERS.some((re) => re.test(word))) continue;
      const around = text.slice(Math.max(0, m.index - 24), m.index + word.length + 24);
      if (!found.has(word)) found.set(word, around.replace(/\s+/g, ' '));
    }
  }
  return [...found].map(([word, around]) => `${word} «${around}»`);
}

describe('the English dictionary leaves no raw word on a Chinese screen', () => {
  it('on the dispatcher’s desk with the worked incident’s offers, alert and timeline open', async () => {
    const page = await screen('/dispatch', 'dispatcher');
    await mapReady(page);
    const row = page.locator(`[data-testid=incident-row][data-incident-id="${worked}"]`);
    await expect.poll(() => row.count(), { timeout: 60_000 }).toBe(1);
    await row.click();
    const entries = page.getByTestId('timeline-entry');
    const types = () => entries.evaluateAll((es) => es.map((e) => e.getAttribute('data-type')));
    for (const type of ['merged', 'offer_timed_out', 'declined', 'escalated']) {
      await expect.poll(types, { timeout: 30_000 }).toContain(type);
    }
    await expect.poll(() => page.getByTestId('escalation-alert').count()).toBeGreaterThan(0);
    // people by their names: the dispatcher's offers and the timeline entries she made
    const actors = await page.getByTestId('timeline-actor').allTextContents();
    expect(actors).toContain('王建国');
    expect(actors).not.toContain('dispatcher');
    const offers = await page.getByTestId('offer').allTextContents();
    expect(offers.some((o) => o.includes('派单：王建国'))).toBe(true);
    expect(await rawWords(page)).toEqual([]);
    await page.context().close();
  });

  it('on the commander’s desk with the phone’s task open', async () => {
    const page = await screen('/dispatch', 'commander');
    await mapReady(page);
    const row = page.locator(`[data-testid=incident-row][data-incident-id="${task}"]`);
    await expect.poll(() => row.count(), { timeout: 60_000 }).toBe(1);
    await row.click();
    await expect
      .poll(() => page.getByTestId('timeline-entry').count(), { timeout: 30_000 })
      .toBeGreaterThan(2);
    expect(await rawWords(page)).toEqual([]);
    await page.context().close();
  });

  it('on a town leader’s desk', async () => {
    const page = await screen('/town', 'leader-chunxi');
    await expect
      .poll(() => page.locator('[data-testid=incident-row]').count(), { timeout: 60_000 })
      .toBeGreaterThan(0);
    expect(await rawWords(page)).toEqual([]);
    await page.context().close();
  });

  it('on the wall, with the escalation across it', async () => {
    const page = await screen(demoAccount(accounts, 'wall').kioskUrl!, undefined, '/wall');
    await expect
      .poll(() => page.locator('[data-testid=incident-row]').count(), { timeout: 60_000 })
      .toBeGreaterThan(0);
    await expect
      .poll(() => page.getByTestId('escalation-alert').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    expect(await rawWords(page)).toEqual([]);
    await page.context().close();
  });

  it('on the phone with its task', async () => {
    const page = await screen('/field', 'field');
    const card = page.locator(`[data-testid=field-incident][data-incident-id="${task}"]`);
    await expect.poll(() => card.count(), { timeout: 60_000 }).toBe(1);
    expect(await rawWords(page)).toEqual([]);
    await page.context().close();
  });

  it('on every admin section, the audit log with the commands above among them', async () => {
    const page = await screen('/admin', 'admin');
    const rows = page.getByTestId('audit-row');
    await expect
      .poll(() => rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-action'))), {
        timeout: 60_000
      })
      .toEqual(expect.arrayContaining(['incident.merge', 'offer.respond', 'dispatch.assign']));
    await expect
      .poll(() => page.getByTestId('account-row').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    // who did it, by name: the dispatcher's commands are signed 王建国
    const merge = page.locator('[data-testid=audit-row][data-action="incident.merge"]');
    expect(await merge.first().getByTestId('audit-actor').textContent()).toBe('王建国');
    expect(await rawWords(page)).toEqual([]);
    await page.context().close();
  });
});
