import { describe, expect, it, onTestFinished } from 'vitest';
import type { IncidentCreate } from '../../../shared/commands.ts';
import { dispatchRig, must, north, scopeOf } from '../../fixtures/dispatch.ts';
import { T2 } from '../../fixtures/mini-district.ts';
import { unit } from '../../fixtures/units.ts';

/**
 * Dispatching any unit in scope, not only the top five: weighing one picked unit (`evaluate`), offering it, and
 * the atomic reassign (withdraw + offer in one commit).
 */

/** a point in town one, grid 01; units stand 100 m, 200 m, … north of it */
const P: [number, number] = [118.905, 31.3105];
/** a point in town two */
const Q: [number, number] = [118.93, 31.315];
const DISPATCHER = scopeOf('dispatcher');
const LEADER_T2 = scopeOf('town_leader', [T2]);

let n = 0;
const cid = () => `anyone-${++n}`;

async function rig(count: number) {
  const r = await dispatchRig(Array.from({ length: count }, (_, i) => unit(i)));
  onTestFinished(async () => {
    r.dispatch.stop();
    await r.store.close();
  });
  const now = Date.now();
  const fix = (unitId: string, at: [number, number], time = now) => {
    const why = r.live.report({ unitId, lng: at[0], lat: at[1], time }, time);
    if (why !== 'live') throw new Error(`fix of ${unitId} rejected: ${why}`);
  };
  const create = async (at = P, over: Partial<IncidentCreate> = {}) =>
    must(
      await r.dispatch.create(
        {
          commandId: cid(),
          category: 'dispute',
          priority: 2,
          lng: at[0],
          lat: at[1],
          source: 'hotline',
          description: '邻里纠纷',
          ...over
        },
        DISPATCHER
      )
    );
  return { ...r, fix, create };
}

describe('evaluate', () => {
  it('weighs a unit ranked 8th with the ranking’s arrival time and reasons, and it can be offered', async () => {
    const r = await rig(10);
    for (let i = 0; i < 10; i++) r.fix(`U-${i}`, north(P, 100 * (i + 1)));
    const inc = await r.create();
    const top = must(await r.dispatch.recommend(inc.id, 5, DISPATCHER));
    expect(top.map((x) => x.unitId)).not.toContain('U-7');
    const ev = must(await r.dispatch.evaluate(inc.id, 'U-7', DISPATCHER));
    expect(ev).toMatchObject({ unitId: 'U-7', rank: 8, excluded: null, unitStatus: 'available' });
    const full = must(await r.dispatch.recommend(inc.id, 20, DISPATCHER));
    expect(ev.recommendation).toEqual(full[7]);
    expect(ev.recommendation!.reasons.map((x) => x.kind)).toContain('eta');
    const offered = must(
      await r.dispatch.assign({ commandId: cid(), incidentId: inc.id, unitId: 'U-7' }, DISPATCHER)
    );
    expect(offered).toMatchObject({ status: 'dispatched', unitIds: ['U-7'] });
  });

  it('says why a unit is not a candidate: busy, off duty, a stale fix or no fix', async () => {
    const r = await rig(5);
    r.fix('U-0', north(P, 100));
    r.fix('U-1', north(P, 200));
    r.fix('U-2', north(P, 300), Date.now() - 5 * 60_000);
    r.fix('U-4', north(P, 400));
    r.live.setStatus('U-4', 'off_duty', null, null);
    const inc = await r.create();
    must(
      await r.dispatch.assign({ commandId: cid(), incidentId: inc.id, unitId: 'U-0' }, DISPATCHER)
    );
    const other = await r.create(north(P, 50));
    const why = async (id: string) => must(await r.dispatch.evaluate(other.id, id, DISPATCHER));
    expect(await why('U-0')).toMatchObject({
      rank: null,
      excluded: 'busy',
      unitStatus: 'assigned'
    });
    expect(await why('U-1')).toMatchObject({ rank: 1, excluded: null });
    const stale = await why('U-2');
    expect(stale).toMatchObject({ rank: null, excluded: 'stale_fix' });
    expect(stale.recommendation!.reasons).toContainEqual(
      expect.objectContaining({ kind: 'fix_age', good: false })
    );
    expect(await why('U-3')).toMatchObject({ excluded: 'no_fix', recommendation: null });
    expect(await why('U-4')).toMatchObject({ excluded: 'off_duty' });
  });

  it('answers NOT_FOUND for a unit or an incident outside the caller’s towns', async () => {
    const r = await rig(2);
    r.fix('U-0', north(P, 100));
    r.fix('U-1', north(Q, 100));
    const inT2 = await r.create(Q);
    const inT1 = await r.create(P);
    expect(must(await r.dispatch.evaluate(inT2.id, 'U-1', LEADER_T2)).rank).toBe(1);
    const hidden = await r.dispatch.evaluate(inT2.id, 'U-0', LEADER_T2);
    expect(hidden).toMatchObject({ ok: false, error: 'NOT_FOUND' });
    expect(await r.dispatch.evaluate(inT2.id, 'U-99', DISPATCHER)).toMatchObject({
      ok: false,
      error: 'NOT_FOUND'
    });
    expect(await r.dispatch.evaluate(inT1.id, 'U-1', LEADER_T2)).toMatchObject({
      ok: false,
      error: 'NOT_FOUND'
    });
  });
});

describe('reassign', () => {
  it('withdraws one unit and offers another in one commit: two events numbered together', async () => {
    const r = await rig(3);
    for (let i = 0; i < 3; i++) r.fix(`U-${i}`, north(P, 100 * (i + 1)));
    const inc = await r.create();
    must(
      await r.dispatch.assign({ commandId: cid(), incidentId: inc.id, unitId: 'U-0' }, DISPATCHER)
    );
    const before = r.dispatch.seq;
    const cmd = {
      commandId: cid(),
      incidentId: inc.id,
      fromUnitId: 'U-0',
      toUnitId: 'U-2',
      reason: '改派更近的力量'
    };
    const res = must(await r.dispatch.reassign(cmd, DISPATCHER));
    expect(res).toMatchObject({ status: 'dispatched', unitIds: ['U-2'] });
    expect(res.offers.map((o) => [o.unitId, o.status])).toEqual([
      ['U-0', 'withdrawn'],
      ['U-2', 'offered']
    ]);
    expect(r.dispatch.seq).toBe(before + 2);
    const events = await r.store.eventsSince(before, 10);
    expect(events.map((e) => [e.seq, e.type])).toEqual([
      [before + 1, 'offer_withdrawn'],
      [before + 2, 'offered']
    ]);
    expect(res.timeline.slice(-2).map((e) => e.seq)).toEqual([before + 1, before + 2]);
    expect(r.live.get('U-0')).toMatchObject({ status: 'available', incidentId: null });
    expect(r.live.get('U-2')).toMatchObject({ status: 'assigned', incidentId: inc.id });

    // the same command again answers the first result and changes nothing
    const again = must(await r.dispatch.reassign(cmd, DISPATCHER));
    expect(again).toEqual(res);
    expect(r.dispatch.seq).toBe(before + 2);
  });

  it('is refused as a whole when the new unit cannot take it: the first unit keeps its offer', async () => {
    const r = await rig(3);
    for (let i = 0; i < 3; i++) r.fix(`U-${i}`, north(P, 100 * (i + 1)));
    const inc = await r.create();
    const busy = await r.create(north(P, 30));
    must(
      await r.dispatch.assign({ commandId: cid(), incidentId: inc.id, unitId: 'U-0' }, DISPATCHER)
    );
    must(
      await r.dispatch.assign({ commandId: cid(), incidentId: busy.id, unitId: 'U-1' }, DISPATCHER)
    );
    const seq = r.dispatch.seq;
    const stored = await r.store.lastSeq();
    const incident = r.dispatch.incident(inc.id);
    const res = await r.dispatch.reassign(
      { commandId: cid(), incidentId: inc.id, fromUnitId: 'U-0', toUnitId: 'U-1' },
      DISPATCHER
    );
    expect(res).toMatchObject({ ok: false, error: 'UNIT_UNAVAILABLE' });
    expect(r.dispatch.seq).toBe(seq);
    expect(await r.store.lastSeq()).toBe(stored);
    expect(r.dispatch.incident(inc.id)).toEqual(incident);
    expect(r.live.get('U-0')).toMatchObject({ status: 'assigned', incidentId: inc.id });
    const same = await r.dispatch.reassign(
      { commandId: cid(), incidentId: inc.id, fromUnitId: 'U-0', toUnitId: 'U-0' },
      DISPATCHER
    );
    expect(same).toMatchObject({ ok: false, error: 'INVALID' });
    const notOn = await r.dispatch.reassign(
      { commandId: cid(), incidentId: inc.id, fromUnitId: 'U-2', toUnitId: 'U-1' },
      DISPATCHER
    );
    expect(notOn).toMatchObject({ ok: false, error: 'INVALID_TRANSITION' });
    expect(r.dispatch.seq).toBe(seq);
  });
});
