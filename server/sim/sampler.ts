import { booleanPointInPolygon } from '@turf/turf';
import type { AreaFeature, LngLat } from '../../shared/district.ts';
import type { Rng } from '../../geo/random.ts';
import type { Land } from '../../geo/land.ts';
import { bboxOf } from '../../geo/bbox.ts';

/**
 * Uniform random points on land inside an area, by rejection from its bounding box (grids are compact, so few
 * misses; a grid that is mostly lake misses more).
 */

const MAX_TRIES = 200;

/** A point of the area, land or water. */
export function randomPointIn(area: AreaFeature, rng: Rng): LngLat {
  return randomLandPointIn(area, rng, null) ?? area.properties.labelAt;
}

/**
 * A point of the area on land, or null when rejection keeps missing (a grid that is all water). Without `land`,
 * any point of the area; a sliver that rejection keeps missing gives its label point, inside by construction.
 */
export function randomLandPointIn(area: AreaFeature, rng: Rng, land: Land | null): LngLat | null {
  const [minX, minY, maxX, maxY] = bboxOf(area);
  for (let k = 0; k < MAX_TRIES; k++) {
    const p: LngLat = [rng.range(minX, maxX), rng.range(minY, maxY)];
    if (booleanPointInPolygon(p, area) && (!land || land.has(p[0], p[1]))) return p;
  }
  const at = area.properties.labelAt;
  return !land || land.has(at[0], at[1]) ? at : null;
}

/** Picks an item with probability proportional to its weight. */
export function weightedPick<T>(items: readonly T[], weight: (t: T) => number, rng: Rng): T {
  if (items.length === 0) throw new Error('weightedPick: no items');
  let total = 0;
  for (const t of items) total += weight(t);
  let r = rng.next() * total;
  for (const t of items) {
    r -= weight(t);
    if (r < 0) return t;
  }
  return items[items.length - 1];
}
