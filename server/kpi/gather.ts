import { OPEN_STATUSES, type Incident } from '../../shared/domain.ts';
import type { DistrictCollection } from '../../shared/district.ts';
import type { Kpis } from '../../shared/kpis.ts';
import type { GridCoverage, UnitInfo } from '../../shared/protocol.ts';
import type { Scope, UnitWhereabouts } from '../access/scope.ts';
import { computeKpis } from './figures.ts';
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
    whereabouts(idx: number): UnitWhereabouts;
  };
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
    coverage: src.coverage.grids.filter((g) => scope.seesTown(g.townCode)),
    towns: src.towns.filter((t) => scope.seesTown(t.code))
  });
}

/** The district's towns by code, with their names. */
export function townsOf(district: DistrictCollection): Array<{ code: string; name: string }> {
  return district.features
    .filter((f) => f.properties.layer === 'town')
    .map((f) => ({ code: f.properties.code, name: f.properties.name }))
    .sort((a, b) => a.code.localeCompare(b.code));
}
