import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BacklogResult, LocateResult, LocationRequested } from '../../../shared/commands.ts';
import type { Result } from '../../../shared/result.ts';
import { decodeFrame } from '../../../shared/position-codec.ts';
import type { RejectReason } from '../../../server/live/fix-filter.ts';
import { nextEvent, startServer, type TestSocket } from '../../fixtures/server.ts';

/**
 * A phone's position path over its socket: the garbage a broken or hostile device sends, reports kept while offline,
 * and a desk asking for a fresh fix.
 */

type Server = Awaited<ReturnType<typeof startServer>>;

// 高淳老街, inside 淳溪街道
const CHUNXI: [number, number] = [118.8745, 31.3235];

function ask<T>(socket: TestSocket, event: string, payload: unknown): Promise<Result<T>> {
  return new Promise((resolve) =>
    (socket.emit as (...a: unknown[]) => void)(event, payload, resolve)
  );
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('field intake over the socket', () => {
  let server: Server;
  let unitId: string;
  let idx: number;
  beforeAll(async () => {
    server = await startServer({ units: 40 });
    unitId = server.demo.field.unitId!;
    idx = server.app.gridwatch.live.get(unitId)!.idx;
  });
  afterAll(async () => server.close());

  const fixOf = () => server.app.gridwatch.live.fix(idx);
  const rejected = async () =>
    (await server.as('admin', { method: 'GET', url: '/healthz' })).json().positions
      .rejected as Record<RejectReason, number>;

  it('rejects a garbage corpus, each with its reason and counted, and never shows it', async () => {
    const field = await server.client('field');
    const desk = await server.client('dispatcher');
    const t0 = Date.now() - 20_000;
    const good = { unitId, lng: CHUNXI[0], lat: CHUNXI[1], time: t0, accuracyM: 10 };
    expect((await ask(field.socket, 'unit:report', good)).ok).toBe(true);
    await until(() => fixOf()?.time === t0);

    // every position of the field unit the dispatcher's screen is sent from here on
    const shown: Array<[number, number]> = [];
    desk.socket.on('units:moved', (buf) => {
      const f = decodeFrame(buf);
      for (let k = 0; k < f.count; k++) if (f.idx[k] === idx) shown.push([f.lng[k], f.lat[k]]);
    });
    const before = await rejected();
    const at = (dt: number) => t0 + dt;
    const corpus: Array<[string, unknown, RejectReason]> = [
      ['NaN (JSON carries it as null)', { ...good, lat: NaN, time: at(1000) }, 'invalid'],
      ['Infinity', { ...good, lng: Infinity, time: at(1000) }, 'invalid'],
      ['a string', { ...good, lat: '31.3235', time: at(1000) }, 'invalid'],
      ['no position', { unitId, time: at(1000) }, 'invalid'],
      ['an extra field', { ...good, time: at(1000), altitude: 12 }, 'invalid'],
      ['lat > 90', { ...good, lat: 91.5, time: at(1000) }, 'invalid'],
      ['[0,0]', { ...good, lng: 0, lat: 0, time: at(1000) }, 'null_island'],
      ['swapped', { ...good, lng: CHUNXI[1], lat: CHUNXI[0], time: at(1000) }, 'swapped'],
      ['far away', { ...good, lng: 116.4, lat: 39.9, time: at(1000) }, 'outside_area'],
      ['an hour ahead', { ...good, time: Date.now() + 3600_000 }, 'future'],
      ['two days late', { ...good, time: Date.now() - 48 * 3600_000 }, 'stale'],
      ['the same fix again', good, 'duplicate'],
      ['5 km accuracy', { ...good, time: at(1000), accuracyM: 5000 }, 'inaccurate'],
      // 高淳 to 桠溪's far end, about 30 km, in 10 s
      ['a teleport', { ...good, lng: 119.18, lat: 31.36, time: at(10_000) }, 'jump']
    ];
    for (const [what, payload, reason] of corpus) {
      const res = await ask<null>(field.socket, 'unit:report', payload);
      expect(res.ok, what).toBe(false);
      if (!res.ok) expect(res.message, what).toContain(reason === 'invalid' ? '/' : reason);
    }
    const after = await rejected();
    const expected: Partial<Record<RejectReason, number>> = {};
    for (const [, , reason] of corpus) expected[reason] = (expected[reason] ?? 0) + 1;
    // the figures for the record: what the corpus made the filter count
    console.log(
      'socket corpus, rejections by reason:',
      Object.entries(after)
        .map(([r, n]) => `${r} ${n - before[r as RejectReason]}`)
        .join(', ')
    );
    for (const [reason, n] of Object.entries(expected))
      expect(after[reason as RejectReason] - before[reason as RejectReason], reason).toBe(n);

    // a frame over the socket limit closes that socket only
    const closed = nextEvent(field.socket, 'disconnect' as never, () => true, 5000);
    field.socket.emit('unit:report', {
      ...good,
      time: at(2000),
      pad: 'x'.repeat(64 * 1024)
    } as never);
    await closed;

    // the marker never left the good fix, and the server still answers
    await new Promise((r) => setTimeout(r, 300));
    expect(fixOf()).toMatchObject({ lng: CHUNXI[0], lat: CHUNXI[1], time: t0 });
    for (const p of shown) {
      expect(p[0]).toBeCloseTo(CHUNXI[0], 5);
      expect(p[1]).toBeCloseTo(CHUNXI[1], 5);
    }
    const again = await server.client('field');
    expect((await ask(again.socket, 'unit:report', { ...good, time: at(3000) })).ok).toBe(true);
  });

  it('takes a backlog: newer fixes move the marker, older ones go into history only', async () => {
    const field = await server.client('field');
    const now = Date.now();
    const last = { unitId, lng: CHUNXI[0], lat: CHUNXI[1], time: now - 1000, accuracyM: 8 };
    expect((await ask(field.socket, 'unit:report', last)).ok).toBe(true);
    // kept while offline: two before the live fix above (late), one after it, one bad
    const step = (k: number, dt: number) => ({
      ...last,
      lng: CHUNXI[0] + k * 2e-4,
      time: now + dt
    });
    const res = await ask<BacklogResult>(field.socket, 'unit:backlog', [
      step(1, -60_000),
      step(2, -45_000),
      step(3, -500),
      { ...step(4, -400), lng: 0, lat: 0 }
    ]);
    expect(res).toEqual({ ok: true, data: { live: 1, history: 2, rejected: { null_island: 1 } } });
    expect(fixOf()).toMatchObject({ lng: step(3, 0).lng, time: now - 500 });
    const { store, live } = server.app.gridwatch;
    await store.appendPositions(live.takeHistory());
    const kept = await store.positionsBetween(unitId, now - 120_000, now, 100);
    expect(kept.map((p) => p.time)).toEqual(expect.arrayContaining([now - 60_000, now - 45_000]));
    // sent again after a lost ack: kept once
    await ask<BacklogResult>(field.socket, 'unit:backlog', [step(1, -60_000)]);
    await store.appendPositions(live.takeHistory());
    const twice = await store.positionsBetween(unitId, now - 61_000, now - 59_000, 100);
    expect(twice).toHaveLength(1);
  });

  it('refuses a backlog for another unit as a whole', async () => {
    const field = await server.client('field');
    const other = server.app.gridwatch.live.all().find((u) => u.id !== unitId)!;
    const before = fixOf();
    const res = await ask<BacklogResult>(field.socket, 'unit:backlog', [
      { unitId, lng: CHUNXI[0], lat: CHUNXI[1], time: Date.now() },
      { unitId: other.id, lng: CHUNXI[0], lat: CHUNXI[1], time: Date.now() }
    ]);
    expect(res).toMatchObject({ ok: false, error: 'FORBIDDEN' });
    expect(fixOf()).toEqual(before);
  });

  it('asks the unit’s phones for a fresh fix when a desk requests one', async () => {
    const phone = await server.client('field');
    const desk = await server.client('dispatcher');
    const asked = nextEvent(phone.socket, 'location:requested');
    const res = await ask<LocateResult>(desk.socket, 'unit:locate', { unitId });
    expect(res.ok && res.data.phones).toBeGreaterThanOrEqual(1);
    const [req] = (await asked) as [LocationRequested];
    // the phone shows who asked by their display name, not their login name
    expect(req).toMatchObject({ unitId, by: '王建国' });
    // the phone answers with a fix, which reaches the desk's map
    const fresh = { unitId, lng: CHUNXI[0] + 1e-4, lat: CHUNXI[1], time: Date.now(), accuracyM: 6 };
    expect((await ask(phone.socket, 'unit:report', fresh)).ok).toBe(true);
    await nextEvent(desk.socket, 'units:moved', (buf) => {
      const f = decodeFrame(buf);
      return Array.from({ length: f.count }).some(
        (_, k) => f.idx[k] === idx && Math.abs(f.lng[k] - fresh.lng) < 1e-6
      );
    });
  });

  it('answers 0 phones for a unit nobody carries, and hides other towns’ units from a leader', async () => {
    const desk = await server.client('dispatcher');
    const { live } = server.app.gridwatch;
    const quiet = live.all().find((u) => u.id !== unitId)!;
    live.report({ unitId: quiet.id, lng: CHUNXI[0], lat: CHUNXI[1], time: Date.now() }, Date.now());
    expect(await ask<LocateResult>(desk.socket, 'unit:locate', { unitId: quiet.id })).toMatchObject(
      {
        ok: true,
        data: { phones: 0 }
      }
    );
    const leader = await server.client('leader-yaxi');
    expect(await ask(leader.socket, 'unit:locate', { unitId: quiet.id })).toMatchObject({
      ok: false,
      error: 'NOT_FOUND'
    });
  });
});
