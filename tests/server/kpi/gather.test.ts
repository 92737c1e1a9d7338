import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IncidentCreate } from '../../../shared/commands.ts';
import type { GridCoverage } from '../../../shared/protocol.ts';
import type { Scope } from '../../../server/access/scope.ts';
import { hourOf } from '../../../server/kpi/day.ts';
import { kpisFor, townsOf, type KpiSources } from '../../../server/kpi/gather.ts';
import { ReportedDays } from '../../../server/kpi/reported-days.ts';
import { dispatchRig, must, scopeOf } from '../../fixtures/dispatch.ts';
import { miniDistrict, T1, T2 } from '../../fixtures/mini-district.ts';
import { unit } from '../../fixtures/units.ts';
import { UnitAlertMonitor } from '../../../server/live/unit-alert-monitor.ts';

/**
 * The figures through the real dispatch service and SQLite store: incidents made, offered, accepted, reached and
 * resolved by commands at set times, so the timelines carry the event types the service really writes; then read
 * as a town leader of T1 and as the district. `NOW` is 10:00 in Shanghai.
 */

const NOW = Date.UTC(2026, 10, 28, 2, 0);
const TODAY = Date.UTC(2026, 10, 27, 16, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 86_400_000;
const T1_POINT: [number, number] = [118.905, 31.315];
const T2_POINT: [number, number] = [118.935, 31.315];

let n = 0;
const cid = () => `kpi-${++n}`;
let stop: (() => void) | null = null;
afterEach(() => {
  stop?.();
  vi.restoreAllMocks();
});

async function rig() {
  const r = await dispatchRig([
    unit(0, { kind: 'patrol' }),
    unit(1, { kind: 'grid_worker' }),
    unit(2, { kind: 'volunteer', status: 'off_duty' }),
    unit(3, { kind: 'security' })
  ]);
  stop = () => r.dispatch.stop();
  // U-0 and U-2 stand in T1, U-1 in T2; U-3 has no fix
  for (const [id, [lng, lat]] of [
    ['U-0', T1_POINT],
    ['U-1', T2_POINT],
    ['U-2', T1_POINT]
  ] as const)
    r.live.restoreFix(id, { lng, lat, time: NOW, speedMps: 0, headingDeg: 0, accuracyM: 5 });
  const create = (at: [number, number], now: number, over: Partial<IncidentCreate> = {}) =>
    r.dispatch.create(
      {
        commandId: cid(),
        category: 'dispute',
        priority: 2,
        lng: at[0],
        lat: at[1],
        source: 'hotline',
        description: '指标测试',
        ...over
      },
      r.system,
      now
    );
  /** offer to the unit at +dispatchMin, accepted a minute later, on scene at +arriveMin, resolved at +resolveMin */
  async function work(
    id: string,
    unitId: string,
    t0: number,
    [dispatchMin, arriveMin, resolveMin]: [number, number, number | null]
  ) {
    must(
      await r.dispatch.assign(
        { commandId: cid(), incidentId: id, unitId },
        r.system,
        t0 + dispatchMin * MIN
      )
    );
    must(
      await r.dispatch.respond(
        { commandId: cid(), incidentId: id, unitId, accept: true },
        r.system,
        t0 + (dispatchMin + 1) * MIN
      )
    );
    must(
      await r.dispatch.unitStatus(
        { commandId: cid(), unitId, status: 'on_scene' },
        r.system,
        t0 + arriveMin * MIN
      )
    );
    if (resolveMin !== null)
      must(
        await r.dispatch.transition(
          { commandId: cid(), incidentId: id, action: 'resolve' },
          r.system,
          t0 + resolveMin * MIN
        )
      );
  }
  const coverage: GridCoverage[] = [
    { code: `${T1}-001-01`, townCode: T1, etaS: 100, unitId: 'U-0' },
    { code: `${T1}-001-02`, townCode: T1, etaS: 500, unitId: 'U-0' },
    { code: `${T2}-001-01`, townCode: T2, etaS: 250, unitId: 'U-1' },
    { code: `${T2}-001-02`, townCode: T2, etaS: null, unitId: null }
  ];
  const sources: KpiSources = {
    reported: new ReportedDays(r.store),
    incidents: () => r.dispatch.incidents(),
    live: r.live,
    unitAlerts: { alerts: [] },
    coverage: { grids: coverage },
    towns: townsOf(miniDistrict())
  };
  return { ...r, create, work, sources };
}

describe('kpisFor', () => {
  it('reads step times from the timelines the dispatch service writes', async () => {
    const r = await rig();
    const t0 = NOW - 3 * 60 * MIN;
    const a = must(await r.create(T1_POINT, t0, { priority: 1 }));
    await r.work(a.id, 'U-0', t0, [0.5, 8, 30]);
    const t1 = NOW - 2 * 60 * MIN;
    const b = must(await r.create(T1_POINT, t1));
    // dispatched after 4 minutes (P2 deadline 3), on scene at 15 (deadline 20), still working
    await r.work(b.id, 'U-3', t1, [4, 15, null]);

    const k = await kpisFor(scopeOf('dispatcher'), r.sources, NOW);
    expect(k.response.dispatch).toEqual({
      reached: 2,
      medianMs: ((0.5 + 4) / 2) * MIN,
      due: 2,
      onTime: 1,
      breached: 1
    });
    expect(k.response.arrive).toEqual({
      reached: 2,
      medianMs: ((8 + 15) / 2) * MIN,
      due: 2,
      onTime: 2,
      breached: 0
    });
    expect(k.response.resolve).toEqual({
      reached: 1,
      medianMs: 30 * MIN,
      due: 1,
      onTime: 1,
      breached: 0
    });
    expect(k.breaches).toBe(1);
    expect(k.open).toEqual({ total: 1, overdue: 0, byPriority: { 1: 0, 2: 1, 3: 0, 4: 0 } });
    expect(k.today.reported).toBe(2);
  });

  it("gives a town leader her towns' figures and the district's desk the whole district", async () => {
    const r = await rig();
    must(await r.create(T1_POINT, NOW - 10 * MIN, { category: 'fire', priority: 1 }));
    must(await r.create(T2_POINT, NOW - 10 * MIN, { category: 'traffic', priority: 3 }));
    must(await r.create(T2_POINT, NOW - 2 * DAY, { category: 'traffic', priority: 4 }));

    const leader = await kpisFor(scopeOf('town_leader', [T1]), r.sources, NOW);
    expect(leader.today.reported).toBe(1);
    expect(leader.today.byCategory).toMatchObject({ fire: 1, traffic: 0 });
    expect(leader.open.byPriority).toEqual({ 1: 1, 2: 0, 3: 0, 4: 0 });
    // the P1 waited 10 minutes for a dispatch (deadline 1)
    expect(leader.open.overdue).toBe(1);
    expect(leader.hourly.weekAverage.every((v) => v === 0)).toBe(true);
    expect(leader.towns.map((t) => t.code)).toEqual([T1]);
    expect(leader.towns[0]).toMatchObject({
      open: 1,
      overdue: 1,
      available: 1,
      grids: 2,
      within5: 1,
      within10: 2
    });
    expect(leader.coverage).toEqual({ grids: 2, within5: 1, within10: 2 });
    // units whose fix lies in T1: U-0 on duty, U-2 off duty; U-1 is in T2 and U-3 nowhere
    expect(leader.units).toMatchObject({ onDuty: 1, available: 1 });
    expect(leader.units.byKind).toMatchObject({ patrol: 1, grid_worker: 0, security: 0 });

    const desk = await kpisFor(scopeOf('dispatcher'), r.sources, NOW);
    expect(desk.today.reported).toBe(2);
    expect(desk.open.byPriority).toEqual({ 1: 1, 2: 0, 3: 1, 4: 1 });
    expect(desk.hourly.weekAverage.reduce((s, v) => s + v, 0)).toBeCloseTo(1 / 7, 12);
    expect(desk.towns.map((t) => t.code)).toEqual([T1, T2]);
    expect(desk.coverage).toEqual({ grids: 4, within5: 2, within10: 3 });
    // the district sees every unit, a fix or not: U-0, U-1, U-3 on duty
    expect(desk.units).toMatchObject({ onDuty: 3, available: 3 });
  });

  it('counts a unit working an incident in her town for the leader, wherever it stands', async () => {
    const r = await rig();
    const inc = must(await r.create(T1_POINT, NOW - 10 * MIN));
    // U-1 stands in T2 but is offered the T1 incident
    must(
      await r.dispatch.assign(
        { commandId: cid(), incidentId: inc.id, unitId: 'U-1' },
        r.system,
        NOW - 9 * MIN
      )
    );
    const leader = await kpisFor(scopeOf('town_leader', [T1]), r.sources, NOW);
    expect(leader.units.byKind).toMatchObject({ patrol: 1, grid_worker: 1 });
    expect(leader.units.available).toBe(1);
    // its fix is in T2: not one of T1's available units
    expect(leader.towns[0].available).toBe(1);
  });

  it('counts the unit alerts each desk sees: a unit that left counts at home and where it stands', async () => {
    const r = await rig();
    // U-1 (home T1) stands in T2, on duty and on no task; U-3 never sent a fix; U-2 is off duty
    const monitor = new UnitAlertMonitor(
      r.live,
      {
        quietMs: { car: 5 * MIN, ebike: 5 * MIN, foot: 5 * MIN },
        lowBatteryPct: 20,
        strayGraceMs: 0
      },
      NOW - 10 * MIN
    );
    monitor.sweep(NOW);
    const sources = { ...r.sources, unitAlerts: monitor };
    const desk = await kpisFor(scopeOf('dispatcher'), sources, NOW);
    expect(desk.unitAlerts).toEqual({
      total: 2,
      byKind: { quiet: 1, low_battery: 0, left_home_town: 1 }
    });
    expect(desk.towns.map((t) => [t.code, t.unitAlerts])).toEqual([
      [T1, 1],
      [T2, 1]
    ]);
    // T1's leader no longer sees U-1, but learns it left; the unit without a fix lies in no town
    const home = await kpisFor(scopeOf('town_leader', [T1]), sources, NOW);
    expect(home.unitAlerts.byKind).toEqual({ quiet: 0, low_battery: 0, left_home_town: 1 });
    expect(home.towns.map((t) => [t.code, t.unitAlerts])).toEqual([[T1, 1]]);
    const there = await kpisFor(scopeOf('town_leader', [T2]), sources, NOW);
    expect(there.unitAlerts.total).toBe(1);
    expect(there.towns.map((t) => [t.code, t.unitAlerts])).toEqual([[T2, 1]]);
  });

  it('reads the past days from the store once, with the figures a full read of the 8 days gives', async () => {
    const r = await rig();
    for (const [at, t] of [
      [T1_POINT, TODAY - 8 * DAY + 9 * HOUR],
      [T1_POINT, TODAY - 7 * DAY + 9 * HOUR],
      [T2_POINT, TODAY - 3 * DAY + 14 * HOUR],
      [T1_POINT, TODAY - 3 * DAY + 14 * HOUR + 20 * MIN],
      [T2_POINT, TODAY - 30 * MIN],
      [T1_POINT, TODAY + 2 * HOUR],
      [T2_POINT, NOW - 10 * MIN]
    ] as const)
      must(await r.create(at, t));
    const reads = vi.spyOn(r.store, 'incidentsCreated');
    const desk = scopeOf('dispatcher');
    const leader = scopeOf('town_leader', [T1]);

    const first = await kpisFor(desk, r.sources, NOW);
    const leaderFirst = await kpisFor(leader, r.sources, NOW);
    const again = await kpisFor(desk, r.sources, NOW);
    const pastReads = reads.mock.calls.filter(([from]) => from < TODAY);
    expect(pastReads).toEqual([[TODAY - 7 * DAY, TODAY]]);
    // every request reads today
    expect(reads.mock.calls.filter(([from]) => from === TODAY)).toHaveLength(3);
    expect(again).toEqual(first);
    // a fresh count of the store agrees with the kept one
    const fresh = { ...r.sources, reported: new ReportedDays(r.store) };
    expect(await kpisFor(desk, fresh, NOW)).toEqual(first);
    expect(await kpisFor(leader, fresh, NOW)).toEqual(leaderFirst);

    // the rule as it was: the 8 days read whole, the week's hours counted for what the scope sees, ÷ 7
    const all = await r.store.incidentsCreated(TODAY - 7 * DAY, TODAY + DAY);
    const weekAverage = (scope: Scope) => {
      const past = new Array<number>(24).fill(0);
      for (const i of all)
        if (i.createdAt < TODAY && scope.seesIncident(i)) past[hourOf(i.createdAt)]++;
      return past.map((k) => k / 7);
    };
    expect(first.hourly.weekAverage).toEqual(weekAverage(desk));
    expect(leaderFirst.hourly.weekAverage).toEqual(weekAverage(leader));
    expect(first.hourly.weekAverage[14]).toBeCloseTo(2 / 7, 12);
    expect(leaderFirst.hourly.weekAverage[14]).toBeCloseTo(1 / 7, 12);
    expect(first.today.reported).toBe(all.filter((i) => i.createdAt >= TODAY).length);
    expect(leaderFirst.today.reported).toBe(1);
  });
});
