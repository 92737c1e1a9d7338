import { describe, expect, it } from 'vitest';
import { candidates, rank, recommend } from '../../../server/dispatch/recommend.ts';
import { DEFAULT_CATEGORY_RULES as RULES } from '../../../server/dispatch/category-defaults.ts';
import { dispatchRig } from '../../fixtures/dispatch.ts';
import { unit } from '../../fixtures/units.ts';
import type { Incident } from '../../../shared/domain.ts';
import { incidentFixture } from '../../fixtures/incidents.ts';

const NOW = 1_800_000_000_000;
const at = (lng: number, lat: number, time = NOW) => ({ lng, lat, time });

async function rigWith(
  units: Parameters<typeof unit>[1][],
  fixes: Array<{ lng: number; lat: number; time: number }>
) {
  const rig = await dispatchRig(units.map((u, i) => unit(i, u)));
  fixes.forEach((f, i) => rig.live.report({ unitId: `U-${i}`, ...f }, NOW));
  return rig;
}

function incidentAt(lng: number, lat: number, over: Partial<Incident> = {}): Incident {
  return incidentFixture({ lng, lat, createdAt: NOW, updatedAt: NOW, ...over });
}

describe('recommend', () => {
  it('ranks an on-foot volunteer 300 m away above a car 5 km away', async () => {
    const { live } = await rigWith(
      [
        { kind: 'patrol', travel: 'car' },
        { kind: 'volunteer', travel: 'foot' }
      ],
      [at(118.91 + 0.0527, 31.315), at(118.91 + 0.00316, 31.315)]
    );
    const recs = recommend(incidentAt(118.91, 31.315), RULES, live, NOW, 5);
    expect(recs.map((r) => r.unitId)).toEqual(['U-1', 'U-0']);
    expect(recs[0].distanceM).toBeGreaterThan(250);
    expect(recs[0].distanceM).toBeLessThan(350);
  });

  it('leaves out units that are busy, off duty or whose fix is older than two minutes', async () => {
    const { live } = await rigWith(
      [{ status: 'assigned' }, { status: 'off_duty' }, {}, {}],
      [
        at(118.91, 31.315),
        at(118.911, 31.315),
        at(118.912, 31.315, NOW - 3 * 60_000),
        at(118.93, 31.315)
      ]
    );
    expect(recommend(incidentAt(118.91, 31.315), RULES, live, NOW, 5).map((r) => r.unitId)).toEqual(
      ['U-3']
    );
  });

  it('returns an empty list when no unit has a fix', async () => {
    const { live } = await rigWith([{}, {}], []);
    expect(recommend(incidentAt(118.91, 31.315), RULES, live, NOW, 5)).toEqual([]);
  });

  it('prefers a mediator for a dispute when arrival times are close, and says why', async () => {
    const { live } = await rigWith(
      [{ skills: [] }, { skills: ['mediation'] }],
      [at(118.9105, 31.315), at(118.9115, 31.315)]
    );
    const recs = recommend(incidentAt(118.91, 31.315), RULES, live, NOW, 5);
    expect(recs[0].unitId).toBe('U-1');
    expect(recs[0].reasons).toContainEqual({ kind: 'skill', value: 'mediation', good: true });
    expect(recs[1].reasons).toContainEqual({ kind: 'skill', value: 'mediation', good: false });
    expect(recs[0].reasons.map((r) => r.kind)).toEqual([
      'first_line',
      'distance',
      'eta',
      'skill',
      'home_grid'
    ]);
  });
});

describe('rank', () => {
  it('puts a unit with no tasks today ahead of an equally near one that took three, and says why', async () => {
    const { live } = await rigWith([{}, {}], [at(118.9105, 31.315), at(118.9106, 31.315)]);
    const inc = incidentAt(118.91, 31.315, { category: 'public_order' });
    const list = candidates(inc, RULES, live, NOW);
    const busy = list.find((c) => c.unit.id === 'U-0')!;
    const etas = list.map(() => 120);
    const ranked = rank(inc, RULES, list, etas, NOW, 5, (id) => (id === busy.unit.id ? 3 : 0));
    expect(ranked.map((r) => r.unitId)).toEqual(['U-1', 'U-0']);
    expect(ranked[1].reasons).toContainEqual({ kind: 'workload', value: 3, good: false });
    expect(ranked[0].reasons.map((r) => r.kind)).not.toContain('workload');
  });
});
