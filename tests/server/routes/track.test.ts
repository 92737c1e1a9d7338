import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, failure } from '../../../shared/result.ts';
import type { BacklogResult, TrackPoint } from '../../../shared/commands.ts';
import type { PositionRecord } from '../../../server/store/store.ts';
import { startServer } from '../../fixtures/server.ts';
import { north } from '../../fixtures/dispatch.ts';
import { ask, CHUNXI, pointIn, YAXI } from '../access/support.ts';

/**
 * `GET /api/units/:id/track`: a unit's kept history for a time window, through the real app. Points come in the way
 * they do in production (the registry keeps them, the ticker's batch appends them) or, for a walk across towns,
 * as rows appended to the store; the answer is oldest first, cut to the window and to the caller's towns.
 */

type Server = Awaited<ReturnType<typeof startServer>>;

const GUBAI = '320118002';
const DONGBA = '320118005';
const DAY_MS = 86_400_000;

let server: Server;
/** units other than the demo field unit, one per test so no test's fixes meet another's */
let spare: string[];
let fieldUnit: string;

beforeAll(async () => {
  server = await startServer({ units: 20 });
  fieldUnit = server.demo.field.unitId!;
  spare = server.app.gridwatch.live
    .all()
    .map((u) => u.id)
    .filter((id) => id !== fieldUnit);
});
afterAll(async () => server.close());

function track(username: string, unitId: string, from: unknown, to: unknown) {
  return server.as(username, {
    method: 'GET',
    url: `/api/units/${unitId}/track?from=${String(from)}&to=${String(to)}`
  });
}

async function points(username: string, unitId: string, from: number, to: number) {
  const res = await track(username, unitId, from, to);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { points: TrackPoint[] }).points;
}

/**
 * The track once it holds at least `n` points: the ticker appends what the registry kept every second, so a point
 * reported over a socket reaches the store within about a second.
 */
async function pointsOnce(username: string, unitId: string, from: number, to: number, n: number) {
  const end = Date.now() + 5000;
  for (;;) {
    const got = await points(username, unitId, from, to);
    if (got.length >= n || Date.now() > end) return got;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** what the registry kept since the last batch, appended now (the ticker does the same every second) */
async function flush(): Promise<void> {
  const { live, store } = server.app.gridwatch;
  await store.appendPositions(live.takeHistory());
}

const live = () => server.app.gridwatch.live;
const townOf = (p: { lng: number; lat: number }) =>
  server.app.gridwatch.district.grids.locate(p.lng, p.lat)?.townCode ?? null;

/** a history row as the ticker would append it */
function row(unitId: string, time: number, [lng, lat]: [number, number]): PositionRecord {
  return {
    unitId,
    time,
    lng,
    lat,
    speedMps: 8,
    headingDeg: 90,
    accuracyM: 10,
    status: 'available'
  };
}

describe('a unit’s track', () => {
  it('returns the points the registry kept, oldest first, within the window', async () => {
    const unit = spare[0];
    const start = pointIn(server.app.gridwatch.district, CHUNXI, 3);
    const base = Date.now() - 10 * 60_000;
    // a walk north, 60 m every 20 s: each fix is kept (15 s and 50 m both passed)
    const walk = Array.from({ length: 6 }, (_, i) => ({
      time: base + i * 20_000,
      at: north(start, 60 * i)
    }));
    for (const w of walk) {
      const verdict = live().report(
        { unitId: unit, lng: w.at[0], lat: w.at[1], time: w.time, speedMps: 3, accuracyM: 8 },
        Date.now()
      );
      expect(verdict).toBe('live');
    }
    await flush();

    const all = await points('dispatcher', unit, base - 60_000, Date.now());
    expect(all.map((p) => p.time)).toEqual(walk.map((w) => w.time));
    expect(all[2]).toEqual({
      time: walk[2].time,
      lng: walk[2].at[0],
      lat: walk[2].at[1],
      speedMps: 3,
      status: live().get(unit)!.status
    });
    // both ends of the window are inside it
    const middle = await points('dispatcher', unit, walk[1].time, walk[4].time);
    expect(middle.map((p) => p.time)).toEqual(walk.slice(1, 5).map((w) => w.time));
    expect(await points('dispatcher', unit, walk[1].time + 1, walk[2].time - 1)).toEqual([]);
    expect(await points('dispatcher', unit, base - DAY_MS, base - 1)).toEqual([]);
  });

  it('comes back oldest first when the points were appended out of order', async () => {
    const unit = spare[1];
    const at = pointIn(server.app.gridwatch.district, CHUNXI, 5);
    const t = Date.now() - 3600_000;
    const times = [t + 40_000, t, t + 20_000, t + 60_000];
    await server.app.gridwatch.store.appendPositions(times.map((time) => row(unit, time, at)));
    const got = await points('dispatcher', unit, t, t + 60_000);
    expect(got.map((p) => p.time)).toEqual([...times].sort((a, b) => a - b));
  });

  it('keeps a late fix in history without moving the marker back, and a fix sent twice once', async () => {
    const unit = spare[2];
    const u = live().get(unit)!;
    const here = pointIn(server.app.gridwatch.district, CHUNXI, 8);
    const now = Date.now();
    expect(live().report({ unitId: unit, lng: here[0], lat: here[1], time: now - 1000 }, now)).toBe(
      'live'
    );
    // a phone that was offline sends what it measured a minute and two minutes earlier, 100 m apart
    const late1 = north(here, -200);
    const late2 = north(here, -100);
    const lateBefore = live().late;
    for (const [p, time] of [
      [late1, now - 121_000],
      [late2, now - 61_000],
      // the retry after a reconnect: the same fix again
      [late2, now - 61_000]
    ] as const) {
      expect(live().report({ unitId: unit, lng: p[0], lat: p[1], time }, now)).toBe('history');
    }
    expect(live().late).toBeGreaterThanOrEqual(lateBefore + 2);
    // the marker stays on the newest fix
    expect(live().fix(u.idx)).toMatchObject({ lng: here[0], lat: here[1], time: now - 1000 });
    await flush();

    const got = await points('dispatcher', unit, now - 600_000, now);
    expect(got.map((p) => [p.time, p.lng, p.lat])).toEqual([
      [now - 121_000, late1[0], late1[1]],
      [now - 61_000, late2[0], late2[1]],
      [now - 1000, here[0], here[1]]
    ]);
  });

  it('gets points into the track through the ticker’s own batch, without a hand flush', async () => {
    const unit = spare[3];
    const at = pointIn(server.app.gridwatch.district, CHUNXI, 11);
    const time = Date.now() - 500;
    expect(live().report({ unitId: unit, lng: at[0], lat: at[1], time }, Date.now())).toBe('live');
    const got = await pointsOnce('dispatcher', unit, time - 1000, time + 1000, 1);
    expect(got.map((p) => p.time)).toEqual([time]);
  });
});

describe('who sees which points', () => {
  /** a unit that drove from 淳溪 through 古柏 and 东坝 into 桠溪, a fix a minute */
  const walk: Array<{ town: string; time: number; at: [number, number] }> = [];
  let unit: string;
  let t0: number;

  beforeAll(async () => {
    unit = spare[4];
    t0 = Date.now() - 2 * 3600_000;
    const d = server.app.gridwatch.district;
    const route: Array<[string, number]> = [
      [CHUNXI, 3],
      [GUBAI, 2],
      [DONGBA, 2],
      [YAXI, 3]
    ];
    for (const [town, n] of route) {
      for (let k = 0; k < n; k++)
        walk.push({ town, time: t0 + walk.length * 60_000, at: pointIn(d, town, k) });
    }
    for (const w of walk) expect(townOf({ lng: w.at[0], lat: w.at[1] }), w.town).toBe(w.town);
    await server.app.gridwatch.store.appendPositions(walk.map((w) => row(unit, w.time, w.at)));
  });

  const span = () => [t0, t0 + walk.length * 60_000] as const;

  it('shows the district’s desks the whole track', async () => {
    for (const who of ['admin', 'commander', 'dispatcher']) {
      const got = await points(who, unit, ...span());
      expect(
        got.map((p) => p.time),
        who
      ).toEqual(walk.map((w) => w.time));
    }
  });

  it('shows the 桠溪 leader only the points that lie in 桠溪', async () => {
    const got = await points('leader-yaxi', unit, ...span());
    const inYaxi = walk.filter((w) => w.town === YAXI);
    expect(got.map((p) => [p.time, p.lng, p.lat])).toEqual(
      inYaxi.map((w) => [w.time, w.at[0], w.at[1]])
    );
    expect(got.every((p) => townOf(p) === YAXI)).toBe(true);
  });

  it('shows the 淳溪 leader only the points that lie in 淳溪', async () => {
    const got = await points('leader-chunxi', unit, ...span());
    expect(got.map((p) => p.time)).toEqual(
      walk.filter((w) => w.town === CHUNXI).map((w) => w.time)
    );
  });

  it('tells a leader nothing of a unit that never entered the town', async () => {
    const other = spare[5];
    const at = pointIn(server.app.gridwatch.district, CHUNXI, 1);
    await server.app.gridwatch.store.appendPositions([
      row(other, t0, at),
      row(other, t0 + 60_000, at)
    ]);
    expect(await points('leader-yaxi', other, ...span())).toEqual([]);
    expect(await points('dispatcher', other, ...span())).toHaveLength(2);
  });

  it('shows a field account its own unit’s track and answers 404 for any other unit', async () => {
    const field = (await server.client('field')).socket;
    const here = pointIn(server.app.gridwatch.district, CHUNXI, 2);
    const now = Date.now();
    expect(
      await ask(field, 'unit:report', { unitId: fieldUnit, lng: here[0], lat: here[1], time: now })
    ).toEqual({ ok: true, data: null });
    // what the phone kept while it had no connection, sent on reconnect; then sent again (a retry)
    const backlog = [3, 2, 1].map((m) => ({
      unitId: fieldUnit,
      lng: north(here, -60 * m)[0],
      lat: north(here, -60 * m)[1],
      time: now - m * 30_000
    }));
    for (let attempt = 0; attempt < 2; attempt++) {
      const res = await ask<BacklogResult>(field, 'unit:backlog', backlog);
      expect(res).toEqual({ ok: true, data: { live: 0, history: 3, rejected: {} } });
    }
    await flush();
    const expected = [...backlog.map((b) => b.time), now];
    // the ticker may have taken part of the batch a moment earlier and appends it within a second
    const got = await pointsOnce('field', fieldUnit, now - 600_000, now + 1000, expected.length);
    expect(got.map((p) => p.time)).toEqual(expected);

    const other = await track('field', unit, ...span());
    const unknown = await track('field', 'NOBODY-1', ...span());
    expect(other.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    // the answer for a unit that exists is the same as for one that does not
    expect(other.json()).toEqual(
      failure(ErrorCode.NOT_FOUND, 'not_found', { kind: 'unit', id: unit })
    );
    expect(unknown.json()).toEqual(
      failure(ErrorCode.NOT_FOUND, 'not_found', { kind: 'unit', id: 'NOBODY-1' })
    );
  });

  it('answers 404 to a desk for a unit that does not exist', async () => {
    expect((await track('dispatcher', 'NOBODY-1', ...span())).statusCode).toBe(404);
  });

  it('refuses a wall (403) and a visitor (401)', async () => {
    expect((await track('wall', unit, ...span())).statusCode).toBe(403);
    const anonymous = await server.app.inject({
      method: 'GET',
      url: `/api/units/${unit}/track?from=${t0}&to=${t0 + 1000}`
    });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('the window', () => {
  const unit = () => spare[6];
  const now = Date.now();

  it('answers 400 to a from or to that is missing, not an integer, negative, or the wrong way round', async () => {
    const cases: Array<[unknown, unknown]> = [
      [undefined, now],
      [now, undefined],
      ['yesterday', now],
      [now - 1000, 'now'],
      [now - 1000.5, now],
      [-1, now],
      [now, now - 1],
      ['NaN', now],
      [now, 'Infinity'],
      [now, 2 ** 53]
    ];
    for (const [from, to] of cases) {
      const url =
        `/api/units/${unit()}/track?` +
        [
          from === undefined ? '' : `from=${String(from)}`,
          to === undefined ? '' : `to=${String(to)}`
        ]
          .filter(Boolean)
          .join('&');
      const res = await server.as('dispatcher', { method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json()).toMatchObject({ error: 'INVALID' });
    }
  });

  it('takes a window of exactly 7 days and refuses one a millisecond longer', async () => {
    expect((await track('dispatcher', unit(), now - 7 * DAY_MS, now)).statusCode).toBe(200);
    const res = await track('dispatcher', unit(), now - 7 * DAY_MS - 1, now);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/7 days/);
  });

  it('takes an empty window (from = to) and a window with nothing in it', async () => {
    expect(await points('dispatcher', unit(), now, now)).toEqual([]);
    expect(await points('dispatcher', unit(), 0, 1000)).toEqual([]);
  });
});
