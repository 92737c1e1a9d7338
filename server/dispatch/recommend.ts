import { CATEGORY_SKILL, type Incident } from '../../shared/domain.ts';
import type { Reason, Recommendation } from '../../shared/commands.ts';
import { etaS } from '../../geo/eta.ts';
import type { LiveRegistry } from '../live/registry.ts';

/**
 * Ranks units for an incident. Candidates are available units with a fix younger than FRESH_FIX_MS, taken nearest
 * first from the spatial index; they are then ordered by a score that starts from the estimated arrival time and
 * is discounted for a matching skill and for working in their home grid, and penalised for an ageing fix.
 */

export const FRESH_FIX_MS = 2 * 60_000;
/** how many nearest candidates to score; the ETA order can differ from the distance order by travel mode */
const CANDIDATE_POOL = 60;
const SKILL_DISCOUNT = 0.75;
const HOME_GRID_DISCOUNT = 0.9;
/** seconds of score added per second of fix age */
const FIX_AGE_WEIGHT = 0.5;

export function recommend(
  incident: Incident,
  live: LiveRegistry,
  now: number,
  limit: number,
  /** the viewer's jurisdiction over units, by idx: a town leader is offered only units it may see */
  visible: (idx: number) => boolean = () => true
): Recommendation[] {
  const wanted = CATEGORY_SKILL[incident.category];
  const hits = live.nearest(
    incident.lng,
    incident.lat,
    CANDIDATE_POOL,
    (u, fix) => u.status === 'available' && now - fix.time <= FRESH_FIX_MS && visible(u.idx)
  );
  const scored = hits.map((h) => {
    const eta = etaS(h.distanceM, h.unit.travel);
    const fixAgeS = Math.max(0, (now - h.fix.time) / 1000);
    const skilled = wanted !== null && h.unit.skills.includes(wanted);
    const home = h.unit.homeGrid === incident.gridCode;
    const score =
      eta * (skilled ? SKILL_DISCOUNT : 1) * (home ? HOME_GRID_DISCOUNT : 1) +
      fixAgeS * FIX_AGE_WEIGHT;
    const reasons: Reason[] = [
      { kind: 'distance', value: Math.round(h.distanceM), good: true },
      { kind: 'eta', value: Math.round(eta), good: true }
    ];
    if (wanted !== null) reasons.push({ kind: 'skill', value: wanted, good: skilled });
    if (home) reasons.push({ kind: 'home_grid', value: h.unit.homeGrid, good: true });
    if (fixAgeS > 30) reasons.push({ kind: 'fix_age', value: Math.round(fixAgeS), good: false });
    const rec: Recommendation = {
      unitId: h.unit.id,
      name: h.unit.name,
      kind: h.unit.kind,
      distanceM: Math.round(h.distanceM),
      etaS: Math.round(eta),
      fixAgeS: Math.round(fixAgeS),
      reasons
    };
    return { rec, score };
  });
  scored.sort((a, b) => a.score - b.score || a.rec.unitId.localeCompare(b.rec.unitId));
  return scored.slice(0, limit).map((s) => s.rec);
}
