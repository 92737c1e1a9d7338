import { describe, expect, it } from 'vitest';
import type { IncidentCreate } from '../../../shared/commands.ts';
import { RECENT_MS } from '../../../shared/domain.ts';
import type { IncidentChanged } from '../../../shared/protocol.ts';
import { openSqliteStore } from '../../../server/store/sqlite-store.ts';
import { dispatchRig } from '../../fixtures/dispatch.ts';
import { T1, T2 } from '../../fixtures/mini-district.ts';
import { unit } from '../../fixtures/units.ts';
import { Scope } from '../../../server/access/scope.ts';

const SYS = Scope.system('tester');

let n = 0;
const cid = () => `test-cmd-${++n}`;
const create = (over: Partial<IncidentCreate> = {}): IncidentCreate => ({
  commandId: cid(),
  category: 'dispute',
  priority: 2,
  lng: 118.93,
  lat: 31.315,
  source: 'hotline',
  description: '邻里纠纷',
  ...over
});

describe('DispatchService', () => {
  it('creates an incident with its grid and town derived on the server and SLA deadlines from its priority', async () => {
    const { dispatch } = await dispatchRig([]);
    const now = 1_800_000_000_000;
    const res = await dispatch.create(create({ priority: 1 }), SYS, now);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.data).toMatchObject({
      gridCode: `${T2}-001-01`,
      townCode: T2,
      status: 'reported',
      createdAt: now
    });
    expect(res.data.dispatchBy - now).toBe(60_000);
    expect(res.data.arriveBy - now).toBe(10 * 60_000);
    expect(res.data.timeline).toEqual([
      {
        seq: 1,
        at: now,
        type: 'reported',
        actor: 'tester',
        status: 'reported',
        note: { key: 'source', values: { source: 'hotline' } },
        via: 'server'
      }
    ]);
  });

  it('refuses a location outside the district and changes nothing', async () => {
    const { dispatch, store } = await dispatchRig([]);
    const res = await dispatch.create(create({ lng: 118.5 }), SYS);
    expect(res).toMatchObject({ ok: false, error: 'OUTSIDE_DISTRICT' });
    expect(dispatch.seq).toBe(0);
    expect(await store.lastSeq()).toBe(0);
  });

  it('applies a command retried five times once and answers the first result each time', async () => {
    const { dispatch, store } = await dispatchRig([]);
    const cmd = create();
    const answers = await Promise.all(Array.from({ length: 5 }, () => dispatch.create(cmd, SYS)));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(dispatch.incidents()).toHaveLength(1);
    expect(await store.lastSeq()).toBe(1);
  });

  it('acknowledges only what the store already holds', async () => {
    const { dispatch, file } = await dispatchRig([]);
    const res = await dispatch.create(create(), SYS);
    const other = openSqliteStore(file);
    const events = await other.eventsSince(0, 10);
    await other.close();
    expect(res.ok && events.map((e) => e.incidentId)).toEqual([res.ok && res.data.id]);
  });

  it('assigns an available unit, and refuses the same unit to a second incident with who has it', async () => {
    const { dispatch, live } = await dispatchRig([unit(0)]);
    const a = await dispatch.create(create(), SYS);
    const b = await dispatch.create(create({ lng: 118.91 }), SYS);
    if (!a.ok || !b.ok) throw new Error('create failed');
    const first = await dispatch.assign(
      { commandId: cid(), incidentId: a.data.id, unitId: 'U-0' },
      SYS
    );
    expect(first).toMatchObject({ ok: true, data: { status: 'dispatched', unitIds: ['U-0'] } });
    expect(live.get('U-0')).toMatchObject({ status: 'assigned', incidentId: a.data.id });
    const second = await dispatch.assign(
      { commandId: cid(), incidentId: b.data.id, unitId: 'U-0' },
      SYS
    );
    expect(second).toMatchObject({ ok: false, error: 'UNIT_UNAVAILABLE' });
    expect(!second.ok && second.message).toContain(a.data.id);
  });

  it('lets exactly one of two simultaneous assigns of one unit win', async () => {
    const { dispatch } = await dispatchRig([unit(0)]);
    const a = await dispatch.create(create(), SYS);
    const b = await dispatch.create(create({ lng: 118.91 }), SYS);
    if (!a.ok || !b.ok) throw new Error('create failed');
    const results = await Promise.all([
      dispatch.assign({ commandId: cid(), incidentId: a.data.id, unitId: 'U-0' }, SYS),
      dispatch.assign({ commandId: cid(), incidentId: b.data.id, unitId: 'U-0' }, SYS)
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error === 'UNIT_UNAVAILABLE')).toHaveLength(1);
  });

  it('follows its unit from the offer it accepts to en route, on scene, and resolves when it frees itself', async () => {
    const { dispatch } = await dispatchRig([unit(0)]);
    const seen: IncidentChanged[] = [];
    dispatch.listen({ incidentChanged: (c) => seen.push(c), unitChanged: () => {} });
    const a = await dispatch.create(create(), SYS);
    if (!a.ok) throw new Error('create failed');
    await dispatch.assign({ commandId: cid(), incidentId: a.data.id, unitId: 'U-0' }, SYS);
    const accepted = await dispatch.respond(
      { commandId: cid(), incidentId: a.data.id, unitId: 'U-0', accept: true },
      SYS
    );
    expect(accepted).toMatchObject({ ok: true, data: { status: 'accepted' } });
    for (const status of ['en_route', 'on_scene', 'available'] as const) {
      const r = await dispatch.unitStatus({ commandId: cid(), unitId: 'U-0', status }, SYS);
      expect(r.ok).toBe(true);
    }
    expect(seen.map((c) => [c.seq, c.incident.status])).toEqual([
      [1, 'reported'],
      [2, 'dispatched'],
      [3, 'accepted'],
      [4, 'en_route'],
      [5, 'on_scene'],
      [6, 'resolved']
    ]);
    expect(dispatch.incident(a.data.id)?.timeline.map((t) => t.type)).toEqual([
      'reported',
      'offered',
      'accepted',
      'en_route',
      'on_scene',
      'resolved'
    ]);
  });

  it('puts an incident back to reported when its only unit is released before arriving', async () => {
    const { dispatch, live } = await dispatchRig([unit(0)]);
    const a = await dispatch.create(create(), SYS);
    if (!a.ok) throw new Error('create failed');
    await dispatch.assign({ commandId: cid(), incidentId: a.data.id, unitId: 'U-0' }, SYS);
    await dispatch.unitStatus({ commandId: cid(), unitId: 'U-0', status: 'available' }, SYS);
    expect(dispatch.incident(a.data.id)).toMatchObject({ status: 'reported', unitIds: [] });
    expect(live.get('U-0')).toMatchObject({ status: 'available', incidentId: null });
  });

  it('refuses a duty change that skips a step and changes nothing', async () => {
    const { dispatch, live, store } = await dispatchRig([unit(0, { status: 'off_duty' })]);
    const r = await dispatch.unitStatus(
      { commandId: cid(), unitId: 'U-0', status: 'on_scene' },
      SYS
    );
    expect(r).toMatchObject({ ok: false, error: 'INVALID_TRANSITION' });
    expect(live.get('U-0')?.status).toBe('off_duty');
    expect((await store.units())[0].status).toBe('off_duty');
  });

  it('replays missed changes, or says a snapshot is needed when too many were missed', async () => {
    const { dispatch } = await dispatchRig([]);
    // four categories, so none is flagged as another's duplicate (which would add an event)
    for (const category of ['dispute', 'fire', 'fraud', 'traffic'] as const) {
      await dispatch.create(create({ category }), SYS);
    }
    expect((await dispatch.changesSince(2, 10))?.map((c) => c.seq)).toEqual([3, 4]);
    expect(await dispatch.changesSince(0, 3)).toBeNull();
    expect(await dispatch.changesSince(99, 10)).toBeNull();
    expect(await dispatch.changesSince(4, 10)).toEqual([]);
  });

  it('keeps towns apart: an incident in town one is in town one', async () => {
    const { dispatch } = await dispatchRig([]);
    const r = await dispatch.create(create({ lng: 118.905, lat: 31.305 }), SYS);
    expect(r.ok && r.data.townCode).toBe(T1);
  });
});

describe('DispatchService escalations on resolution', () => {
  it('acknowledges an open escalation when the incident is cancelled, on record with who ended it', async () => {
    const { dispatch } = await dispatchRig([unit(0)]);
    const a = await dispatch.create(create(), SYS);
    if (!a.ok) throw new Error('create failed');
    await dispatch.escalate(
      { commandId: cid(), incidentId: a.data.id, reason: '群众情绪激动' },
      SYS
    );
    const r = await dispatch.transition(
      { commandId: cid(), incidentId: a.data.id, action: 'cancel', reason: '重复报警' },
      SYS
    );
    expect(r.ok && r.data.escalation).toMatchObject({
      reason: { key: 'said', values: { text: '群众情绪激动' } },
      acknowledgedBy: 'tester'
    });
    expect(r.ok && r.data.escalation?.acknowledgedAt).toBeGreaterThan(0);
  });
});

describe('DispatchService memory', () => {
  it('keeps a finished incident RECENT_MS after its last change and an open one however old', async () => {
    const { dispatch } = await dispatchRig([]);
    const t0 = 1_800_000_000_000;
    const open = await dispatch.create(create(), SYS, t0);
    const done = await dispatch.create(create(), SYS, t0);
    if (!open.ok || !done.ok) throw new Error('create failed');
    const cancel = {
      commandId: cid(),
      incidentId: done.data.id,
      action: 'cancel' as const,
      reason: '重复报警'
    };
    expect((await dispatch.transition(cancel, SYS, t0)).ok).toBe(true);
    // every command sweeps memory by the shared rule, at its own time
    await dispatch.create(create(), SYS, t0 + RECENT_MS);
    expect(dispatch.incident(done.data.id)).toBeDefined();
    await dispatch.create(create(), SYS, t0 + RECENT_MS + 1);
    expect(dispatch.incident(done.data.id)).toBeUndefined();
    expect(dispatch.incident(open.data.id)?.status).toBe('reported');
  });
});
