import { describe, expect, it, onTestFinished } from 'vitest';
import type { CategoryRules } from '../../../shared/category-rules.ts';
import type { Incident } from '../../../shared/domain.ts';
import { DEFAULT_CATEGORY_RULES as RULES } from '../../../server/dispatch/category-defaults.ts';
import { P1_RESPONDERS } from '../../../server/dispatch/policy.ts';
import { recommend } from '../../../server/dispatch/recommend.ts';
import { dispatchRig } from '../../fixtures/dispatch.ts';
import { incidentFixture } from '../../fixtures/incidents.ts';
import { unit } from '../../fixtures/units.ts';

/**
 * Ranking starts from what the incident needs: the category table's first-line kinds for its category and
 * priority rank before every other kind, whatever their arrival, and each ranked unit says why it qualifies.
 */

const NOW = 1_800_000_000_000;
const AT: [number, number] = [118.91, 31.315];
/** metres per degree of longitude at the mini district's latitude, near enough for "about 98 m" */
const M_PER_DEG_LNG = 95_100;

type UnitOver = Parameters<typeof unit>[1];

/** units standing `metres` east of the incident, in order U-0, U-1, … */
async function unitsEast(placed: Array<[UnitOver, number]>) {
  const r = await dispatchRig(placed.map(([over], i) => unit(i, over)));
  onTestFinished(async () => {
    r.dispatch.stop();
    await r.store.close();
  });
  placed.forEach(([, metres], i) => {
    const why = r.live.report(
      { unitId: `U-${i}`, lng: AT[0] + metres / M_PER_DEG_LNG, lat: AT[1], time: NOW },
      NOW
    );
    if (why !== 'live') throw new Error(`fix of U-${i} rejected: ${why}`);
  });
  return r.live;
}

const incident = (over: Partial<Incident>) =>
  incidentFixture({ lng: AT[0], lat: AT[1], createdAt: NOW, updatedAt: NOW, ...over });

/** the defaults with one category's rule changed */
function withRule(
  category: keyof CategoryRules,
  change: (r: CategoryRules['fire']) => CategoryRules['fire']
): CategoryRules {
  return { ...RULES, [category]: change(structuredClone(RULES[category])) };
}

describe('ranking per category', () => {
  it('ranks no mediator first for a P1 fire: patrol and security km away come before a mediator 98 m away', async () => {
    const live = await unitsEast([
      [{ kind: 'mediator', travel: 'ebike', skills: ['mediation', 'legal'] }, 98],
      [{ kind: 'patrol', travel: 'car', skills: ['first_aid'] }, 2000],
      [{ kind: 'security', travel: 'car', skills: ['fire'] }, 3000]
    ]);
    const recs = recommend(incident({ category: 'fire', priority: 1 }), RULES, live, NOW, 5);
    expect(recs.map((r) => [r.unitId, r.kind])).toEqual([
      ['U-1', 'patrol'],
      ['U-2', 'security'],
      ['U-0', 'mediator']
    ]);
    // each says why it qualifies, by the rule of this category and priority
    expect(recs[1].reasons[0]).toEqual({
      kind: 'first_line',
      value: 'security',
      good: true,
      category: 'fire',
      priority: 1
    });
    expect(recs[1].reasons).toContainEqual({ kind: 'skill', value: 'fire', good: true });
    expect(recs[0].reasons).toContainEqual({ kind: 'skill', value: 'fire', good: false });
    expect(recs[2].reasons[0]).toEqual({
      kind: 'first_line',
      value: 'mediator',
      good: false,
      category: 'fire',
      priority: 1
    });
  });

  it('ranks a mediator first for a dispute, ahead of a nearer patrol and grid worker', async () => {
    const live = await unitsEast([
      [{ kind: 'patrol', travel: 'car' }, 100],
      [{ kind: 'grid_worker', travel: 'foot', skills: ['mediation'] }, 150],
      [{ kind: 'mediator', travel: 'ebike', skills: ['mediation', 'legal'] }, 1500]
    ]);
    for (const priority of [1, 2, 3, 4] as const) {
      const recs = recommend(incident({ category: 'dispute', priority }), RULES, live, NOW, 5);
      expect(recs[0].unitId).toBe('U-2');
      expect(recs[0].reasons[0]).toMatchObject({ kind: 'first_line', good: true });
      expect(recs.slice(1).every((r) => r.reasons[0].good === false)).toBe(true);
    }
  });

  it('keeps the arrival order among the kinds the table sends first (a P2 fire: every kind)', async () => {
    const live = await unitsEast([
      [{ kind: 'patrol', travel: 'car' }, 2000],
      [{ kind: 'mediator', travel: 'ebike' }, 98]
    ]);
    const recs = recommend(incident({ category: 'fire', priority: 2 }), RULES, live, NOW, 5);
    expect(recs.map((r) => r.unitId)).toEqual(['U-1', 'U-0']);
    expect(recs.map((r) => r.reasons[0].good)).toEqual([true, true]);
  });

  it('finds the first-line units beyond the 60 nearest units', async () => {
    const volunteers: Array<[UnitOver, number]> = Array.from({ length: 70 }, (_, i) => [
      { kind: 'volunteer', travel: 'foot' },
      20 + i * 5
    ]);
    const live = await unitsEast([...volunteers, [{ kind: 'patrol', travel: 'car' }, 1500]]);
    const recs = recommend(incident({ category: 'injury', priority: 1 }), RULES, live, NOW, 3);
    expect(recs[0].unitId).toBe('U-70');
    expect(recs.slice(1).map((r) => r.kind)).toEqual(['volunteer', 'volunteer']);
  });

  it('counts every skill the table names for the category, and names the missing one', async () => {
    const live = await unitsEast([
      [{ kind: 'mediator', travel: 'car', skills: [] }, 1000],
      [{ kind: 'mediator', travel: 'car', skills: ['legal'] }, 1200]
    ]);
    const inc = incident({ category: 'dispute', priority: 3 });
    // by default a dispute counts mediation only: the nearer one ranks first
    expect(recommend(inc, RULES, live, NOW, 5).map((r) => r.unitId)).toEqual(['U-0', 'U-1']);
    const both = withRule('dispute', (r) => ({ ...r, skills: ['mediation', 'legal'] }));
    const recs = recommend(inc, both, live, NOW, 5);
    expect(recs.map((r) => r.unitId)).toEqual(['U-1', 'U-0']);
    expect(recs[0].reasons).toContainEqual({ kind: 'skill', value: 'legal', good: true });
    expect(recs[1].reasons).toContainEqual({ kind: 'skill', value: 'mediation', good: false });
  });

  it('follows the table it is given: P1 fires sent to mediators rank a mediator first', async () => {
    const live = await unitsEast([
      [{ kind: 'patrol', travel: 'car' }, 98],
      [{ kind: 'mediator', travel: 'ebike' }, 2000]
    ]);
    const inc = incident({ category: 'fire', priority: 1 });
    expect(recommend(inc, RULES, live, NOW, 5)[0].unitId).toBe('U-0');
    const table = withRule('fire', (r) => ({
      ...r,
      priorities: { ...r.priorities, 1: { kinds: ['mediator'], unitsNeeded: 1 } }
    }));
    expect(recommend(inc, table, live, NOW, 5)[0].unitId).toBe('U-1');
  });
});

describe('the default table', () => {
  it('sends every P1 but a dispute or petition to the P1 responders first, and two units to a P1 fire', () => {
    for (const [category, rule] of Object.entries(RULES)) {
      const p1 = new Set(rule.priorities[1].kinds);
      if (category === 'dispute' || category === 'petition') expect([...p1]).toEqual(['mediator']);
      else expect(p1).toEqual(P1_RESPONDERS);
    }
    expect(RULES.fire.priorities[1].unitsNeeded).toBe(2);
    expect(RULES.fire.priorities[2].unitsNeeded).toBe(1);
    expect(RULES.dispute.priorities[1].unitsNeeded).toBe(1);
  });
});
