import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TrackPoint } from '../../shared/commands.ts';
import type { Incident, Unit } from '../../shared/domain.ts';
import type { DistrictCollection, LngLat } from '../../shared/district.ts';
import { distanceM } from '../../geo/unit-index.ts';
import { ApiClient } from './api-client.ts';
import { connectLive, type LiveSocket } from './live-socket.ts';
import { launchChromium } from './chromium.ts';
import { screenshotPath } from './screenshots.ts';
import { foreignRequests, mapReady } from './page-probes.ts';
import { readDemoAccounts, startServerProcess, type ServerProcess } from './server-process.ts';
import { demoAccount, landsOn, signIn } from './sign-in.ts';

/**
 * The field app on a phone in a real browser against the real server, with nobody else moving its unit (the
 * simulator is off): the demo field account walks a path inside the district (Playwright's geolocation) while a
 * dispatcher's desk watches the unit's marker; an offer made over the dispatcher's socket rings on the phone with
 * its distance and map and is accepted; then the phone loses its network for 30 s, in which the person reports en
 * route, on scene and done (with a note and a photo) and keeps walking. Back online, every status arrives once, in
 * order, stamped with when it was pressed, the late positions are in the unit's history, and the marker never went
 * back. Last, /field opens with no network at all (the service worker). The steps share one server and run in
 * order. `POST /api/login` allows 10 attempts a minute per address: this file makes 3.
 */

const SCREENSHOT = screenshotPath('screenshot-field.png');
const PHONE = { width: 400, height: 860 };
const DESK = { width: 1280, height: 800 };
/** metres between two points of the walk: over the backlog's 50 m, and a walking pace at a step a second or more */
const STEP_M = 60;
const STEPS = 13;
/** the points walked online before the outage; the next OFFLINE_STEPS are walked without a network */
const ONLINE_STEPS = 5;
const OFFLINE_STEPS = 5;
const OUTAGE_MS = 30_000;
const NOTE = '浏览器测试：已劝离，现场恢复正常';
/** a photo larger than the app keeps, to see it made small (PHOTO_MAX_PX) */
const PHOTO_PX: [number, number] = [2400, 1800];

let dataDir = '';
let server: ServerProcess;
let browser: Browser;
let desk: ApiClient;
let deskSocket: LiveSocket;
let deskPage: Page;
let phone: BrowserContext;
let fieldPage: Page;
let unitId = '';
let unitName = '';
let unitKind = '';
let path: LngLat[] = [];
let incidentId = '';
const requested: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  // the demo makes the force and its accounts; with the simulator off every fix of the field unit is the phone's
  dataDir = mkdtempSync(join(tmpdir(), 'gw-field-'));
  server = await startServerProcess({ DATA_DIR: dataDir, SIM: 'off', SIM_UNITS: '300' });
  const accounts = readDemoAccounts(dataDir);
  const field = demoAccount(accounts, 'field');
  const dispatcher = demoAccount(accounts, 'dispatcher');
  if (!field.unitId) throw new Error('demo field account has no unit');
  unitId = field.unitId;

  desk = await ApiClient.signIn(server.url, dispatcher);
  const unit = (await desk.json<Unit[]>('/api/units')).find((u) => u.id === unitId);
  if (!unit) throw new Error(`dispatcher cannot see unit ${unitId}`);
  unitName = unit.name;
  unitKind = unit.kind;
  path = walk(unit.fix ? [unit.fix.lng, unit.fix.lat] : await homeOf(unit), STEPS);
  deskSocket = await connectLive(server.url, await desk.socketToken());

  browser = await launchChromium();
  const office = await browser.newContext({ viewport: DESK, locale: 'zh-CN' });
  office.on('request', (r) => requested.push(r.url()));
  deskPage = await office.newPage();
  deskPage.on('pageerror', (e) => pageErrors.push(`desk: ${e.message}`));
  await deskPage.goto(`${server.url}/dispatch`);
  await landsOn(deskPage, '/login');
  await signIn(deskPage, dispatcher);
  await landsOn(deskPage, '/dispatch');

  phone = await browser.newContext({
    viewport: PHONE,
    locale: 'zh-CN',
    permissions: ['geolocation'],
    geolocation: at(path[0])
  });
  // context-wide, so the service worker's requests count too
  phone.on('request', (r) => requested.push(r.url()));
  fieldPage = await phone.newPage();
  fieldPage.on('websocket', (ws) => requested.push(ws.url()));
  fieldPage.on('pageerror', (e) => pageErrors.push(`field: ${e.message}`));
  await fieldPage.goto(`${server.url}/field`);
  await landsOn(fieldPage, '/login');
  await signIn(fieldPage, field);
  await landsOn(fieldPage, '/field');
  await mapReady(deskPage);
});

afterAll(async () => {
  deskSocket?.close();
  await browser?.close();
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('field app on a phone', () => {
  it('is installable: a manifest with PNG icons, and a service worker for /field', async () => {
    const href = await fieldPage.getAttribute('link[rel=manifest]', 'href');
    expect(href).toBeTruthy();
    const manifest = (await (await fieldPage.request.get(`${server.url}${href}`)).json()) as {
      name: string;
      start_url: string;
      display: string;
      theme_color: string;
      icons: Array<{ src: string; sizes: string; type: string }>;
    };
    expect(manifest).toMatchObject({
      name: '网格指挥·一线',
      start_url: '/field',
      display: 'standalone'
    });
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(manifest.icons.map((i) => i.sizes)).toEqual(
      expect.arrayContaining(['192x192', '512x512'])
    );
    for (const icon of manifest.icons) {
      const res = await fieldPage.request.get(`${server.url}${icon.src}`);
      expect(res.status()).toBe(200);
      expect(res.headers()['content-type']).toBe('image/png');
      // a PNG's signature and its size in the IHDR chunk
      const png = await res.body();
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`).toBe(icon.sizes);
    }
    const scope = await fieldPage.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(`${server.url}/field`);
  });

  it('shares its position from duty on, and the desk sees the marker follow the walk', async () => {
    const status = fieldPage.getByTestId('field-unit-status');
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 30_000 }).toBeTruthy();
    if ((await status.getAttribute('data-status')) === 'off_duty') {
      await fieldPage.getByTestId('field-action-on_duty').click();
    }
    await expect
      .poll(() => status.getAttribute('data-status'), { timeout: 30_000 })
      .toBe('available');
    await expect
      .poll(() => fieldPage.getAttribute('[data-testid=location-state]', 'data-state'))
      .toBe('sharing');

    // everything the desk draws for this unit from now on, in order
    await deskPage.evaluate((id) => {
      const w = window as unknown as { __trail: Array<[number, number]> };
      w.__trail = [];
      setInterval(() => {
        const u = window.__gridwatch?.unitsDrawnList().find((x) => x.id === id);
        const last = w.__trail.at(-1);
        if (u && (!last || last[0] !== u.lng || last[1] !== u.lat)) w.__trail.push([u.lng, u.lat]);
      }, 50);
    }, unitId);

    for (let i = 0; i < ONLINE_STEPS; i++) {
      await phone.setGeolocation(at(path[i]));
      await expect.poll(() => markerAt(), { timeout: 20_000 }).toSatisfy(near(path[i]));
    }
    await expect
      .poll(() => fieldPage.getAttribute('[data-testid=location-last-sent]', 'data-time'))
      .not.toBe('');
    expect(await fieldPage.getByTestId('location-accuracy').textContent()).toMatch(/±\d+/);
  });

  it('rings an offer with its distance from the phone and a map, and accepts it', async () => {
    const here = path[ONLINE_STEPS - 1];
    // 400 m north of the walk's end: never within the 50 m that would mark the unit on scene by itself
    const spot: LngLat = [path.at(-1)![0], path.at(-1)![1] + 400 / 111_195];
    const res = await desk.post('/api/incidents', {
      category: 'public_order',
      priority: 3,
      lng: spot[0],
      lat: spot[1],
      source: 'hotline',
      description: '浏览器测试：一线处置'
    });
    expect(res.status).toBe(201);
    incidentId = ((await res.json()) as { id: string }).id;
    const offered = await deskSocket.timeout(10_000).emitWithAck('dispatch:assign', {
      commandId: `e2e-offer-${Date.now()}`,
      incidentId,
      unitId
    });
    expect(offered.ok).toBe(true);

    const card = fieldPage.getByTestId('offer-card');
    await expect
      .poll(() => card.getAttribute('data-incident-id'), { timeout: 30_000 })
      .toBe(incidentId);
    const shown = (await fieldPage.getByTestId('offer-card-distance').textContent()) ?? '';
    const metres = Number(/距您约 (\d+) m/.exec(shown)?.[1]);
    expect(Math.abs(metres - distanceM(...here, ...spot))).toBeLessThan(5);
    await expect
      .poll(() => fieldPage.getAttribute('[data-testid=offer-map]', 'data-ready'), {
        timeout: 60_000
      })
      .toBe('true');
    // the phone as a grid worker sees a new task
    await fieldPage.screenshot({ path: SCREENSHOT });

    await fieldPage.getByTestId('offer-accept').click();
    await expect.poll(() => card.count()).toBe(0);
    await expect
      .poll(() => fieldPage.getAttribute('[data-testid=field-unit-status]', 'data-status'), {
        timeout: 30_000
      })
      .toBe('assigned');
    expect((await incident()).status).toBe('accepted');
  });

  it('keeps what is pressed and where it went during a 30 s outage, and sends it all once, in order', async () => {
    const status = fieldPage.getByTestId('field-unit-status');
    const queue = fieldPage.getByTestId('queue-count');
    const waiting = async () => Number(await queue.getAttribute('data-count'));
    const cutAt = Date.now();
    await phone.setOffline(true);
    await expect
      .poll(() => fieldPage.getAttribute('[data-testid=connection]', 'data-status'), {
        timeout: 30_000
      })
      .not.toBe('online');

    // one step of the walk every 5 s of the outage (a pace the server's filter believes for late fixes too),
    // with a press after each of the first three
    const presses = [
      async () => fieldPage.getByTestId('field-action-depart').click(),
      async () => fieldPage.getByTestId('field-action-arrive').click(),
      async () => {
        await fieldPage.getByTestId('field-action-done').click();
        await fieldPage.getByTestId('done-note').fill(NOTE);
        await fieldPage.getByTestId('photo-input').setInputFiles({
          name: 'scene.jpg',
          mimeType: 'image/jpeg',
          buffer: await bigJpeg(fieldPage)
        });
        await expect.poll(() => fieldPage.getByTestId('photo-thumb').count()).toBe(1);
        await fieldPage.getByTestId('done-submit').click();
      }
    ];
    const shownAfter = ['en_route', 'on_scene', 'available'];
    for (let k = 0; k < OFFLINE_STEPS; k++) {
      await expect
        .poll(() => Date.now() - cutAt, { timeout: 10_000 })
        .toBeGreaterThanOrEqual(k * 5000);
      const before = await waiting();
      await phone.setGeolocation(at(path[ONLINE_STEPS + k]));
      // kept in the outbox (the backlog keeps a fix every 50 m)
      await expect.poll(waiting, { timeout: 10_000 }).toBeGreaterThan(before);
      if (presses[k]) {
        await presses[k]();
        await expect.poll(() => status.getAttribute('data-shown-status')).toBe(shownAfter[k]);
        // shown as pressed, marked waiting; the server's word is still the last it gave
        expect(await status.getAttribute('data-status')).toBe('assigned');
        expect(await fieldPage.getByTestId('field-unit-pending').count()).toBe(1);
      }
    }
    await expect
      .poll(() => Date.now() - cutAt, { timeout: 40_000 })
      .toBeGreaterThanOrEqual(OUTAGE_MS);
    // nothing reached the server meanwhile
    expect((await incident()).status).toBe('accepted');
    expect(await waiting()).toBeGreaterThanOrEqual(OFFLINE_STEPS + 3);

    const backAt = Date.now();
    await phone.setOffline(false);
    await expect.poll(waiting, { timeout: 60_000 }).toBe(0);
    await expect
      .poll(() => status.getAttribute('data-status'), { timeout: 30_000 })
      .toBe('available');
    expect(await fieldPage.getByTestId('field-unit-pending').count()).toBe(0);
    expect(await fieldPage.getByTestId('field-error').count()).toBe(0);

    // every change once, in the order pressed, each stamped with its press during the outage
    const done = await incident();
    expect(done.status).toBe('resolved');
    const steps = done.timeline.filter((e) =>
      ['en_route', 'on_scene', 'resolved'].includes(e.type)
    );
    expect(steps.map((e) => e.type)).toEqual(['en_route', 'on_scene', 'resolved']);
    const pressed = steps.map((e) => e.pressedAt ?? 0);
    expect(pressed).toEqual([...pressed].sort((a, b) => a - b));
    for (const p of pressed) {
      expect(p).toBeGreaterThanOrEqual(cutAt);
      expect(p).toBeLessThanOrEqual(backAt);
    }
    const resolved = steps[2];
    expect(resolved.note).toEqual({ key: 'said', values: { text: NOTE } });
    expect(resolved.photos).toHaveLength(1);
    const photo = await desk.get(`/api/photos/${resolved.photos![0]}`);
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
    expect(jpegSize(Buffer.from(await photo.arrayBuffer()))).toEqual([1600, 1200]);

    // the walk goes on; the fixes kept during the outage are in the unit's history, where they were walked
    for (let i = ONLINE_STEPS + OFFLINE_STEPS; i < STEPS; i++) {
      await phone.setGeolocation(at(path[i]));
      await expect.poll(() => markerAt(), { timeout: 20_000 }).toSatisfy(near(path[i]));
    }
    const outage = path.slice(ONLINE_STEPS, ONLINE_STEPS + OFFLINE_STEPS);
    await expect
      .poll(
        async () => {
          const late = (await track(cutAt, backAt)).filter((p) =>
            outage.some((q) => near(q)([p.lng, p.lat]))
          );
          return late.length;
        },
        { timeout: 30_000 }
      )
      .toBeGreaterThanOrEqual(OFFLINE_STEPS - 1);

    // the marker only ever went forward along the walk (the drawn list is sampled every 50 ms and may trail the
    // store the marker poll reads by a render: wait for it to draw the last step)
    const drawnSteps = async () => {
      const trail = await deskPage.evaluate(
        () => (window as unknown as { __trail: Array<[number, number]> }).__trail
      );
      return trail.map((p) => path.findIndex((q) => near(q)(p)));
    };
    await expect.poll(async () => (await drawnSteps()).at(-1), { timeout: 10_000 }).toBe(STEPS - 1);
    const steps_ = await drawnSteps();
    expect(steps_).not.toContain(-1);
    expect(steps_).toEqual([...steps_].sort((a, b) => a - b));
  }, 150_000);

  it('asks before answering a desk that wants its position while sharing is off', async () => {
    const fixTime = async () =>
      (await desk.json<Unit[]>('/api/units')).find((u) => u.id === unitId)?.fix?.time ?? 0;
    await fieldPage.getByTestId('location-toggle').click();
    await expect
      .poll(() => fieldPage.getAttribute('[data-testid=location-state]', 'data-state'))
      .toBe('off');
    const asked = await deskSocket.timeout(10_000).emitWithAck('unit:locate', { unitId });
    expect(asked.ok && asked.data.phones).toBe(1);
    const request = fieldPage.getByTestId('location-request');
    await expect.poll(() => request.count(), { timeout: 10_000 }).toBe(1);
    expect(await request.textContent()).toContain('指挥中心请求您的位置');
    const before = await fixTime();
    // the phone's position now (the emulated fix is stamped when it is set)
    await phone.setGeolocation(at(path.at(-1)!));
    expect(await fixTime()).toBe(before);
    await fieldPage.getByTestId('location-request-send').click();
    await expect.poll(fixTime, { timeout: 10_000 }).toBeGreaterThan(before);
    await expect.poll(() => request.count()).toBe(0);
    // one fix went; sharing stays off until the person turns it on
    expect(await fieldPage.getAttribute('[data-testid=location-state]', 'data-state')).toBe('off');
    await fieldPage.getByTestId('location-toggle').click();
  });

  it('keeps its header to one row on a 360 px phone, with the menu holding the rest', async () => {
    await fieldPage.setViewportSize({ width: 360, height: 740 });
    const header = fieldPage.getByTestId('field-header');
    await expect.poll(() => header.getByTestId('header-unit').textContent()).toBe(unitName);
    const box = await header.boundingBox();
    // one row of 48 px thumb targets: under 8 % of the screen's height
    expect(box!.height).toBeLessThan(740 * 0.08);
    // the sharing state and the connection stay in the bar (the one the earlier steps left)
    expect(await header.getByTestId('header-sharing').getAttribute('data-state')).toBe(
      await fieldPage.getByTestId('location-state').getAttribute('data-state')
    );
    expect(await header.getByTestId('connection').getAttribute('data-status')).toBe('online');
    expect(await fieldPage.getByTestId('theme-toggle').isVisible()).toBe(false);
    await header.locator('summary').click();
    expect(await fieldPage.getByTestId('theme-toggle').isVisible()).toBe(true);
    expect(await fieldPage.getByTestId('logout-button').isVisible()).toBe(true);
    await fieldPage.keyboard.press('Escape');
    await expect.poll(() => fieldPage.getByTestId('theme-toggle').isVisible()).toBe(false);
    await fieldPage.setViewportSize(PHONE);
  });

  it('reports a new incident where the phone is', async () => {
    const note = '浏览器测试：井盖缺失';
    await fieldPage.getByTestId('report-open').click();
    // the sheet names the grid the fix lies in, not its coordinates
    const where = fieldPage.getByTestId('report-where');
    await expect.poll(() => where.getAttribute('data-grid')).not.toBe('');
    const grid = await where.getAttribute('data-grid');
    expect(await where.textContent()).toContain('网格');
    expect(await where.textContent()).not.toMatch(/\d+\.\d{5}/);
    await fieldPage.locator('[data-testid=report-category][data-category=safety_hazard]').click();
    await fieldPage.getByTestId('report-note').fill(note);
    expect(
      await fieldPage
        .locator('[data-testid=report-priority][aria-pressed=true]')
        .getAttribute('data-priority')
    ).toBe('3');
    await fieldPage.getByTestId('report-submit').click();
    let reported: Incident | undefined;
    await expect
      .poll(
        async () =>
          (reported = (await desk.json<Incident[]>('/api/incidents')).find(
            (i) => i.description === note
          )),
        { timeout: 30_000 }
      )
      .toBeDefined();
    expect(reported).toMatchObject({
      category: 'safety_hazard',
      priority: 3,
      source: unitKind === 'volunteer' ? 'volunteer' : 'grid_worker',
      reportedByUnit: unitId,
      gridCode: grid
    });
    expect(near(path.at(-1)!)([reported!.lng, reported!.lat])).toBe(true);
    const row = fieldPage.locator(
      `[data-testid=field-incident][data-incident-id="${reported!.id}"]`
    );
    await expect.poll(() => row.textContent()).toContain('本人上报');
  });

  it('opens /field with no network after a visit', async () => {
    await phone.setOffline(true);
    await fieldPage.reload();
    await expect
      .poll(() => fieldPage.getByTestId('field-unit-name').textContent(), { timeout: 30_000 })
      .toBe(unitName);
    expect(await fieldPage.getAttribute('[data-testid=connection]', 'data-status')).not.toBe(
      'online'
    );
    expect(await fieldPage.getAttribute('[data-testid=field-unit-status]', 'data-status')).toBe(
      'available'
    );
    // the district came from the worker's cache: the incidents list names its grid
    await expect
      .poll(() =>
        fieldPage.locator(`[data-testid=field-incident][data-incident-id="${incidentId}"]`).count()
      )
      .toBe(1);
    await phone.setOffline(false);
    await expect
      .poll(() => fieldPage.getAttribute('[data-testid=connection]', 'data-status'), {
        timeout: 60_000
      })
      .toBe('online');
  });

  it('requests nothing outside its own origin and throws no page error', () => {
    const { network, foreign } = foreignRequests(requested, server.url);
    expect(network.length).toBeGreaterThan(0);
    expect(foreign).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

/** `count` points STEP_M apart heading east from `start` */
function walk(start: LngLat, count: number): LngLat[] {
  const perDegLng = 111_195 * Math.cos((start[1] * Math.PI) / 180);
  return Array.from({ length: count }, (_, i) => [start[0] + (i * STEP_M) / perDegLng, start[1]]);
}

function at([longitude, latitude]: LngLat): {
  longitude: number;
  latitude: number;
  accuracy: number;
} {
  return { longitude, latitude, accuracy: 8 };
}

/** within 2 m (the wire carries positions to about a centimetre) */
function near(q: LngLat): (p: [number, number] | null) => boolean {
  return (p) => p !== null && distanceM(p[0], p[1], q[0], q[1]) < 2;
}

/** the unit's marker on the desk, as the map was last given it */
async function markerAt(): Promise<[number, number] | null> {
  return deskPage.evaluate((id) => {
    const u = window.__gridwatch?.unitsDrawnList().find((x) => x.id === id);
    return u ? ([u.lng, u.lat] as [number, number]) : null;
  }, unitId);
}

async function incident(): Promise<Incident> {
  const found = (await desk.json<Incident[]>('/api/incidents')).find((i) => i.id === incidentId);
  if (!found) throw new Error(`incident ${incidentId} not listed`);
  return found;
}

async function track(from: number, to: number): Promise<TrackPoint[]> {
  return (
    await desk.json<{ points: TrackPoint[] }>(`/api/units/${unitId}/track?from=${from}&to=${to}`)
  ).points;
}

/** where the unit's home grid is, for a unit the first run did not place */
async function homeOf(unit: Unit): Promise<LngLat> {
  const district = (await (await fetch(`${server.url}/api/district`)).json()) as DistrictCollection;
  const grid = district.features.find(
    (f) => f.properties.layer === 'grid' && f.properties.code === unit.homeGrid
  );
  if (!grid) throw new Error(`unit ${unit.id}: no home grid ${unit.homeGrid}`);
  return grid.properties.labelAt;
}

/** a camera-sized JPEG, made by the browser itself */
async function bigJpeg(page: Page): Promise<Buffer> {
  const bytes = await page.evaluate(async ([w, h]) => {
    const canvas = new OffscreenCanvas(w, h);
    const ctx = canvas.getContext('2d')!;
    const g = ctx.createLinearGradient(0, 0, w, h);
    g.addColorStop(0, '#2563eb');
    g.addColorStop(1, '#f59e0b');
    ctx.fillStyle = g;
    ctx.fillRect(0, 0, w, h);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
    return [...new Uint8Array(await blob.arrayBuffer())];
  }, PHOTO_PX);
  return Buffer.from(bytes);
}

/** width and height from a JPEG's first start-of-frame marker */
function jpegSize(b: Buffer): [number, number] {
  let i = 2;
  while (i < b.length) {
    const marker = b[i + 1];
    const length = b.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xc3) return [b.readUInt16BE(i + 7), b.readUInt16BE(i + 5)];
    i += 2 + length;
  }
  throw new Error('not a JPEG with a frame header');
}
