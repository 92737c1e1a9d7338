import { CATEGORY_SKILL, type Fix, type Incident } from '../../shared/domain.ts';
import type { Reason, Recommendation } from '../../shared/commands.ts';
import type { UnitInfo } from '../../shared/protocol.ts';
import { etaS } from '../../geo/eta.ts';
import type { LiveRegistry } from '../live/registry.ts';

/**
 * Ranks units for an incident, in two steps so a road router can sit between them. `candidates` takes available
 * units with a fix younger than FRESH_FIX_MS, nearest first, from the spatial index; `rank` orders them by a score
 * that starts from the estimated arrival time (from the router, or straight-line by default), is discounted for a
 * matching skill and for working in the unit's home grid, and penalised for the tasks it already took on today and
 * for an ageing fix.
 */

export const FRESH_FIX_MS = 2 * 60_000;
/** how many nearest candidates to score; the ETA order can differ from the distance order by travel mode */
const CANDIDATE_POOL = 60;
const SKILL_DISCOUNT = 0.75;
const HOME_GRID_DISCOUNT = 0.9;
/** seconds of score added per second of fix age */
const FIX_AGE_WEIGHT = 0.5;
/** seconds of score added per task the unit took on today: spread the work when arrival times are close */
const WORKLOAD_S = 45;

export interface Candidate {
  unit: UnitInfo;
  fix: Fix;
  distanceM: number;
}

export function candidates(
  incident: Incident,
  live: LiveRegistry,
  now: number,
  /** the viewer's jurisdiction over units, by idx: a town leader is offered only units it may see */
  visible: (idx: number) => boolean = () => true
): Candidate[] {
  return live
    .nearest(
      incident.lng,
      incident.lat,
      CANDIDATE_POOL,
      (u, fix) => u.status === 'available' && now - fix.time <= FRESH_FIX_MS && visible(u.idx)
    )
    .map((h) => ({ unit: h.unit, fix: h.fix, distanceM: h.distanceM }));
}

/** `etas[i]` is candidate i's travel time in seconds. */
export function rank(
  incident: Incident,
  list: readonly Candidate[],
  etas: readonly number[],
  now: number,
  limit: number,
  /** tasks each unit has taken on today, by unit id */
  workload: (unitId: string) => number = () => 0
): Recommendation[] {
  const wanted = CATEGORY_SKILL[incident.category];
  const scored = list.map((c, i) => {
    const eta = etas[i];
    const fixAgeS = Math.max(0, (now - c.fix.time) / 1000);
    const skilled = wanted !== null && c.unit.skills.includes(wanted);
    const home = c.unit.homeGrid === incident.gridCode;
    const tasks = workload(c.unit.id);
    const score =
      eta * (skilled ? SKILL_DISCOUNT : 1) * (home ? HOME_GRID_DISCOUNT : 1) +
      fixAgeS * FIX_AGE_WEIGHT +
      tasks * WORKLOAD_S;
    const reasons: Reason[] = [
      { kind: 'distance', value: Math.round(c.distanceM), good: true },
      { kind: 'eta', value: Math.round(eta), good: true }
    ];
    if (wanted !== null) reasons.push({ kind: 'skill', value: wanted, good: skilled });
    if (home) reasons.push({ kind: 'home_grid', value: c.unit.homeGrid, good: true });
    if (tasks > 0) reasons.push({ kind: 'workload', value: tasks, good: false });
    if (fixAgeS > 30) reasons.push({ kind: 'fix_age', value: Math.round(fixAgeS), good: false });
    const rec: Recommendation = {
      unitId: c.unit.id,
      name: c.unit.name,
      kind: c.unit.kind,
      distanceM: Math.round(c.distanceM),
      etaS: Math.round(eta),
      fixAgeS: Math.round(fixAgeS),
      reasons
    };
    return { rec, score };
  });
  scored.sort((a, b) => a.score - b.score || a.rec.unitId.localeCompare(b.rec.unitId));
  return scored.slice(0, limit).map((s) => s.rec);
}

/** Both steps with straight-line arrival estimates (the default router's model), in one synchronous call. */
export function recommend(
  incident: Incident,
  live: LiveRegistry,
  now: number,
  limit: number,
  visible: (idx: number) => boolean = () => true
): Recommendation[] {
  const list = candidates(incident, live, now, visible);
  return rank(
    incident,
    list,
    list.map((c) => etaS(c.distanceM, c.unit.travel)),
    now,
    limit
  );
}
