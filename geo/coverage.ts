import { TRAVEL_MODES, type TravelMode } from '../shared/domain.ts';
import type { LngLat } from '../shared/district.ts';
import { etaS, reachM } from './eta.ts';
import { UnitIndex } from './unit-index.ts';

/**
 * Coverage: for each point (a grid's centre), the estimated arrival time of the fastest eligible unit, by the same
 * straight-line model as the recommendations (geo/eta.ts). The nearest unit is not always the fastest (a car
 * 3 km away beats a volunteer on foot 800 m away), so each travel mode is asked for its nearest unit; a mode's
 * search stops at the distance where it could no longer beat the best arrival found so far, so the slow modes
 * cost almost nothing where a car is close.
 */

/** seconds: green within the first, amber within the second, red beyond or nobody */
export const COVERAGE_BANDS = { green: 300, amber: 600 } as const;
export type CoverageBand = 'green' | 'amber' | 'red';

export function band(etaSeconds: number): CoverageBand {
  if (etaSeconds <= COVERAGE_BANDS.green) return 'green';
  return etaSeconds <= COVERAGE_BANDS.amber ? 'amber' : 'red';
}

/** fastest modes first: the best arrival they find bounds the slower modes' searches */
const BY_SPEED: readonly TravelMode[] = ['car', 'ebike', 'foot'];
if (BY_SPEED.length !== TRAVEL_MODES.length) throw new Error('coverage: a travel mode is missing');

export interface CoverageHit {
  /** seconds, Infinity when no eligible unit exists */
  etaS: number;
  /** the unit's index in the arrays given, or -1 */
  unit: number;
}

export interface CoverageUnits {
  count: number;
  lng: Float64Array;
  lat: Float64Array;
  modeOf: (i: number) => TravelMode;
  /** available, with a fresh fix, of a kind that answers the emergency */
  eligible: (i: number) => boolean;
}

/**
 * The fastest eligible unit for each point. One small index per travel mode over the eligible units only: a filtered
 * search over every unit would wade through the many that cannot answer (most are volunteers on foot).
 */
export function coverage(points: readonly LngLat[], units: CoverageUnits): CoverageHit[] {
  const byMode = BY_SPEED.map(
    (mode) =>
      [
        mode,
        new UnitIndex(
          units.lng,
          units.lat,
          units.count,
          (i) => units.modeOf(i) === mode && units.eligible(i)
        )
      ] as const
  );
  return points.map(([lng, lat]) => {
    let best = Infinity;
    let unit = -1;
    for (const [mode, index] of byMode) {
      const maxDistanceM = Number.isFinite(best) ? reachM(best, mode) : undefined;
      if (maxDistanceM === 0) continue;
      const [hit] = index.nearest(lng, lat, { limit: 1, maxDistanceM });
      if (!hit) continue;
      const eta = etaS(hit.distanceM, mode);
      if (eta < best) {
        best = eta;
        unit = hit.i;
      }
    }
    return { etaS: best, unit };
  });
}
