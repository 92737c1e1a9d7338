import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import gcoord from 'gcoord';
import type { Fix, Unit } from '../../../shared/domain.ts';
import { distanceM } from '../../../geo/unit-index.ts';
import { startServer } from '../../fixtures/server.ts';

/**
 * The OsmAnd intake end to end: an admin registers a device, the device reports in each documented form, and a
 * desk sees the unit move; then a garbage corpus, each item refused with its reason, counted in /healthz, the
 * unit's marker untouched and the server still answering.
 */

type Server = Awaited<ReturnType<typeof startServer>>;

/** 淳溪, and a point about 110 m to its north-east */
const A: [number, number] = [118.8745, 31.3235];
const B: [number, number] = [118.8755, 31.3242];

let server: Server;
/** a unit per test group, so one group's fixes and rate budget never touch another's */
let units: string[] = [];
let deviceNo = 0;

beforeAll(async () => {
  server = await startServer({ units: 12 });
  const field = server.demo.field.unitId!;
  units = server.app.gridwatch.live
    .all()
    .map((u) => u.id)
    .filter((id) => id !== field);
});
afterAll(async () => server.close());

async function register(unitId: string, crs: 'wgs84' | 'gcj02' = 'wgs84'): Promise<string> {
  const id = `phone-${++deviceNo}.test:${crs}`;
  const res = await server.as('admin', {
    method: 'POST',
    url: '/api/devices',
    payload: { id, unitId, crs, label: `测试手机 ${deviceNo}` }
  });
  expect(res.statusCode, res.body).toBe(201);
  return id;
}

/** the unit's fix as a dispatcher's desk gets it */
async function deskFix(unitId: string): Promise<Fix | null> {
  const res = await server.as('dispatcher', { method: 'GET', url: '/api/units' });
  expect(res.statusCode).toBe(200);
  const unit = (res.json() as Unit[]).find((u) => u.id === unitId);
  if (!unit) throw new Error(`the desk does not see unit ${unitId}`);
  return unit.fix;
}

async function rejected(): Promise<Record<string, number>> {
  const res = await server.app.inject({ method: 'GET', url: '/healthz' });
  expect(res.statusCode).toBe(200);
  return res.json().positions.rejected;
}

const query = (p: Record<string, string | number>) =>
  new URLSearchParams(Object.entries(p).map(([k, v]) => [k, String(v)])).toString();

const get = (p: Record<string, string | number>, path = '/osmand') =>
  server.app.inject({ method: 'GET', url: `${path}?${query(p)}` });

const postForm = (body: string, path = '/osmand') =>
  server.app.inject({
    method: 'POST',
    url: path,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: body
  });

const postJson = (body: unknown) =>
  server.app.inject({ method: 'POST', url: '/osmand', payload: body as object });

/** Traccar Client 9's record (traccar.org/osmand) */
function traccarJson(deviceId: string, [lng, lat]: [number, number], time: number) {
  return {
    location: {
      timestamp: new Date(time).toISOString(),
      coords: { latitude: lat, longitude: lng, accuracy: 6, speed: 1.5, heading: 45, altitude: 9 },
      is_moving: true,
      event: 'motionchange',
      battery: { level: 0.55, is_charging: false },
      activity: { type: 'walking' },
      extras: {}
    },
    device_id: deviceId
  };
}

describe("a device's battery", () => {
  it('is kept for its unit whatever became of the fix, each part until the device says it again', async () => {
    const unitId = units[6];
    const device = await register(unitId);
    const { live } = server.app.gridwatch;
    const idx = live.get(unitId)!.idx;
    expect(live.battery(idx)).toBeNull();
    const t = Date.now() - 60_000;
    let res = await get({ id: device, lat: A[1], lon: A[0], timestamp: t, batt: 14, charge: 0 });
    expect(res.json()).toEqual({ accepted: true, live: true });
    expect(live.battery(idx)).toEqual({ pct: 14, charging: false });
    // no usable fix this time, and no level: the device plugged in, and that still counts
    res = await get({ id: device, lat: A[1], lon: A[0], timestamp: t + 1000, valid: 0, charge: 1 });
    expect(res.json()).toEqual({ accepted: false, reason: 'invalid' });
    expect(live.battery(idx)).toEqual({ pct: 14, charging: true });
  });
});

describe('OsmAnd intake in every documented form', () => {
  let unitId = '';
  let device = '';
  const t0 = Date.now() - 5 * 60_000;
  beforeAll(async () => {
    unitId = units[0];
    device = await register(unitId);
  });

  it('moves the unit on a GET with a query string, as Traccar Client before 9 sends it', async () => {
    const res = await get({
      id: device,
      lat: A[1],
      lon: A[0],
      timestamp: Math.floor(t0 / 1000),
      speed: 3,
      bearing: 90,
      altitude: 12,
      accuracy: 8,
      batt: 81
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ accepted: true, live: true });
    const fix = await deskFix(unitId);
    expect(fix).toMatchObject({ lng: A[0], lat: A[1], time: Math.floor(t0 / 1000) * 1000 });
    // 3 knots
    expect(fix!.speedMps).toBeCloseTo(1.543, 2);
    expect(fix!.headingDeg).toBe(90);
  });

  it('moves it on a POST with a form body, at /osmand/ too', async () => {
    const t = t0 + 10_000;
    const res = await postForm(
      query({ deviceid: device, lat: B[1], lon: B[0], timestamp: t, hdop: 1.2 }),
      '/osmand/'
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ accepted: true, live: true });
    expect(await deskFix(unitId)).toMatchObject({ lng: B[0], lat: B[1], time: t });
  });

  it('moves it on a POST with the JSON record of Traccar Client 9', async () => {
    const t = t0 + 20_000;
    const res = await postJson(traccarJson(device, A, t));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ accepted: true, live: true });
    expect(await deskFix(unitId)).toMatchObject({
      lng: A[0],
      lat: A[1],
      time: t,
      speedMps: 1.5,
      headingDeg: 45,
      accuracyM: 6
    });
  });

  it('keeps a late fix in history only, without moving the marker back', async () => {
    const before = await deskFix(unitId);
    const res = await get({ id: device, lat: B[1], lon: B[0], timestamp: t0 + 15_000 });
    expect(res.json()).toEqual({ accepted: true, live: false });
    expect(await deskFix(unitId)).toEqual(before);
  });

  it('shows the admin when the device was last seen, its battery and what became of its fix', async () => {
    const res = await server.as('admin', { method: 'GET', url: '/api/devices' });
    const row = (res.json() as Array<Record<string, unknown>>).find((d) => d.id === device);
    expect(row).toMatchObject({
      unitId,
      crs: 'wgs84',
      batteryPct: 55,
      charging: false,
      lastVerdict: 'history'
    });
    expect(row!.lastSeenAt).toBeGreaterThan(t0);
  });

  it('converts the fix of a GCJ-02 device to WGS-84', async () => {
    const gcjUnit = units[1];
    const gcjDevice = await register(gcjUnit, 'gcj02');
    const [gLng, gLat] = gcoord.transform([...A], gcoord.WGS84, gcoord.GCJ02);
    const res = await get({ id: gcjDevice, lat: gLat, lon: gLng, timestamp: Date.now() });
    expect(res.json()).toEqual({ accepted: true, live: true });
    const fix = (await deskFix(gcjUnit))!;
    expect(distanceM(fix.lng, fix.lat, A[0], A[1])).toBeLessThan(1);
    // unconverted, it would have stood hundreds of metres off
    expect(distanceM(gLng, gLat, A[0], A[1])).toBeGreaterThan(100);
  });
});

describe('the demo device', () => {
  it('is registered to the field account’s unit and listed in demo-accounts.json', async () => {
    const field = server.demo.field;
    expect(field.deviceId).toMatch(/^demo-[0-9a-f]{10}$/);
    const file = JSON.parse(readFileSync(join(server.dataDir, 'demo-accounts.json'), 'utf8'));
    expect(file.find((a: { username: string }) => a.username === 'field')).toMatchObject({
      unitId: field.unitId,
      deviceId: field.deviceId
    });
    const res = await get({ id: field.deviceId!, lat: A[1], lon: A[0], timestamp: Date.now() });
    expect(res.json()).toEqual({ accepted: true, live: true });
    expect(await deskFix(field.unitId!)).toMatchObject({ lng: A[0], lat: A[1] });
  });
});

describe('an unknown device', () => {
  it('is answered 404 and counted, and moves nobody', async () => {
    const before = (await rejected()).unknown_device;
    const res = await get({ id: 'nobody-registered-me', lat: A[1], lon: A[0] });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: 'NOT_FOUND' });
    expect((await rejected()).unknown_device).toBe(before + 1);
    const json = await postJson(traccarJson('nobody-either', A, Date.now()));
    expect(json.statusCode).toBe(404);
    expect((await rejected()).unknown_device).toBe(before + 2);
  });
});

describe('a garbage corpus', () => {
  let unitId = '';
  let device = '';
  /** the time of the unit's last good fix; every good fix below is 10 s later */
  let t = Date.now() - 60_000;
  let marker: Fix | null = null;
  const WEST: [number, number] = [118.74, 31.33];
  beforeAll(async () => {
    unitId = units[2];
    device = await register(unitId);
    const res = await get({ id: device, lat: WEST[1], lon: WEST[0], timestamp: t });
    expect(res.json()).toEqual({ accepted: true, live: true });
    marker = await deskFix(unitId);
  });

  type Send = () => ReturnType<typeof get>;
  const cases: Array<{ what: string; send: Send; status: number; reason: string }> = [
    {
      what: 'NaN for a latitude',
      send: () => get({ id: device, lat: 'NaN', lon: WEST[0], timestamp: t + 10_000 }),
      status: 400,
      reason: 'invalid'
    },
    {
      what: 'Infinity for a longitude',
      send: () => get({ id: device, lat: WEST[1], lon: 'Infinity', timestamp: t + 10_000 }),
      status: 400,
      reason: 'invalid'
    },
    {
      what: 'a string for a latitude, in a form body',
      send: () => postForm(query({ id: device, lat: 'north', lon: WEST[0] })),
      status: 400,
      reason: 'invalid'
    },
    {
      what: 'a string for a latitude, in the JSON record',
      send: () => {
        const body = traccarJson(device, WEST, t + 10_000) as unknown as {
          location: { coords: { latitude: unknown } };
        };
        body.location.coords.latitude = '31.33';
        return postJson(body);
      },
      status: 400,
      reason: 'invalid'
    },
    {
      what: 'no latitude at all',
      send: () => get({ id: device, lon: WEST[0] }),
      status: 400,
      reason: 'invalid'
    },
    {
      what: '[0, 0]',
      send: () => get({ id: device, lat: 0, lon: 0, timestamp: t + 10_000 }),
      status: 200,
      reason: 'null_island'
    },
    {
      // readable, and never to be accepted: a 200 refusal, so a tracker's queue moves on
      what: 'a latitude above 90',
      send: () => get({ id: device, lat: 91, lon: WEST[0], timestamp: t + 10_000 }),
      status: 200,
      reason: 'invalid'
    },
    {
      // here every longitude is above 90: swapped, the latitude fails the schema, and the registry says why
      what: 'latitude and longitude swapped',
      send: () => get({ id: device, lat: WEST[0], lon: WEST[1], timestamp: t + 10_000 }),
      status: 200,
      reason: 'swapped'
    },
    {
      what: 'a fix an hour in the future',
      send: () => get({ id: device, lat: WEST[1], lon: WEST[0], timestamp: Date.now() + 3600_000 }),
      status: 200,
      reason: 'future'
    },
    {
      what: 'a teleport: 50 km in 10 s, inside the district',
      send: () => get({ id: device, lat: 31.33, lon: 119.27, timestamp: t + 10_000 }),
      status: 200,
      reason: 'jump'
    },
    {
      what: 'a duplicate of the last fix',
      send: () => get({ id: device, lat: WEST[1], lon: WEST[0], timestamp: t }),
      status: 200,
      reason: 'duplicate'
    },
    {
      what: 'a fix the device itself marks invalid',
      send: () => get({ id: device, lat: WEST[1], lon: WEST[0], timestamp: t + 10_000, valid: 0 }),
      status: 200,
      reason: 'invalid'
    },
    {
      what: 'a 1 MB form body',
      send: () => postForm(`id=${device}&lat=31.33&lon=118.74&pad=${'x'.repeat(1 << 20)}`),
      status: 400,
      reason: 'invalid'
    },
    {
      what: 'a 1 MB JSON body',
      send: () => postJson({ ...traccarJson(device, WEST, t + 10_000), pad: 'x'.repeat(1 << 20) }),
      status: 400,
      reason: 'invalid'
    },
    {
      what: 'broken JSON',
      send: () =>
        server.app.inject({
          method: 'POST',
          url: '/osmand',
          headers: { 'content-type': 'application/json' },
          payload: '{"device_id": "x", "location": {'
        }),
      status: 400,
      reason: 'invalid'
    },
    {
      what: 'a content type the protocol does not have',
      send: () =>
        server.app.inject({
          method: 'POST',
          url: '/osmand',
          headers: { 'content-type': 'application/xml' },
          payload: `<fix id="${device}"/>`
        }),
      status: 400,
      reason: 'invalid'
    }
  ];

  for (const c of cases) {
    it(`refuses ${c.what} (${c.reason}), counts it and leaves the marker where it was`, async () => {
      const before = await rejected();
      const res = await c.send();
      expect(res.statusCode, res.body).toBe(c.status);
      if (c.status === 200) expect(res.json()).toMatchObject({ accepted: false, reason: c.reason });
      else expect(res.json()).toMatchObject({ error: 'INVALID', message: expect.any(String) });
      const after = await rejected();
      expect(after[c.reason]).toBe(before[c.reason] + 1);
      expect(await deskFix(unitId)).toEqual(marker);
    });
  }

  it('measures the teleport at 50 km, and the server still takes the next good fix', async () => {
    expect(distanceM(WEST[0], WEST[1], 119.27, 31.33) / 1000).toBeGreaterThan(49);
    t += 10_000;
    const res = await get({ id: device, lat: WEST[1] + 0.0005, lon: WEST[0], timestamp: t });
    expect(res.json()).toEqual({ accepted: true, live: true });
    expect(await deskFix(unitId)).toMatchObject({ lat: WEST[1] + 0.0005, time: t });
    const health = await server.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.json().ok).toBe(true);
    // the figures for the record: what this file's requests made the filter count on the OsmAnd path
    console.log(
      'osmand path, rejections by reason:',
      server.app.gridwatch.live.rejected
        .entries()
        .filter((e) => e.source === 'osmand')
        .map((e) => `${e.reason} ${e.count}`)
        .join(', ')
    );
  });
});

describe('a device whose unit has no fix yet', () => {
  it('refuses a first fix from 1970 or a GPS week rollover as stale with a 200, counted on the OsmAnd path', async () => {
    const unitId = units[5];
    const device = await register(unitId);
    expect(server.app.gridwatch.live.fix(server.app.gridwatch.live.get(unitId)!.idx)).toBeNull();
    const rollover = Date.now() - 1024 * 7 * 24 * 3600_000;
    const counted = () => server.app.gridwatch.live.rejected.count('stale', 'osmand');
    const before = counted();
    for (const timestamp of ['1970-01-01T00:00:00Z', 0, Math.floor(rollover / 1000)]) {
      const res = await get({ id: device, lat: A[1], lon: A[0], timestamp });
      expect(res.statusCode, String(timestamp)).toBe(200);
      expect(res.json()).toEqual({ accepted: false, reason: 'stale' });
      expect(await deskFix(unitId)).toBeNull();
    }
    expect(counted()).toBe(before + 3);
    // what a tracker with a sane clock sends next is taken as the unit's first fix
    const now = Date.now();
    const res = await get({ id: device, lat: A[1], lon: A[0], timestamp: now });
    expect(res.json()).toEqual({ accepted: true, live: true });
    expect(await deskFix(unitId)).toMatchObject({ lng: A[0], lat: A[1], time: now });
  });
});

describe('the per-device rate limit', () => {
  it('answers 429 once a device spends its burst, and leaves other devices alone', async () => {
    const noisy = await register(units[3]);
    const quiet = await register(units[4]);
    const start = Date.now() - 120_000;
    const codes: number[] = [];
    for (let k = 0; k < 60; k++) {
      const res = await get({ id: noisy, lat: A[1], lon: A[0], timestamp: start + k * 1000 });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 30).every((c) => c === 200)).toBe(true);
    expect(codes).toContain(429);
    expect(codes.every((c) => c === 200 || c === 429)).toBe(true);
    const other = await get({ id: quiet, lat: A[1], lon: A[0], timestamp: Date.now() });
    expect(other.statusCode).toBe(200);
  });
});
