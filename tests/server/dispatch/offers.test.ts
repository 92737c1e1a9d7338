import { describe, expect, it, onTestFinished } from 'vitest';
import type { IncidentCategory, Incident, Priority } from '../../../shared/domain.ts';
import type { IncidentCreate, IncidentTransition } from '../../../shared/commands.ts';
import type { UnitInfo } from '../../../shared/protocol.ts';
import { distanceM } from '../../../geo/unit-index.ts';
import { GridLocator } from '../../../geo/grid-locator.ts';
import { DispatchService } from '../../../server/dispatch/service.ts';
import { DEFAULT_POLICY } from '../../../server/dispatch/policy.ts';
import { openSqliteStore } from '../../../server/store/sqlite-store.ts';
import { dispatchRig, must, north, scopeOf } from '../../fixtures/dispatch.ts';
import { miniDistrict, T1, T2 } from '../../fixtures/mini-district.ts';
import { unit } from '../../fixtures/units.ts';
import { note, said } from '../../../shared/timeline-note.ts';

/**
 * Every command of the dispatch workflow through the real service and a real SQLite store: offers and their
 * answers, withdrawals and recalls, unit duty, the incident's own lifecycle, the timeline, duplicates, merges,
 * the number of units an incident needs and arrival detection.
 */

const T0 = 1_800_000_000_000;
/** a point in town one, grid 01 of the mini district */
const P: [number, number] = [118.905, 31.315];

const DISPATCHER = scopeOf('dispatcher');
const COMMANDER = scopeOf('commander');
const ADMIN = scopeOf('admin');
const fieldOf = (unitId: string) => scopeOf('field', null, unitId);

let n = 0;
const cid = () => `offers-${++n}`;

/** lets the ladder, which runs as commands of its own after an answer, finish its step */
async function settle(): Promise<void> {
  for (let k = 0; k < 3; k++) await new Promise((r) => setImmediate(r));
}

/** A dispatch rig of `count` units with commands that must succeed, cleaned up after the test. */
async function rig(count = 3, over: (i: number) => Partial<UnitInfo> = () => ({})) {
  const r = await dispatchRig(Array.from({ length: count }, (_, i) => unit(i, over(i))));
  onTestFinished(async () => {
    r.dispatch.stop();
    await settle();
    await r.store.close();
  });
  const { dispatch } = r;
  const h = {
    ...r,
    async create(over: Partial<IncidentCreate> = {}, scope = DISPATCHER, now = Date.now()) {
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
      return must(await dispatch.create(cmd, scope, now));
    },
    assign: (incidentId: string, unitId: string, scope = DISPATCHER, now = Date.now()) =>
      dispatch.assign({ commandId: cid(), incidentId, unitId }, scope, now),
    respond: (incidentId: string, unitId: string, accept: boolean, reason?: string, now?: number) =>
      dispatch.respond(
        { commandId: cid(), incidentId, unitId, accept, ...(reason ? { reason } : {}) },
        fieldOf(unitId),
        now
      ),
    duty: (unitId: string, status: UnitInfo['status'], now?: number) =>
      dispatch.unitStatus({ commandId: cid(), unitId, status }, fieldOf(unitId), now),
    withdraw: (
      incidentId: string,
      unitId: string,
      reason: string,
      scope = DISPATCHER,
      now?: number
    ) => dispatch.withdraw({ commandId: cid(), incidentId, unitId, reason }, scope, now),
    act: (
      incidentId: string,
      action: IncidentTransition['action'],
      scope = COMMANDER,
      reason?: string,
      now?: number
    ) =>
      dispatch.transition(
        { commandId: cid(), incidentId, action, ...(reason ? { reason } : {}) },
        scope,
        now
      ),
    /** an incident whose unit (default U-0) accepted its offer */
    async accepted(unitId = 'U-0', over: Partial<IncidentCreate> = {}) {
      const inc = await h.create(over);
      must(await h.assign(inc.id, unitId));
      must(await h.respond(inc.id, unitId, true));
      return inc.id;
    },
    async onScene(unitId = 'U-0', over: Partial<IncidentCreate> = {}) {
      const id = await h.accepted(unitId, over);
      must(await h.duty(unitId, 'on_scene'));
      return id;
    },
    incident: (id: string) => dispatch.incident(id)!,
    unit: (id: string) => r.live.get(id)!,
    fix(unitId: string, at: [number, number], time = Date.now()) {
      const why = r.live.report({ unitId, lng: at[0], lat: at[1], time }, time);
      if (why !== 'live') throw new Error(`fix of ${unitId} rejected: ${why}`);
    }
  };
  return h;
}

type Rig = Awaited<ReturnType<typeof rig>>;

/** what a refused command must leave as it was: the log, the incidents, the units, memory and store alike */
async function snapshot(r: Rig) {
  return {
    seq: r.dispatch.seq,
    stored: await r.store.lastSeq(),
    incidents: r.dispatch.incidents(),
    units: r.live.all().map((u) => ({ ...u })),
    roster: await r.store.units()
  };
}

describe('offers', () => {
  it('offers an incident to a unit: the unit is assigned, the incident dispatched, the offer open for 60 s', async () => {
    const r = await rig(1);
    const inc = await r.create({ priority: 2 }, DISPATCHER, T0);
    const res = must(await r.assign(inc.id, 'U-0', DISPATCHER, T0 + 5_000));
    expect(res).toMatchObject({ status: 'dispatched', unitIds: ['U-0'] });
    expect(res.offers).toEqual([
      {
        unitId: 'U-0',
        status: 'offered',
        offeredAt: T0 + 5_000,
        deadline: T0 + 5_000 + 60_000,
        by: 'dispatcher-user',
        answeredAt: null,
        reason: null
      }
    ]);
    expect(r.unit('U-0')).toMatchObject({ status: 'assigned', incidentId: inc.id });
    // and durably so: the roster and the projection in the store say the same
    const stored = openSqliteStore(r.file);
    expect((await stored.units())[0]).toMatchObject({ status: 'assigned', incidentId: inc.id });
    const [row] = await stored.incidents(0, T0);
    await stored.close();
    expect(row).toEqual(r.incident(inc.id));
  });

  it('gives a P1 unit 30 s to answer and a P2, P3 or P4 unit 60 s', async () => {
    const r = await rig(4);
    const priorities: Priority[] = [1, 2, 3, 4];
    for (const [k, priority] of priorities.entries()) {
      // a category apiece, so none is another's duplicate
      const category = (['fraud', 'petition', 'safety_hazard', 'dispute'] as const)[k];
      const inc = await r.create({ priority, category }, DISPATCHER, T0);
      const offered = must(await r.assign(inc.id, `U-${k}`, DISPATCHER, T0));
      expect(offered.offers[0].deadline - T0).toBe(DEFAULT_POLICY.offerTimeoutMs[priority]);
    }
    expect(DEFAULT_POLICY.offerTimeoutMs).toEqual({ 1: 30_000, 2: 60_000, 3: 60_000, 4: 60_000 });
  });

  it('marks an accepted offer with the time of the answer and keeps the unit on the incident', async () => {
    const r = await rig(1);
    const inc = await r.create();
    must(await r.assign(inc.id, 'U-0', DISPATCHER, T0));
    const res = must(await r.respond(inc.id, 'U-0', true, undefined, T0 + 12_000));
    expect(res).toMatchObject({ status: 'accepted', unitIds: ['U-0'] });
    expect(res.offers[0]).toMatchObject({ status: 'accepted', answeredAt: T0 + 12_000 });
    expect(r.unit('U-0')).toMatchObject({ status: 'assigned', incidentId: inc.id });
    expect(res.timeline.at(-1)).toMatchObject({
      type: 'accepted',
      actor: 'field-user',
      unitId: 'U-0',
      status: 'accepted'
    });
  });

  it('frees a declining unit, keeps its reason, and puts the incident back to reported when no unit remains', async () => {
    const r = await rig(1);
    const inc = await r.create();
    must(await r.assign(inc.id, 'U-0'));
    const res = must(await r.respond(inc.id, 'U-0', false, '车辆故障', T0));
    expect(res).toMatchObject({ status: 'reported', unitIds: [] });
    expect(res.offers[0]).toMatchObject({
      status: 'declined',
      answeredAt: T0,
      reason: said('车辆故障')
    });
    expect(res.timeline.at(-1)).toMatchObject({
      type: 'declined',
      unitId: 'U-0',
      status: 'reported',
      note: said('车辆故障')
    });
    expect(r.unit('U-0')).toMatchObject({ status: 'available', incidentId: null });
  });

  it('keeps the incident dispatched when one of its two units declines', async () => {
    const r = await rig(2);
    const inc = await r.create({ category: 'fire', priority: 1 });
    must(await r.assign(inc.id, 'U-0'));
    must(await r.assign(inc.id, 'U-1'));
    const res = must(await r.respond(inc.id, 'U-1', false, '另有任务'));
    expect(res).toMatchObject({ status: 'dispatched', unitIds: ['U-0'] });
    expect(r.unit('U-1').status).toBe('available');
  });

  it('refuses an answer for another unit, and a second answer to an offer already answered', async () => {
    const r = await rig(2);
    const inc = await r.create();
    must(await r.assign(inc.id, 'U-0'));
    const before = await snapshot(r);
    const impostor = await r.dispatch.respond(
      { commandId: cid(), incidentId: inc.id, unitId: 'U-0', accept: false },
      fieldOf('U-1')
    );
    expect(impostor).toMatchObject({ ok: false, error: 'FORBIDDEN' });
    expect(await snapshot(r)).toEqual(before);
    must(await r.respond(inc.id, 'U-0', true));
    const again = await r.respond(inc.id, 'U-0', false, '改主意了');
    expect(again).toMatchObject({ ok: false, error: 'INVALID_TRANSITION' });
    expect(r.incident(inc.id).offers[0].status).toBe('accepted');
  });

  it('withdraws an open offer: offer withdrawn with the reason, unit freed, incident back to reported', async () => {
    const r = await rig(1);
    const inc = await r.create();
    must(await r.assign(inc.id, 'U-0'));
    const res = must(await r.withdraw(inc.id, 'U-0', '改派更近的单位', DISPATCHER, T0));
    expect(res).toMatchObject({ status: 'reported', unitIds: [] });
    expect(res.offers[0]).toMatchObject({
      status: 'withdrawn',
      answeredAt: T0,
      reason: said('改派更近的单位')
    });
    expect(res.timeline.at(-1)).toMatchObject({
      type: 'offer_withdrawn',
      actor: 'dispatcher-user',
      unitId: 'U-0',
      note: said('改派更近的单位')
    });
    expect(r.unit('U-0')).toMatchObject({ status: 'available', incidentId: null });
    // a withdrawal is the desk's choice, not a failed offer: nothing escalates, nothing is re-offered
    await settle();
    expect(r.incident(inc.id)).toMatchObject({ escalation: null, offers: [res.offers[0]] });
  });

  it('recalls a working unit: unit_recalled on the timeline, its accepted offer stays on record', async () => {
    const r = await rig(1);
    const id = await r.accepted('U-0');
    must(await r.duty('U-0', 'en_route'));
    const res = must(await r.withdraw(id, 'U-0', '调往更紧急的警情'));
    expect(res).toMatchObject({ status: 'reported', unitIds: [] });
    expect(res.offers.map((o) => o.status)).toEqual(['accepted']);
    expect(res.timeline.at(-1)).toMatchObject({
      type: 'unit_recalled',
      unitId: 'U-0',
      status: 'reported',
      note: said('调往更紧急的警情')
    });
    expect(r.unit('U-0')).toMatchObject({ status: 'available', incidentId: null });
  });

  it('refuses to withdraw a unit that is not on the incident, and changes nothing', async () => {
    const r = await rig(2);
    const inc = await r.create();
    must(await r.assign(inc.id, 'U-0'));
    const before = await snapshot(r);
    const res = await r.withdraw(inc.id, 'U-1', '改派');
    expect(res).toMatchObject({ ok: false, error: 'INVALID_TRANSITION' });
    expect(await snapshot(r)).toEqual(before);
  });

  it('reassigns by withdrawing one unit and offering another: the second holds the only open offer', async () => {
    const r = await rig(2);
    const inc = await r.create();
    must(await r.assign(inc.id, 'U-0'));
    must(await r.withdraw(inc.id, 'U-0', '改派'));
    const res = must(await r.assign(inc.id, 'U-1'));
    expect(res).toMatchObject({ status: 'dispatched', unitIds: ['U-1'] });
    expect(res.offers.map((o) => [o.unitId, o.status])).toEqual([
      ['U-0', 'withdrawn'],
      ['U-1', 'offered']
    ]);
    expect(r.unit('U-0').status).toBe('available');
    expect(r.unit('U-1')).toMatchObject({ status: 'assigned', incidentId: inc.id });
  });

  it('refuses a busy unit, naming its incident only to a viewer who may see that incident', async () => {
    const r = await rig(1);
    // the unit stands in town two while it works an incident of town one
    r.fix('U-0', [118.93, 31.315]);
    const first = await r.create();
    must(await r.assign(first.id, 'U-0'));
    const second = await r.create({ lng: 118.93, lat: 31.305, category: 'fraud' });
    const desk = await r.assign(second.id, 'U-0');
    expect(desk).toMatchObject({ ok: false, error: 'UNIT_UNAVAILABLE' });
    expect(!desk.ok && desk.message).toContain(first.id);
    const leader = await r.assign(second.id, 'U-0', scopeOf('town_leader', [T2]));
    expect(leader).toMatchObject({ ok: false, error: 'UNIT_UNAVAILABLE' });
    expect(!leader.ok && leader.message).not.toContain(first.id);
    expect(!leader.ok && leader.message).not.toContain('INC-');
  });

  it('refuses an off-duty unit, and the same unit twice to one incident', async () => {
    const r = await rig(2, (i) => (i === 1 ? { status: 'off_duty' } : {}));
    const inc = await r.create();
    expect(await r.assign(inc.id, 'U-1')).toMatchObject({ ok: false, error: 'UNIT_UNAVAILABLE' });
    must(await r.assign(inc.id, 'U-0'));
    const before = await snapshot(r);
    expect(await r.assign(inc.id, 'U-0')).toMatchObject({ ok: false, error: 'UNIT_UNAVAILABLE' });
    expect(await snapshot(r)).toEqual(before);
  });
});

describe('unit duty', () => {
  it('refuses a unit reporting en route before it answers its offer, and changes nothing', async () => {
    const r = await rig(1);
    const inc = await r.create();
    must(await r.assign(inc.id, 'U-0'));
    const before = await snapshot(r);
    for (const status of ['en_route', 'on_scene'] as const) {
      const res = await r.duty('U-0', status);
      expect(res).toMatchObject({ ok: false, error: 'INVALID_TRANSITION' });
      expect(!res.ok && res.message).toContain('answer the offer');
    }
    expect(await snapshot(r)).toEqual(before);
  });

  it('moves the incident along as its unit departs and arrives, and resolves it when the unit frees itself', async () => {
    const r = await rig(1);
    const id = await r.accepted('U-0');
    const steps: Array<[UnitInfo['status'], UnitInfo['status'], Incident['status']]> = [
      ['en_route', 'en_route', 'en_route'],
      ['on_scene', 'on_scene', 'on_scene'],
      ['available', 'available', 'resolved']
    ];
    for (const [status, unitNow, incidentNow] of steps) {
      const res = must(await r.duty('U-0', status));
      expect(res.status).toBe(unitNow);
      expect(r.incident(id).status).toBe(incidentNow);
    }
    expect(r.incident(id)).toMatchObject({ unitIds: [] });
    expect(r.unit('U-0')).toMatchObject({ status: 'available', incidentId: null });
    expect(r.incident(id).timeline.map((t) => t.type)).toEqual([
      'reported',
      'offered',
      'accepted',
      'en_route',
      'on_scene',
      'resolved'
    ]);
  });

  it('never pulls an incident back: a second unit accepting after the first arrived leaves it on scene', async () => {
    const r = await rig(2);
    const id = await r.onScene('U-0', { category: 'fire', priority: 1 });
    must(await r.assign(id, 'U-1'));
    expect(r.incident(id).status).toBe('on_scene');
    must(await r.respond(id, 'U-1', true));
    must(await r.duty('U-1', 'en_route'));
    expect(r.incident(id).status).toBe('on_scene');
  });

  it('releases one of two units on scene without resolving the incident', async () => {
    const r = await rig(2);
    const id = await r.onScene('U-0', { category: 'fire', priority: 1 });
    must(await r.assign(id, 'U-1'));
    must(await r.respond(id, 'U-1', true));
    must(await r.duty('U-1', 'on_scene'));
    must(await r.duty('U-1', 'available'));
    expect(r.incident(id)).toMatchObject({ status: 'on_scene', unitIds: ['U-0'] });
    expect(r.incident(id).timeline.at(-1)).toMatchObject({ type: 'unit_released', unitId: 'U-1' });
  });
});

describe('the incident lifecycle', () => {
  it('resolves an incident, freeing every unit on it and withdrawing offers still open', async () => {
    const r = await rig(2);
    const id = await r.onScene('U-0', { category: 'fire', priority: 1 });
    must(await r.assign(id, 'U-1'));
    const res = must(await r.act(id, 'resolve', DISPATCHER, undefined, T0));
    expect(res).toMatchObject({ status: 'resolved', unitIds: [] });
    expect(res.offers.map((o) => [o.unitId, o.status, o.reason])).toEqual([
      ['U-0', 'accepted', null],
      ['U-1', 'withdrawn', note('closed_with', { status: 'resolved' })]
    ]);
    for (const u of ['U-0', 'U-1'])
      expect(r.unit(u)).toMatchObject({ status: 'available', incidentId: null });
    expect(await r.store.units()).toMatchObject([
      { status: 'available', incidentId: null },
      { status: 'available', incidentId: null }
    ]);
  });

  it('asks a reason to cancel, and lets a commander cancel but not a dispatcher', async () => {
    const r = await rig(1);
    const inc = await r.create();
    must(await r.assign(inc.id, 'U-0'));
    const before = await snapshot(r);
    expect(await r.act(inc.id, 'cancel', COMMANDER)).toMatchObject({ ok: false, error: 'INVALID' });
    expect(await r.act(inc.id, 'cancel', DISPATCHER, '误报')).toMatchObject({
      ok: false,
      error: 'FORBIDDEN'
    });
    expect(await snapshot(r)).toEqual(before);
    const res = must(await r.act(inc.id, 'cancel', COMMANDER, '误报'));
    expect(res).toMatchObject({ status: 'cancelled', unitIds: [] });
    expect(res.offers[0]).toMatchObject({
      status: 'withdrawn',
      reason: note('closed_with', { status: 'cancelled' })
    });
    expect(res.timeline.at(-1)).toMatchObject({
      type: 'cancelled',
      actor: 'commander-user',
      note: said('误报')
    });
    expect(r.unit('U-0')).toMatchObject({ status: 'available', incidentId: null });
  });

  it('lets an admin or commander close a resolved incident, and refuses a dispatcher', async () => {
    const r = await rig(2);
    const a = await r.onScene('U-0');
    const b = await r.onScene('U-1', { category: 'fraud' });
    for (const id of [a, b]) must(await r.act(id, 'resolve', DISPATCHER));
    expect(await r.act(a, 'close', DISPATCHER)).toMatchObject({ ok: false, error: 'FORBIDDEN' });
    expect(r.incident(a).status).toBe('resolved');
    expect(must(await r.act(a, 'close', ADMIN)).status).toBe('closed');
    expect(must(await r.act(b, 'close', COMMANDER)).status).toBe('closed');
  });

  it('reopens a resolved incident with a reason, back to reported with no unit', async () => {
    const r = await rig(1);
    const id = await r.onScene('U-0');
    must(await r.act(id, 'resolve', DISPATCHER));
    expect(await r.act(id, 'reopen', DISPATCHER)).toMatchObject({ ok: false, error: 'INVALID' });
    const res = must(await r.act(id, 'reopen', DISPATCHER, '当事人再次来电'));
    expect(res).toMatchObject({ status: 'reported', unitIds: [] });
    expect(res.timeline.at(-1)).toMatchObject({
      type: 'reopened',
      note: said('当事人再次来电')
    });
    // back in the queue, it can be offered again
    expect(must(await r.assign(id, 'U-0')).status).toBe('dispatched');
  });

  /** each state reached through commands of a commander, who may take every action */
  const states: Record<string, (r: Rig) => Promise<string>> = {
    reported: async (r) => (await r.create()).id,
    dispatched: async (r) => {
      const inc = await r.create();
      must(await r.assign(inc.id, 'U-0'));
      return inc.id;
    },
    accepted: (r) => r.accepted('U-0'),
    on_scene: (r) => r.onScene('U-0'),
    resolved: async (r) => {
      const id = await r.onScene('U-0');
      must(await r.act(id, 'resolve'));
      return id;
    },
    closed: async (r) => {
      const id = await r.onScene('U-0');
      must(await r.act(id, 'resolve'));
      must(await r.act(id, 'close'));
      return id;
    },
    cancelled: async (r) => {
      const id = (await r.create()).id;
      must(await r.act(id, 'cancel', COMMANDER, '误报'));
      return id;
    }
  };
  const illegal: Array<[IncidentTransition['action'], string]> = [
    ['resolve', 'reported'],
    ['resolve', 'dispatched'],
    ['resolve', 'accepted'],
    ['resolve', 'resolved'],
    ['close', 'on_scene'],
    ['close', 'cancelled'],
    ['close', 'closed'],
    ['reopen', 'reported'],
    ['reopen', 'on_scene'],
    ['reopen', 'closed'],
    ['reopen', 'cancelled'],
    ['cancel', 'resolved'],
    ['cancel', 'closed'],
    ['cancel', 'cancelled']
  ];
  for (const [action, from] of illegal) {
    it(`answers INVALID_TRANSITION to ${action} from ${from}, and changes nothing`, async () => {
      const r = await rig(1);
      const id = await states[from](r);
      expect(r.incident(id).status).toBe(from);
      const before = await snapshot(r);
      const res = await r.act(id, action, COMMANDER, '理由');
      expect(res).toMatchObject({ ok: false, error: 'INVALID_TRANSITION' });
      expect(await snapshot(r)).toEqual(before);
    });
  }

  it('records every step on the timeline with its actor, time, type, unit and note', async () => {
    const r = await rig(2);
    const t = (k: number) => T0 + k * 1000;
    const inc = await r.create({ source: 'camera' }, DISPATCHER, t(0));
    const id = inc.id;
    must(await r.assign(id, 'U-0', DISPATCHER, t(1)));
    must(await r.withdraw(id, 'U-0', '改派', DISPATCHER, t(2)));
    must(await r.assign(id, 'U-1', COMMANDER, t(3)));
    must(await r.respond(id, 'U-1', true, undefined, t(4)));
    must(await r.duty('U-1', 'en_route', t(5)));
    must(await r.duty('U-1', 'on_scene', t(6)));
    must(await r.act(id, 'resolve', DISPATCHER, '已调解', t(7)));
    must(await r.act(id, 'reopen', DISPATCHER, '再次来电', t(8)));
    const escalate = { commandId: cid(), incidentId: id, reason: '矛盾升级' };
    must(await r.dispatch.escalate(escalate, COMMANDER, t(9)));
    const leader = scopeOf('town_leader', [T1]);
    must(await r.dispatch.acknowledge({ commandId: cid(), incidentId: id }, leader, t(10)));
    must(await r.act(id, 'cancel', ADMIN, '已由派出所接手', t(11)));
    const answerBy = (k: number) => note('answer_by', { at: t(k) + 60_000 });
    const entries = r.incident(id).timeline;
    expect(entries).toEqual(
      [
        {
          type: 'reported',
          actor: 'dispatcher-user',
          status: 'reported',
          note: note('source', { source: 'camera' })
        },
        {
          type: 'offered',
          actor: 'dispatcher-user',
          status: 'dispatched',
          unitId: 'U-0',
          note: answerBy(1)
        },
        {
          type: 'offer_withdrawn',
          actor: 'dispatcher-user',
          status: 'reported',
          unitId: 'U-0',
          note: said('改派')
        },
        {
          type: 'offered',
          actor: 'commander-user',
          status: 'dispatched',
          unitId: 'U-1',
          note: answerBy(3)
        },
        { type: 'accepted', actor: 'field-user', status: 'accepted', unitId: 'U-1' },
        { type: 'en_route', actor: 'field-user', status: 'en_route', unitId: 'U-1' },
        { type: 'on_scene', actor: 'field-user', status: 'on_scene', unitId: 'U-1' },
        { type: 'resolved', actor: 'dispatcher-user', status: 'resolved', note: said('已调解') },
        { type: 'reopened', actor: 'dispatcher-user', status: 'reported', note: said('再次来电') },
        { type: 'escalated', actor: 'commander-user', status: 'reported', note: said('矛盾升级') },
        { type: 'escalation_acknowledged', actor: 'town_leader-user', status: 'reported' },
        {
          type: 'cancelled',
          actor: 'admin-user',
          status: 'cancelled',
          note: said('已由派出所接手')
        }
      ].map((e, k) => ({ seq: k + 1, at: t(k), ...e }))
    );
    expect(r.incident(id).escalation).toEqual({
      at: t(9),
      reason: said('矛盾升级'),
      acknowledgedAt: t(10),
      acknowledgedBy: 'town_leader-user'
    });
    // the log holds one event per entry, each with the incident as it stood after it
    const events = await r.store.eventsSince(0, 100);
    expect(events.map((e) => [e.seq, e.type, e.actor, e.incident.timeline.length])).toEqual(
      entries.map((e, k) => [e.seq, e.type, e.actor, k + 1])
    );
  });
});

describe('duplicates and merges', () => {
  it('flags a second report of the same category 190 m away within 15 minutes as a possible duplicate', async () => {
    const r = await rig(0);
    const first = await r.create({}, DISPATCHER, T0);
    const near = north(P, 190);
    expect(distanceM(P[0], P[1], near[0], near[1])).toBeCloseTo(190, 1);
    const second = await r.create({ lng: near[0], lat: near[1] }, DISPATCHER, T0 + 14 * 60_000);
    expect(second.possibleDuplicateOf).toBe(first.id);
    expect(second.timeline.map((e) => [e.type, e.note])).toEqual([
      ['reported', note('source', { source: 'hotline' })],
      ['possible_duplicate', note('duplicate_of', { id: first.id })]
    ]);
    // the first is left as it was
    expect(r.incident(first.id).timeline).toHaveLength(1);
  });

  const apart: Array<
    [string, (r: Rig, firstId: string) => Promise<Partial<IncidentCreate>>, number]
  > = [
    ['300 m away', async () => ({ lng: P[0], lat: north(P, 300)[1] }), T0 + 60_000],
    ['210 m away', async () => ({ lng: P[0], lat: north(P, 210)[1] }), T0 + 60_000],
    ['of another category', async () => ({ category: 'fraud' as IncidentCategory }), T0 + 60_000],
    ['15 minutes and a second later', async () => ({}), T0 + 15 * 60_000 + 1000],
    [
      'after the first was cancelled',
      async (r, firstId) => {
        must(await r.act(firstId, 'cancel', COMMANDER, '误报', T0 + 1000));
        return {};
      },
      T0 + 60_000
    ]
  ];
  for (const [what, second, at] of apart) {
    it(`does not flag a report ${what}`, async () => {
      const r = await rig(0);
      const first = await r.create({}, DISPATCHER, T0);
      const other = await r.create(await second(r, first.id), DISPATCHER, at);
      expect(other.possibleDuplicateOf).toBeNull();
      expect(other.timeline.map((e) => e.type)).toEqual(['reported']);
    });
  }

  it('merges a duplicate: it is cancelled with a note and its units freed, the other gets a merged entry', async () => {
    const r = await rig(1);
    const original = await r.create({}, DISPATCHER, T0);
    const dup = await r.create({ lat: north(P, 50)[1] }, DISPATCHER, T0 + 60_000);
    must(await r.assign(dup.id, 'U-0'));
    const cmd = { commandId: cid(), incidentId: dup.id, intoId: original.id };
    const res = must(await r.dispatch.merge(cmd, COMMANDER, T0 + 120_000));
    expect(res.id).toBe(original.id);
    expect(r.incident(dup.id)).toMatchObject({ status: 'cancelled', unitIds: [] });
    expect(r.incident(dup.id).timeline.at(-1)).toMatchObject({
      type: 'cancelled',
      actor: 'commander-user',
      note: note('merged_into', { id: original.id })
    });
    expect(r.incident(dup.id).offers[0]).toMatchObject({ status: 'withdrawn' });
    expect(r.incident(original.id)).toMatchObject({ status: 'reported' });
    expect(r.incident(original.id).timeline.at(-1)).toMatchObject({
      type: 'merged',
      at: T0 + 120_000,
      note: note('merged_from', { id: dup.id })
    });
    expect(r.unit('U-0')).toMatchObject({ status: 'available', incidentId: null });
  });

  it('refuses to merge an incident into itself or into one no longer open, and changes nothing', async () => {
    const r = await rig(0);
    const a = await r.create();
    const b = await r.create({ category: 'fraud' });
    must(await r.act(b.id, 'cancel', COMMANDER, '误报'));
    const before = await snapshot(r);
    const merge = (incidentId: string, intoId: string) =>
      r.dispatch.merge({ commandId: cid(), incidentId, intoId }, COMMANDER);
    expect(await merge(a.id, a.id)).toMatchObject({ ok: false, error: 'INVALID' });
    expect(await merge(a.id, b.id)).toMatchObject({ ok: false, error: 'INVALID_TRANSITION' });
    expect(await merge(b.id, a.id)).toMatchObject({ ok: false, error: 'INVALID_TRANSITION' });
    expect(await snapshot(r)).toEqual(before);
  });

  it('marks an incident in a border zone and tells the zone’s committee', async () => {
    const district = miniDistrict();
    const zone = district.features.find((f) => f.properties.code === '320118-S01')!;
    zone.properties.theme = 'border';
    const r = await dispatchRig([]);
    const grids = new GridLocator(district);
    const dispatch = await DispatchService.open(r.store, r.live, grids);
    onTestFinished(() => dispatch.stop());
    const create = (lng: number, category: IncidentCategory) =>
      dispatch.create(
        {
          commandId: cid(),
          category,
          priority: 2,
          lng,
          lat: 31.31,
          source: 'hotline',
          description: '界河边纠纷'
        },
        DISPATCHER
      );
    // on the town border, inside the zone
    const inside = must(await create(118.92, 'dispute'));
    expect(inside.borderZone).toBe('320118-S01');
    expect(inside.timeline.map((e) => e.type)).toEqual(['reported', 'border_notified']);
    // the note names the zone (and who on its committee was told: nobody here)
    expect(inside.timeline[1].note).toEqual(note('border_no_members', { zone: '320118-S01' }));
    const outside = must(await create(118.905, 'fraud'));
    expect(outside.borderZone).toBeNull();
    expect(outside.timeline.map((e) => e.type)).toEqual(['reported']);
  });
});

describe('units needed and arrivals', () => {
  it('asks two units for a P1 fire, injury, public order or traffic incident, and one otherwise', async () => {
    const r = await rig(0);
    const cases: Array<[IncidentCategory, Priority, number]> = [
      ['fire', 1, 2],
      ['injury', 1, 2],
      ['public_order', 1, 2],
      ['traffic', 1, 2],
      ['dispute', 1, 1],
      ['fire', 2, 1],
      ['traffic', 3, 1]
    ];
    for (const [k, [category, priority, needed]] of cases.entries()) {
      const inc = await r.create({ category, priority, lng: 118.901 + k * 0.002 });
      expect([category, priority, inc.unitsNeeded]).toEqual([category, priority, needed]);
    }
  });

  it('marks an en-route unit within 50 m on scene and leaves one 60 m away en route', async () => {
    const r = await rig(2);
    const a = await r.accepted('U-0');
    const b = await r.accepted('U-1', { category: 'fraud', lng: 118.91 });
    for (const u of ['U-0', 'U-1']) must(await r.duty(u, 'en_route'));
    r.fix('U-0', north(P, 45));
    r.fix('U-1', north([118.91, P[1]], 60));
    await r.dispatch.checkArrivals();
    expect(r.unit('U-0').status).toBe('on_scene');
    expect(r.incident(a)).toMatchObject({ status: 'on_scene' });
    expect(r.incident(a).timeline.at(-1)).toMatchObject({
      type: 'on_scene',
      actor: 'ladder',
      unitId: 'U-0'
    });
    expect(r.unit('U-1').status).toBe('en_route');
    expect(r.incident(b).status).toBe('en_route');
  });

  it('marks an accepted unit that never pressed depart on scene when it arrives, but not one still to answer', async () => {
    const r = await rig(2);
    const a = await r.accepted('U-0');
    const b = await r.create({ category: 'fraud', lng: 118.91 });
    must(await r.assign(b.id, 'U-1'));
    r.fix('U-0', north(P, 10));
    r.fix('U-1', north([118.91, P[1]], 10));
    const seq = r.dispatch.seq;
    await r.dispatch.checkArrivals();
    expect(r.unit('U-0').status).toBe('on_scene');
    expect(r.incident(a).status).toBe('on_scene');
    expect(r.unit('U-1').status).toBe('assigned');
    expect(r.incident(b.id).status).toBe('dispatched');
    // one event: the arrival; and a second check finds nothing more to do
    expect(r.dispatch.seq).toBe(seq + 1);
    await r.dispatch.checkArrivals();
    expect(r.dispatch.seq).toBe(seq + 1);
  });
});
