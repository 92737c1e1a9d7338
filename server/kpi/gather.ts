import { OPEN_STATUSES, type Incident } from '../../shared/domain.ts';
import type { DistrictCollection } from '../../shared/district.ts';
import type { Kpis } from '../../shared/kpis.ts';
import type { GridCoverage, UnitInfo } from '../../shared/protocol.ts';
import type { UnitAlert } from '../../shared/unit-alerts.ts';
import type { Scope, UnitWhereabouts } from '../access/scope.ts';
import { alertsSeen } from '../live/unit-alerts.ts';
import { computeKpis, type AlertPlace } from './figures.ts';
import { hoursOf, type ReportedDays } from './reported-days.ts';

/**
 * Collects what the figures need and cuts it to what the caller's Scope may see: incidents by their town, units by
 * the live map's rule (where their fix is, or where their incident is), towns and grids by town. A town leader's
 * figures are hers; the district's desks and walls get the whole district. The 7 days before today come as counts
 * per town (kpi/reported-days.ts keeps them between requests), so they are cut by town: the way every desk and
 * wall sees an incident (a field account sees its own, and gets no figures: the route refuses it).
 */

export interface KpiSources {
  /** today's incidents from the store, and the past week's hourly counts kept since their first request */
  reported: ReportedDays;
  /** the incidents the dispatch service holds: every open one, and recent others */
  incidents(): readonly Incident[];
  live: {
    all(): readonly UnitInfo[];
    get(id: string): UnitInfo | undefined;
    whereabouts(idx: number): UnitWhereabouts;
  };
  /** the unit alerts of the last sweep (live/unit-alert-monitor.ts) */
  unitAlerts: { readonly alerts: readonly UnitAlert[] };
  coverage: { readonly grids: readonly GridCoverage[] };
  towns: ReadonlyArray<{ code: string; name: string }>;
}

export async function kpisFor(scope: Scope, src: KpiSources, now: number): Promise<Kpis> {
  const { today, week } = await src.reported.read(now);
  return computeKpis({
    now,
    reported: today.filter((i) => scope.seesIncident(i)),
    weekHours: hoursOf(week, (town) => scope.seesTown(town)),
    open: src.incidents().filter((i) => OPEN_STATUSES.includes(i.status) && scope.seesIncident(i)),
    units: src.live.all().flatMap((u) => {
      const w = src.live.whereabouts(u.idx);
      return scope.seesUnit(w) ? [{ kind: u.kind, status: u.status, fixTown: w.fixTown }] : [];
    }),
    unitAlerts: alertPlaces(scope, src),
    coverage: src.coverage.grids.filter((g) => scope.seesTown(g.townCode)),
    towns: src.towns.filter((t) => scope.seesTown(t.code))
  });
}

/**
 * The alerts the caller sees (the desks' rule, live/unit-alerts.ts), each with the towns whose desks see it: where
 * the unit's fix or incident is, and its home town for one that left it.
 */
function alertPlaces(scope: Scope, src: KpiSources): AlertPlace[] {
  const where = (id: string) => {
    const u = src.live.get(id);
    return u && src.live.whereabouts(u.idx);
  };
  const seen = alertsSeen(
    src.unitAlerts.alerts,
    (w) => scope.seesUnit(w),
    (code) => scope.seesTown(code),
    where
  );
  return seen.map((a) => {
    const w = where(a.unitId);
    const towns = new Set<string>();
    if (w?.fixTown) towns.add(w.fixTown);
    if (w?.incidentTown) towns.add(w.incidentTown);
    if (a.kind === 'left_home_town') towns.add(a.homeTown);
    return { kind: a.kind, towns: [...towns] };
  });
}

/** The district's towns by code, with their names. */
export function townsOf(district: DistrictCollection): Array<{ code: string; name: string }> {
  return district.features
    .filter((f) => f.properties.layer === 'town')
    .map((f) => ({ code: f.properties.code, name: f.properties.name }))
    .sort((a, b) => a.code.localeCompare(b.code));
}
