import { booleanPointInPolygon } from '@turf/turf';
import type { AreaFeature, LngLat } from '../../shared/district.ts';
import type { Rng } from '../../geo/random.ts';
import { bboxOf } from '../../geo/bbox.ts';

/** Uniform random points inside an area, by rejection from its bounding box (grids are compact, so few misses). */

const MAX_TRIES = 200;

export function randomPointIn(area: AreaFeature, rng: Rng): LngLat {
  const [minX, minY, maxX, maxY] = bboxOf(area);
  for (let k = 0; k < MAX_TRIES; k++) {
    const p: LngLat = [rng.range(minX, maxX), rng.range(minY, maxY)];
    if (booleanPointInPolygon(p, area)) return p;
  }
  // a sliver that rejection keeps missing: its label point is inside by construction
  return area.properties.labelAt;
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
