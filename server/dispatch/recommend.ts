import type { Fix, Incident } from '../../shared/domain.ts';
import type { Reason, Recommendation } from '../../shared/commands.ts';
import type { CategoryRules } from '../../shared/category-rules.ts';
import type { UnitInfo } from '../../shared/protocol.ts';
import { etaS } from '../../geo/eta.ts';
import type { LiveRegistry } from '../live/registry.ts';

/**
 * Ranks units for an incident, in two steps so a road router can sit between them. `candidates` takes available
 * units with a fix younger than FRESH_FIX_MS, nearest first, from the spatial index; `rank` puts the kinds the
 * category table sends first to this category and priority (the first-line kinds) before every other kind, and
 * orders each of the two by a score that starts from the estimated arrival time (from the router, or straight-line
 * by default), is discounted for a skill the category counts and for working in the unit's home grid, and
 * penalised for the tasks it already took on today and for an ageing fix.
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

/**
 * The nearest available units with a fresh fix, and the nearest of the first-line kinds among them too: in a
 * village full of volunteers the 60 nearest units may hold no patrol at all, and the first-line units must still
 * be there to rank first. Nearest first.
 */
export function candidates(
  incident: Incident,
  rules: CategoryRules,
  live: LiveRegistry,
  now: number,
  /** the viewer's jurisdiction over units, by idx: a town leader is offered only units it may see */
  visible: (idx: number) => boolean = () => true
): Candidate[] {
  const eligible = (u: UnitInfo, fix: Fix) =>
    u.status === 'available' && now - fix.time <= FRESH_FIX_MS && visible(u.idx);
  const near = live.nearest(incident.lng, incident.lat, CANDIDATE_POOL, eligible);
  const kinds = new Set(rules[incident.category].priorities[incident.priority].kinds);
  const hits =
    kinds.size === 0 || near.every((h) => kinds.has(h.unit.kind))
      ? near
      : merge(
          near,
          live.nearest(
            incident.lng,
            incident.lat,
            CANDIDATE_POOL,
            (u, fix) => kinds.has(u.kind) && eligible(u, fix)
          )
        );
  return hits.map((h) => ({ unit: h.unit, fix: h.fix, distanceM: h.distanceM }));
}

/** `etas[i]` is candidate i's travel time in seconds. */
export function rank(
  incident: Incident,
  rules: CategoryRules,
  list: readonly Candidate[],
  etas: readonly number[],
  now: number,
  limit: number,
  /** tasks each unit has taken on today, by unit id */
  workload: (unitId: string) => number = () => 0
): Recommendation[] {
  const rule = rules[incident.category];
  const firstLine = new Set(rule.priorities[incident.priority].kinds);
  const scored = list.map((c, i) => {
    const eta = etas[i];
    const fixAgeS = Math.max(0, (now - c.fix.time) / 1000);
    const first = firstLine.has(c.unit.kind);
    const skills = rule.skills.filter((s) => c.unit.skills.includes(s));
    const home = c.unit.homeGrid === incident.gridCode;
    const tasks = workload(c.unit.id);
    const score =
      eta * (skills.length ? SKILL_DISCOUNT : 1) * (home ? HOME_GRID_DISCOUNT : 1) +
      fixAgeS * FIX_AGE_WEIGHT +
      tasks * WORKLOAD_S;
    const reasons: Reason[] = [
      {
        kind: 'first_line',
        value: c.unit.kind,
        good: first,
        category: incident.category,
        priority: incident.priority
      },
      { kind: 'distance', value: Math.round(c.distanceM), good: true },
      { kind: 'eta', value: Math.round(eta), good: true }
    ];
    for (const s of skills) reasons.push({ kind: 'skill', value: s, good: true });
    // the one skill it lacks that the category counts first, so the desk sees what a better unit would have
    if (!skills.length && rule.skills.length)
      reasons.push({ kind: 'skill', value: rule.skills[0], good: false });
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
    return { rec, score, tier: first ? 0 : 1 };
  });
  // first-line kinds first whatever their arrival: a mediator next door does not put out a fire
  scored.sort(
    (a, b) => a.tier - b.tier || a.score - b.score || a.rec.unitId.localeCompare(b.rec.unitId)
  );
  return scored.slice(0, limit).map((s) => s.rec);
}

/** Both steps with straight-line arrival estimates (the default router's model), in one synchronous call. */
export function recommend(
  incident: Incident,
  rules: CategoryRules,
  live: LiveRegistry,
  now: number,
  limit: number,
  visible: (idx: number) => boolean = () => true
): Recommendation[] {
  const list = candidates(incident, rules, live, now, visible);
  return rank(
    incident,
    rules,
    list,
    list.map((c) => etaS(c.distanceM, c.unit.travel)),
    now,
    limit
  );
}

/** two nearest-first lists as one, each unit once */
function merge<T extends { unit: UnitInfo; distanceM: number }>(a: T[], b: T[]): T[] {
  const seen = new Set(a.map((h) => h.unit.id));
  return [...a, ...b.filter((h) => !seen.has(h.unit.id))].sort((x, y) => x.distanceM - y.distanceM);
}
