import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { IncidentCreate } from '../../../shared/commands.ts';
import type { Incident } from '../../../shared/domain.ts';
import { DispatchService } from '../../../server/dispatch/service.ts';
import { DEFAULT_POLICY } from '../../../server/dispatch/policy.ts';
import type { Router } from '../../../server/dispatch/router.ts';
import { etaS } from '../../../geo/eta.ts';
import { filterLimits } from '../../../server/live/fix-filter.ts';
import { LiveRegistry } from '../../../server/live/registry.ts';
import { openSqliteStore } from '../../../server/store/sqlite-store.ts';
import { dispatchRig, must, north, scopeOf } from '../../fixtures/dispatch.ts';
import { unit } from '../../fixtures/units.ts';
import { note } from '../../../shared/timeline-note.ts';

/**
 * The escalation ladder on a fake clock: offers that time out at their deadline, automatic re-offers to the next
 * best unit nobody has tried, escalation after two failed offers (or when nobody is left), acknowledgement, the
 * limit on automatic offers, timers cleared by answers, and timers rebuilt after a restart.
 *
 * Only setTimeout, clearTimeout and Date are faked: SQLite answers synchronously, so every command is a chain of
 * promises that a real setImmediate drains, and `advanceTimersByTimeAsync` fires the offer timers.
 */

const T0 = 1_800_000_000_000;
const P: [number, number] = [118.905, 31.315];

const DISPATCHER = scopeOf('dispatcher');
const COMMANDER = scopeOf('commander');
const fieldOf = (unitId: string) => scopeOf('field', null, unitId);

let n = 0;
const cid = () => `ladder-${++n}`;

/** drains the promise chains of commands and ladder steps (setImmediate is left real) */
async function flush(): Promise<void> {
  for (let k = 0; k < 5; k++) await new Promise((r) => setImmediate(r));
}

/** moves the fake clock, firing due offer timers, and lets whatever they started finish */
async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  await flush();
}

/** `count` units lined up north of the incident point, U-k at (k + 1) × 100 m, each with a fresh fix */
async function rig(count: number) {
  const r = await dispatchRig(Array.from({ length: count }, (_, i) => unit(i)));
  let dispatch = r.dispatch;
  let store = r.store;
  onTestFinished(async () => {
    dispatch.stop();
    await flush();
    await store.close();
  });
  const h = {
    ...r,
    get dispatch() {
      return dispatch;
    },
    get store() {
      return store;
    },
    /** every unit reports where it stands, now (positions age out of the ranking after 2 minutes) */
    refresh(live = r.live) {
      for (let i = 0; i < count; i++) {
        const [lng, lat] = north(P, (i + 1) * 100);
        const why = live.report({ unitId: `U-${i}`, lng, lat, time: Date.now() }, Date.now());
        if (why !== 'live' && why !== 'duplicate')
          throw new Error(`fix of U-${i} rejected: ${why}`);
      }
    },
    async create(over: Partial<IncidentCreate> = {}) {
      const cmd: IncidentCreate = {
        commandId: cid(),
        category: 'dispute',
        priority: 2,
        lng: P[0],
        lat: P[1],
        source: 'hotline',
        description: '邻里纠纷',
        ...over
      };
      return must(await dispatch.create(cmd, DISPATCHER)).id;
    },
    assign: (incidentId: string, unitId: string) =>
      dispatch.assign({ commandId: cid(), incidentId, unitId }, DISPATCHER),
    respond: (incidentId: string, unitId: string, accept: boolean, reason?: string) =>
      dispatch.respond(
        { commandId: cid(), incidentId, unitId, accept, ...(reason ? { reason } : {}) },
        fieldOf(unitId)
      ),
    incident: (id: string): Incident => dispatch.incident(id)!,
    /** the offers as [unit, status, by] */
    offers: (id: string) => dispatch.incident(id)!.offers.map((o) => [o.unitId, o.status, o.by]),
    types: (id: string) => dispatch.incident(id)!.timeline.map((t) => t.type),
    /** stops this service and opens another on the same store file, as a restarted server does */
    async restart() {
      dispatch.stop();
      await store.close();
      store = openSqliteStore(r.file);
      const live = new LiveRegistry(
        filterLimits([118.8, 31.2, 119.0, 31.4]),
        (lng, lat) => r.grids.locate(lng, lat)?.townCode ?? null
      );
      for (const u of await store.units()) live.put(u);
      dispatch = await DispatchService.open(store, live, r.grids);
      return live;
    }
  };
  h.refresh();
  return h;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(T0);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('offer timeouts', () => {
  it('times out a silent unit at its deadline and offers the next best untried unit', async () => {
    const r = await rig(3);
    const id = await r.create();
    must(await r.assign(id, 'U-0'));
    await advance(59_999);
    expect(r.offers(id)).toEqual([['U-0', 'offered', 'dispatcher-user']]);
    await advance(1);
    const inc = r.incident(id);
    expect(inc.offers[0]).toMatchObject({
      status: 'timed_out',
      answeredAt: T0 + 60_000,
      reason: note('no_answer')
    });
    expect(inc.timeline.slice(2).map((t) => [t.type, t.actor, t.unitId, t.at])).toEqual([
      ['offer_timed_out', 'ladder', 'U-0', T0 + 60_000],
      ['offered', 'ladder', 'U-1', T0 + 60_000]
    ]);
    expect(inc.timeline[2].note).toEqual(note('no_answer'));
    expect(inc.offers[1]).toMatchObject({
      unitId: 'U-1',
      status: 'offered',
      by: 'ladder',
      deadline: T0 + 120_000
    });
    expect(inc).toMatchObject({ status: 'dispatched', unitIds: ['U-1'], escalation: null });
    expect(r.live.get('U-0')).toMatchObject({ status: 'available', incidentId: null });
    expect(r.live.get('U-1')).toMatchObject({ status: 'assigned', incidentId: id });
  });

  it('gives a P1 unit 30 s, and the unit the ladder offers next 30 s as well', async () => {
    const r = await rig(3);
    const id = await r.create({ priority: 1 });
    must(await r.assign(id, 'U-0'));
    await advance(29_999);
    expect(r.offers(id)).toEqual([['U-0', 'offered', 'dispatcher-user']]);
    await advance(1);
    expect(r.offers(id)).toEqual([
      ['U-0', 'timed_out', 'dispatcher-user'],
      ['U-1', 'offered', 'ladder']
    ]);
    expect(r.incident(id).offers[1].deadline).toBe(T0 + 60_000);
    await advance(30_000);
    expect(r.offers(id).map((o) => o[1])).toEqual(['timed_out', 'timed_out', 'offered']);
  });

  it('escalates after two failed offers, keeps offering, and keeps the escalation until acknowledged', async () => {
    const r = await rig(4);
    const id = await r.create();
    must(await r.assign(id, 'U-0'));
    await advance(60_000);
    r.refresh();
    await advance(60_000);
    const inc = r.incident(id);
    expect(r.types(id)).toEqual([
      'reported',
      'offered',
      'offer_timed_out',
      'offered',
      'offer_timed_out',
      'escalated',
      'offered'
    ]);
    expect(inc.escalation).toEqual({
      at: T0 + 120_000,
      reason: note('offers_failed', { count: 2 }),
      acknowledgedAt: null,
      acknowledgedBy: null
    });
    expect(inc.timeline[5]).toMatchObject({
      actor: 'ladder',
      note: note('offers_failed', { count: 2 })
    });
    expect(r.offers(id).at(-1)).toEqual(['U-2', 'offered', 'ladder']);

    // an answer does not end the escalation, nor does time
    must(await r.respond(id, 'U-2', true));
    await advance(10 * 60_000);
    expect(r.incident(id).escalation?.acknowledgedAt).toBeNull();

    const ack = { commandId: cid(), incidentId: id };
    const res = must(await r.dispatch.acknowledge(ack, COMMANDER));
    expect(res.escalation).toEqual({
      at: T0 + 120_000,
      reason: note('offers_failed', { count: 2 }),
      acknowledgedAt: T0 + 120_000 + 10 * 60_000,
      acknowledgedBy: 'commander-user'
    });
    expect(res.timeline.at(-1)).toMatchObject({
      type: 'escalation_acknowledged',
      actor: 'commander-user',
      at: T0 + 120_000 + 10 * 60_000
    });
    const again = await r.dispatch.acknowledge({ commandId: cid(), incidentId: id }, COMMANDER);
    expect(again).toMatchObject({ ok: false, error: 'INVALID_TRANSITION' });
  });

  it('fills a P1 fire back up to the two units it needs when one of them stays silent', async () => {
    const r = await rig(3);
    const id = await r.create({ category: 'fire', priority: 1 });
    must(await r.assign(id, 'U-0'));
    must(await r.assign(id, 'U-1'));
    must(await r.respond(id, 'U-0', true));
    await advance(30_000);
    expect(r.incident(id)).toMatchObject({ status: 'accepted', unitIds: ['U-0', 'U-2'] });
    expect(r.offers(id)).toEqual([
      ['U-0', 'accepted', 'dispatcher-user'],
      ['U-1', 'timed_out', 'dispatcher-user'],
      ['U-2', 'offered', 'ladder']
    ]);
  });
});

describe('declines', () => {
  it('runs the ladder at once when a unit declines', async () => {
    const r = await rig(3);
    const id = await r.create();
    must(await r.assign(id, 'U-0'));
    must(await r.respond(id, 'U-0', false, '车辆故障'));
    await flush();
    expect(r.offers(id)).toEqual([
      ['U-0', 'declined', 'dispatcher-user'],
      ['U-1', 'offered', 'ladder']
    ]);
    expect(
      r
        .incident(id)
        .timeline.slice(2)
        .map((t) => [t.type, t.at])
    ).toEqual([
      ['declined', T0],
      ['offered', T0]
    ]);
  });

  it('escalates with no available unit when nobody untried is left to offer', async () => {
    const r = await rig(2);
    // U-1 is off duty: the only other unit cannot be offered
    must(
      await r.dispatch.unitStatus(
        { commandId: cid(), unitId: 'U-1', status: 'off_duty' },
        fieldOf('U-1')
      )
    );
    const id = await r.create();
    must(await r.assign(id, 'U-0'));
    must(await r.respond(id, 'U-0', false));
    await flush();
    expect(r.incident(id)).toMatchObject({
      status: 'reported',
      unitIds: [],
      escalation: { at: T0, reason: note('no_unit'), acknowledgedAt: null }
    });
    expect(r.types(id)).toEqual(['reported', 'offered', 'declined', 'escalated']);
  });

  it('does not offer a unit whose fix is older than two minutes', async () => {
    const r = await rig(2);
    await advance(2 * 60_000 + 1);
    // only U-0 reports again; U-1's last fix is now too old to rank
    r.live.report(
      { unitId: 'U-0', lng: north(P, 100)[0], lat: north(P, 100)[1], time: Date.now() },
      Date.now()
    );
    const id = await r.create();
    must(await r.assign(id, 'U-0'));
    must(await r.respond(id, 'U-0', false));
    await flush();
    expect(r.offers(id)).toEqual([['U-0', 'declined', 'dispatcher-user']]);
    expect(r.incident(id).escalation?.reason).toEqual(note('no_unit'));
  });

  it('offers no one more when the incident still has the units it needs', async () => {
    const r = await rig(3);
    const id = await r.create();
    must(await r.assign(id, 'U-0'));
    must(await r.assign(id, 'U-1'));
    must(await r.respond(id, 'U-1', false));
    await flush();
    expect(r.offers(id)).toEqual([
      ['U-0', 'offered', 'dispatcher-user'],
      ['U-1', 'declined', 'dispatcher-user']
    ]);
    expect(r.incident(id)).toMatchObject({
      status: 'dispatched',
      unitIds: ['U-0'],
      escalation: null
    });
  });

  it('stops offering after five automatic offers and escalates only once', async () => {
    const r = await rig(8);
    const id = await r.create();
    must(await r.assign(id, 'U-0'));
    for (let k = 0; k < 10; k++) {
      const open = r.incident(id).offers.find((o) => o.status === 'offered');
      if (!open) break;
      must(await r.respond(id, open.unitId, false, '忙'));
      await flush();
    }
    expect(DEFAULT_POLICY.maxAutomaticOffers).toBe(5);
    expect(r.offers(id)).toEqual([
      ['U-0', 'declined', 'dispatcher-user'],
      ...[1, 2, 3, 4, 5].map((k) => [`U-${k}`, 'declined', 'ladder'])
    ]);
    expect(r.types(id).filter((t) => t === 'escalated')).toHaveLength(1);
    expect(r.incident(id)).toMatchObject({ status: 'reported', unitIds: [] });
    for (const u of ['U-6', 'U-7']) expect(r.live.get(u)?.status).toBe('available');
  });
});

describe('timers', () => {
  it('clears the timer of an accepted offer: no timeout fires later', async () => {
    const r = await rig(2);
    const id = await r.create();
    must(await r.assign(id, 'U-0'));
    expect(vi.getTimerCount()).toBe(1);
    must(await r.respond(id, 'U-0', true));
    expect(vi.getTimerCount()).toBe(0);
    await advance(10 * 60_000);
    expect(r.types(id)).toEqual(['reported', 'offered', 'accepted']);
    expect(r.offers(id)).toEqual([['U-0', 'accepted', 'dispatcher-user']]);
  });

  it('clears the timers of offers withdrawn or ended by a cancel', async () => {
    const r = await rig(3);
    const id = await r.create({ category: 'fire', priority: 1 });
    for (const u of ['U-0', 'U-1', 'U-2']) must(await r.assign(id, u));
    expect(vi.getTimerCount()).toBe(3);
    const withdraw = { commandId: cid(), incidentId: id, unitId: 'U-0', reason: '改派' };
    must(await r.dispatch.withdraw(withdraw, DISPATCHER));
    expect(vi.getTimerCount()).toBe(2);
    const cancel = { commandId: cid(), incidentId: id, action: 'cancel' as const, reason: '误报' };
    must(await r.dispatch.transition(cancel, COMMANDER));
    expect(vi.getTimerCount()).toBe(0);
    await advance(5 * 60_000);
    expect(r.types(id)).not.toContain('offer_timed_out');
  });

  it('rebuilds an open offer’s timer after a restart, keeping its deadline', async () => {
    const r = await rig(2);
    const id = await r.create();
    must(await r.assign(id, 'U-0'));
    await advance(20_000);
    const live = await r.restart();
    expect(vi.getTimerCount()).toBe(1);
    r.refresh(live);
    await advance(39_999);
    expect(r.offers(id)).toEqual([['U-0', 'offered', 'dispatcher-user']]);
    await advance(1);
    expect(r.incident(id).offers[0]).toMatchObject({
      status: 'timed_out',
      answeredAt: T0 + 60_000
    });
    // the restarted service's ladder takes it on from there
    expect(r.offers(id).at(-1)).toEqual(['U-1', 'offered', 'ladder']);
    // and the store agrees with memory
    expect((await r.store.incidents(0, Date.now())).find((i) => i.id === id)).toEqual(
      r.incident(id)
    );
  });

  it('expires at once an offer whose deadline passed while the server was down', async () => {
    const r = await rig(2);
    const id = await r.create();
    must(await r.assign(id, 'U-0'));
    await advance(10_000);
    r.dispatch.stop();
    vi.setSystemTime(T0 + 5 * 60_000);
    const live = await r.restart();
    await advance(0);
    const inc = r.incident(id);
    expect(inc.offers[0]).toMatchObject({ status: 'timed_out', answeredAt: T0 + 5 * 60_000 });
    expect(inc.timeline.find((t) => t.type === 'offer_timed_out')?.at).toBe(T0 + 5 * 60_000);
    // nobody has reported a position since the restart, so nobody can be offered
    expect(inc.escalation?.reason).toEqual(note('no_unit'));
    expect(live.get('U-0')).toMatchObject({ status: 'available', incidentId: null });
  });
});

describe('the ladder against concurrent desk commands', () => {
  it('keeps an offer a dispatcher makes while the ladder is escalating', async () => {
    const r = await rig(3);
    const id = await r.create();
    must(await r.assign(id, 'U-0'));
    must(await r.respond(id, 'U-0', false, '忙'));
    await flush();
    expect(r.offers(id).at(-1)).toEqual(['U-1', 'offered', 'ladder']);
    // the second failure makes the ladder escalate; a dispatcher offers U-2 in the same moment
    const [declined, offered] = await Promise.all([
      r.respond(id, 'U-1', false, '忙'),
      r.assign(id, 'U-2')
    ]);
    await flush();
    expect(declined.ok && offered.ok).toBe(true);
    expect(r.incident(id).escalation?.reason).toEqual(note('offers_failed', { count: 2 }));
    // the unit holds the dispatcher's offer …
    expect(r.live.get('U-2')).toMatchObject({ status: 'assigned', incidentId: id });
    // … so the incident must still list it, with its open offer, and still be dispatched
    expect(r.incident(id)).toMatchObject({ status: 'dispatched', unitIds: ['U-2'] });
    expect(r.offers(id).at(-1)).toEqual(['U-2', 'offered', 'dispatcher-user']);
    // and the offer's deadline frees the unit again if it stays silent
    await advance(60_000);
    expect(r.live.get('U-2')).toMatchObject({ status: 'available', incidentId: null });
  });

  it('keeps an offer a dispatcher makes while the ladder waits for travel times', async () => {
    const r = await rig(1);
    // U-1 has no fix, so the ladder has nobody to rank; its router answers only when told to
    r.live.put(unit(1));
    let answer = () => {};
    const slow: Router = {
      name: 'slow',
      async travelTimes(_to, from) {
        await new Promise<void>((go) => (answer = go));
        return from.map((f) => etaS(f.distanceM, f.mode));
      }
    };
    r.dispatch.stop();
    const dispatch = await DispatchService.open(r.store, r.live, r.grids, { router: slow });
    onTestFinished(() => dispatch.stop());
    const id = must(
      await dispatch.create(
        {
          commandId: cid(),
          category: 'dispute',
          priority: 2,
          lng: P[0],
          lat: P[1],
          source: 'hotline',
          description: '邻里纠纷'
        },
        DISPATCHER
      )
    ).id;
    const offer = (unitId: string) => ({ commandId: cid(), incidentId: id, unitId });
    must(await dispatch.assign(offer('U-0'), DISPATCHER));
    must(await dispatch.respond({ ...offer('U-0'), accept: false }, fieldOf('U-0')));
    await flush(); // the ladder now waits on the router
    must(await dispatch.assign(offer('U-1'), DISPATCHER));
    answer();
    await flush();
    expect(r.live.get('U-1')).toMatchObject({ status: 'assigned', incidentId: id });
    expect(dispatch.incident(id)).toMatchObject({ status: 'dispatched', unitIds: ['U-1'] });
  });
});
