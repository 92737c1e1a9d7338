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

/** Where eligible units are, one small index per travel mode over them only. */
export class CoverageIndex {
  readonly #byMode: ReadonlyArray<readonly [TravelMode, UnitIndex]>;

  /**
   * A filtered search over every unit would wade through the many that cannot answer (most are volunteers on
   * foot), so each index holds the eligible units of one mode.
   */
  constructor(units: CoverageUnits) {
    this.#byMode = BY_SPEED.map(
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
  }

  /** The fastest eligible unit to a point, leaving out `without` if given. */
  fastest(lng: number, lat: number, without = -1): CoverageHit {
    let best = Infinity;
    let unit = -1;
    for (const [mode, index] of this.#byMode) {
      const maxDistanceM = Number.isFinite(best) ? reachM(best, mode) : undefined;
      if (maxDistanceM === 0) continue;
      const [hit] = index.nearest(lng, lat, {
        limit: 1,
        maxDistanceM,
        filter: without < 0 ? undefined : (i) => i !== without
      });
      if (!hit) continue;
      const eta = etaS(hit.distanceM, mode);
      if (eta < best) {
        best = eta;
        unit = hit.i;
      }
    }
    return { etaS: best, unit };
  }

  /** The `k` fastest eligible units of each mode to a point, fastest first. */
  fastestFew(lng: number, lat: number, k: number): CoverageHit[] {
    return this.#byMode
      .flatMap(([mode, index]) =>
        index
          .nearest(lng, lat, { limit: k })
          .map((h) => ({ etaS: etaS(h.distanceM, mode), unit: h.i }))
      )
      .sort((a, b) => a.etaS - b.etaS || a.unit - b.unit);
  }
}

/** The fastest eligible unit for each point. */
export function coverage(points: readonly LngLat[], units: CoverageUnits): CoverageHit[] {
  const index = new CoverageIndex(units);
  return points.map(([lng, lat]) => index.fastest(lng, lat));
}

export interface MoveSuggestion {
  /** the red point it would cover */
  point: number;
  unit: number;
  /** seconds for the unit to get there */
  etaS: number;
}

/** how many of each mode's nearest units a red point considers */
const SUGGEST_POOL = 8;

/**
 * Idle units that could close red areas: for each red point (worst first), the fastest eligible unit whose leaving
 * turns no point red (every point it is the fastest for has another unit within the amber band), and that was not
 * suggested yet.
 */
export function suggestMoves(
  points: readonly LngLat[],
  hits: readonly CoverageHit[],
  index: CoverageIndex,
  limit: number
): MoveSuggestion[] {
  const covers = new Map<number, number[]>();
  hits.forEach((h, p) => {
    if (h.unit < 0) return;
    const list = covers.get(h.unit);
    if (list) list.push(p);
    else covers.set(h.unit, [p]);
  });
  // a unit may be a candidate for several red points: decide once
  const leaves = new Map<number, boolean>();
  const canLeave = (unit: number) => {
    let ok = leaves.get(unit);
    if (ok === undefined) {
      ok = (covers.get(unit) ?? []).every(
        (p) => band(index.fastest(points[p][0], points[p][1], unit).etaS) !== 'red'
      );
      leaves.set(unit, ok);
    }
    return ok;
  };
  const taken = new Set<number>();
  const red = hits
    .map((h, point) => ({ point, etaS: h.etaS }))
    .filter((r) => band(r.etaS) === 'red')
    .sort((a, b) => b.etaS - a.etaS || a.point - b.point);
  const out: MoveSuggestion[] = [];
  for (const r of red) {
    if (out.length >= limit) break;
    const [lng, lat] = points[r.point];
    const spare = index
      .fastestFew(lng, lat, SUGGEST_POOL)
      .find((c) => !taken.has(c.unit) && canLeave(c.unit));
    if (!spare) continue;
    taken.add(spare.unit);
    out.push({ point: r.point, unit: spare.unit, etaS: spare.etaS });
  }
  return out;
}
