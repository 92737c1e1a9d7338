import { describe, expect, it } from 'vitest';
import type { Incident, TimelineEntry } from '../../../shared/domain.ts';
import type { GridCoverage } from '../../../shared/protocol.ts';
import { computeKpis, median, type KpiInput } from '../../../server/kpi/figures.ts';
import { incidentFixture } from '../../fixtures/incidents.ts';
import { T1, T2 } from '../../fixtures/mini-district.ts';

/**
 * The wall's figures from hand-made incidents whose timelines say exactly when each step happened. `NOW` is
 * 10:00 in Shanghai on 28 November, 02:00 UTC: today began at 16:00 UTC on the 27th.
 */

const NOW = Date.UTC(2026, 10, 28, 2, 0);
const TODAY = Date.UTC(2026, 10, 27, 16, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** the default P2 deadlines: dispatch 3, arrive 20, resolve 240 minutes */
const SLA = { dispatch: 3 * MIN, arrive: 20 * MIN, resolve: 240 * MIN };

let seq = 0;

/** An incident reported at `at` with its P2 deadlines, and its later steps as [type, minutes after report]. */
function incident(
  id: string,
  at: number,
  steps: Array<[type: string, afterMin: number]> = [],
  over: Partial<Incident> = {}
): Incident {
  const entry = (type: string, t: number): TimelineEntry => ({
    seq: ++seq,
    at: t,
    type,
    actor: 'tester',
    status: 'reported'
  });
  return incidentFixture({
    id,
    createdAt: at,
    updatedAt: at + (steps.at(-1)?.[1] ?? 0) * MIN,
    dispatchBy: at + SLA.dispatch,
    arriveBy: at + SLA.arrive,
    resolveBy: at + SLA.resolve,
    timeline: [entry('reported', at), ...steps.map(([type, m]) => entry(type, at + m * MIN))],
    ...over
  });
}

function input(over: Partial<KpiInput> = {}): KpiInput {
  return {
    now: NOW,
    reported: [],
    weekHours: new Array(24).fill(0),
    open: [],
    units: [],
    unitAlerts: [],
    coverage: [],
    towns: [],
    ...over
  };
}

describe('median', () => {
  it('takes the middle value of an odd count and the mean of the middle two of an even one', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNull();
  });
});

describe('computeKpis', () => {
  it('answers zeros and nulls when there is nothing to count', () => {
    const k = computeKpis(input());
    expect(k.dayStart).toBe(TODAY);
    expect(k.open).toEqual({ total: 0, overdue: 0, byPriority: { 1: 0, 2: 0, 3: 0, 4: 0 } });
    expect(k.today.reported).toBe(0);
    expect(Object.values(k.today.byCategory)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(k.response.dispatch).toEqual({
      reached: 0,
      medianMs: null,
      due: 0,
      onTime: 0,
      breached: 0
    });
    expect(k.breaches).toBe(0);
    expect(k.coverage).toEqual({ grids: 0, within5: 0, within10: 0 });
    expect(k.unitAlerts).toEqual({
      total: 0,
      byKind: { quiet: 0, low_battery: 0, left_home_town: 0 }
    });
    expect(k.hourly.today.slice(0, 11)).toEqual(new Array(11).fill(0));
    expect(k.hourly.today.slice(11)).toEqual(new Array(13).fill(null));
  });

  it('counts open incidents by priority whatever day they were reported, and those whose clock ran out', () => {
    const open = [
      // reported three days ago and still on scene past its resolve deadline
      incident(
        'old',
        NOW - 3 * DAY,
        [
          ['offered', 1],
          ['on_scene', 10]
        ],
        {
          priority: 1,
          status: 'on_scene'
        }
      ),
      // waiting for dispatch, 2 minutes in: not yet overdue
      incident('fresh', NOW - 2 * MIN, [], { priority: 2, status: 'reported' }),
      // waiting for dispatch 5 minutes: overdue
      incident('late', NOW - 5 * MIN, [], { priority: 2, status: 'reported' }),
      // dispatched 10 minutes ago, arrive deadline 20: not overdue
      incident('coming', NOW - 10 * MIN, [['offered', 1]], { priority: 4, status: 'en_route' }),
      // resolved: not open, whatever the input says
      incident('done', NOW - HOUR, [['resolved', 30]], { priority: 3, status: 'resolved' })
    ];
    const k = computeKpis(input({ open }));
    expect(k.open).toEqual({ total: 4, overdue: 2, byPriority: { 1: 1, 2: 2, 3: 0, 4: 1 } });
  });

  it("counts today's incidents from midnight in Shanghai, not in UTC", () => {
    const reported = [
      incident('yesterday-23:59', TODAY - MIN, [], { category: 'fire' }),
      incident('today-00:00', TODAY, [], { category: 'fire' }),
      // 01:00 in Shanghai is still the 27th in UTC
      incident('today-01:00', TODAY + HOUR, [], { category: 'traffic' }),
      incident('today-09:59', NOW - MIN, [], { category: 'fire' })
    ];
    const k = computeKpis(input({ reported }));
    expect(k.today.reported).toBe(3);
    expect(k.today.byCategory).toMatchObject({ fire: 2, traffic: 1, dispute: 0 });
  });

  it('takes the median time from report to first dispatch, first arrival and resolution', () => {
    const reported = [
      incident(
        'a',
        TODAY + HOUR,
        [
          ['offered', 1],
          ['on_scene', 10],
          ['resolved', 40]
        ],
        {
          status: 'resolved'
        }
      ),
      // a second offer after a decline: the first one counts
      incident(
        'b',
        TODAY + 2 * HOUR,
        [
          ['offered', 2],
          ['declined', 3],
          ['offered', 4],
          ['on_scene', 12]
        ],
        {
          status: 'on_scene'
        }
      ),
      incident('c', TODAY + 3 * HOUR, [['offered', 6]], { status: 'dispatched' }),
      incident('d', TODAY + 4 * HOUR, [], { status: 'reported' })
    ];
    const k = computeKpis(input({ reported }));
    expect(k.response.dispatch).toMatchObject({ reached: 3, medianMs: 2 * MIN });
    expect(k.response.arrive).toMatchObject({ reached: 2, medianMs: 11 * MIN });
    expect(k.response.resolve).toMatchObject({ reached: 1, medianMs: 40 * MIN });
  });

  it('counts a step reached late and a deadline passed unmet as breaches, and one still to come as neither', () => {
    const reported = [
      // dispatched on time (3 min), arrived late (25 > 20)
      incident(
        'late-arrival',
        TODAY + HOUR,
        [
          ['offered', 3],
          ['on_scene', 25]
        ],
        {
          status: 'on_scene'
        }
      ),
      // never dispatched, deadline long passed
      incident('forgotten', TODAY + 2 * HOUR, [], { status: 'reported' }),
      // reported a minute ago: nothing due yet
      incident('new', NOW - MIN, [], { status: 'reported' })
    ];
    const k = computeKpis(input({ reported }));
    expect(k.response.dispatch).toMatchObject({ reached: 1, due: 2, onTime: 1, breached: 1 });
    expect(k.response.arrive).toMatchObject({ reached: 1, due: 2, onTime: 0, breached: 2 });
    // late-arrival's resolve deadline (4 h after 01:00) passed at 05:00; forgotten's at 06:00
    expect(k.response.resolve).toMatchObject({ reached: 0, due: 2, onTime: 0, breached: 2 });
    expect(k.breaches).toBe(5);
  });

  it("stops a cancelled incident's clocks when it was cancelled", () => {
    const reported = [
      // cancelled after 10 minutes without a dispatch: the 3-minute deadline was missed, the others were not due
      incident('cancelled', TODAY + HOUR, [['cancelled', 10]], { status: 'cancelled' })
    ];
    const k = computeKpis(input({ reported }));
    expect(k.response.dispatch).toMatchObject({ due: 1, onTime: 0, breached: 1 });
    expect(k.response.arrive).toMatchObject({ due: 0, breached: 0 });
    expect(k.response.resolve).toMatchObject({ due: 0, breached: 0 });
  });

  it('holds a reopened incident unresolved until it is resolved again, then takes the last resolution', () => {
    const steps: Array<[string, number]> = [
      ['offered', 1],
      ['on_scene', 5],
      ['resolved', 30]
    ];
    const reopened = incident('reopened', NOW - 2 * HOUR, [...steps, ['reopened', 40]], {
      status: 'reported'
    });
    const again = incident(
      'again',
      NOW - 2 * HOUR,
      [...steps, ['reopened', 40], ['resolved', 90]],
      {
        status: 'closed'
      }
    );
    expect(computeKpis(input({ reported: [reopened] })).response.resolve).toMatchObject({
      reached: 0,
      medianMs: null,
      due: 0
    });
    expect(computeKpis(input({ reported: [again] })).response.resolve).toMatchObject({
      reached: 1,
      medianMs: 90 * MIN,
      onTime: 1
    });
  });

  it('counts incidents per Shanghai hour today against the same hour averaged over the 7 days before', () => {
    const reported = [
      // 00:10 and 09:05 today; one reported before midnight is not today's
      incident('t1', TODAY + 9 * HOUR + 5 * MIN),
      incident('t2', TODAY + 10 * MIN),
      incident('yesterday', TODAY - 30 * MIN)
    ];
    const weekHours = new Array(24).fill(0);
    weekHours[9] = 3;
    weekHours[23] = 1;
    const k = computeKpis(input({ reported, weekHours }));
    expect(k.hourly.weekAverage[9]).toBeCloseTo(3 / 7, 12);
    expect(k.hourly.weekAverage[23]).toBeCloseTo(1 / 7, 12);
    expect(k.hourly.weekAverage.reduce((a, b) => a + b, 0)).toBeCloseTo(4 / 7, 12);
    expect(k.hourly.today[0]).toBe(1);
    expect(k.hourly.today[9]).toBe(1);
    // 10:00 is the current hour: counted (zero so far); 11:00 on has not begun
    expect(k.hourly.today[10]).toBe(0);
    expect(k.hourly.today[11]).toBeNull();
    expect(k.today.reported).toBe(2);
  });

  it("refuses a week's counts that are not one per hour", () => {
    expect(() => computeKpis(input({ weekHours: [1, 2] }))).toThrow(/2 hours, not 24/);
  });

  it('counts units on duty and available by kind, leaving off-duty ones out', () => {
    const k = computeKpis(
      input({
        units: [
          { kind: 'patrol', status: 'available', fixTown: T1 },
          { kind: 'patrol', status: 'on_scene', fixTown: T1 },
          { kind: 'volunteer', status: 'off_duty', fixTown: T1 },
          { kind: 'grid_worker', status: 'assigned', fixTown: null },
          { kind: 'grid_worker', status: 'available', fixTown: null }
        ]
      })
    );
    expect(k.units).toEqual({
      onDuty: 4,
      available: 2,
      byKind: { patrol: 2, security: 0, grid_worker: 2, volunteer: 0, mediator: 0 }
    });
  });

  it("counts unit alerts by kind, and per town those the town's desk sees", () => {
    const unitAlerts = [
      { kind: 'quiet' as const, towns: [T1] },
      { kind: 'quiet' as const, towns: [] },
      { kind: 'low_battery' as const, towns: [T2] },
      // a unit of T1 standing in T2: both towns' desks see it
      { kind: 'left_home_town' as const, towns: [T2, T1] }
    ];
    const towns = [
      { code: T1, name: '一镇' },
      { code: T2, name: '二镇' }
    ];
    const k = computeKpis(input({ unitAlerts, towns }));
    expect(k.unitAlerts).toEqual({
      total: 4,
      byKind: { quiet: 2, low_battery: 1, left_home_town: 1 }
    });
    expect(k.towns.map((t) => t.unitAlerts)).toEqual([2, 2]);
  });

  it('fills a row per town: open, overdue, available units there and its grids reachable in 5 and 10 minutes', () => {
    const grid = (code: string, townCode: string, etaS: number | null): GridCoverage => ({
      code,
      townCode,
      etaS,
      unitId: etaS === null ? null : 'U-0'
    });
    const coverage = [
      grid('g1', T1, 120),
      grid('g2', T1, 300),
      grid('g3', T1, 301),
      grid('g4', T1, 601),
      grid('g5', T2, 600),
      grid('g6', T2, null)
    ];
    const open = [
      incident('t1-late', NOW - HOUR, [], { townCode: T1, status: 'reported' }),
      incident('t1-new', NOW - MIN, [], { townCode: T1, status: 'reported' }),
      incident('t2', NOW - MIN, [], { townCode: T2, status: 'reported' })
    ];
    const units = [
      { kind: 'patrol' as const, status: 'available' as const, fixTown: T1 },
      { kind: 'patrol' as const, status: 'assigned' as const, fixTown: T1 },
      { kind: 'security' as const, status: 'available' as const, fixTown: T2 },
      { kind: 'security' as const, status: 'available' as const, fixTown: null }
    ];
    const towns = [
      { code: T1, name: '一镇' },
      { code: T2, name: '二镇' }
    ];
    const k = computeKpis(input({ coverage, open, units, towns }));
    expect(k.towns).toEqual([
      {
        code: T1,
        name: '一镇',
        open: 2,
        overdue: 1,
        available: 1,
        unitAlerts: 0,
        grids: 4,
        within5: 2,
        within10: 3
      },
      {
        code: T2,
        name: '二镇',
        open: 1,
        overdue: 0,
        available: 1,
        unitAlerts: 0,
        grids: 2,
        within5: 0,
        within10: 1
      }
    ]);
    expect(k.coverage).toEqual({ grids: 6, within5: 2, within10: 4 });
    expect(k.units.available).toBe(3);
  });
});
