/**
 * Town polygons: the Voronoi partition of the 8 town seats, clipped to the district outline. Real town
 * borders follow rivers and dykes; a seat-based partition gets each town in roughly the right place and size.
 */
import type { LngLat } from '../../shared/district.ts';
import type { Town } from './admin.ts';
import { partition } from './partition.ts';
import { inPoly, labelPoint, round6, type Poly } from './rings.ts';

export interface TownArea {
  town: Town;
  /** the seat actually used (moved inward if the listed one fell outside the outline) */
  seat: LngLat;
  poly: Poly;
}

/**
 * Walks from `p` towards the outline's label point until inside, then one step further so the seat is not
 * left on the border (where its Voronoi cell would be clipped to a sliver).
 */
function moveInside(p: LngLat, outline: Poly): LngLat {
  if (inPoly(p, outline)) return p;
  const target = labelPoint(outline);
  const at = (t: number): LngLat => [
    round6(p[0] + (target[0] - p[0]) * t),
    round6(p[1] + (target[1] - p[1]) * t)
  ];
  for (let step = 1; step <= 20; step++) {
    if (inPoly(at(step / 20), outline)) return at(Math.min(1, (step + 1) / 20));
  }
  return target;
}

export function buildTowns(outline: Poly[], towns: Town[], log: (msg: string) => void): TownArea[] {
  if (outline.length !== 1) {
    // The 高淳区 source parts touch, so this does not happen; separate parts would need per-part seeding.
    throw new Error(
      `the outline has ${outline.length} separate parts; only a single polygon is supported`
    );
  }
  const seats = towns.map((t) => {
    const s = moveInside(t.seat, outline[0]);
    if (s !== t.seat)
      log(`seat of ${t.name} ${t.seat.join(',')} is outside the outline; moved to ${s.join(',')}`);
    return s;
  });
  const polys = partition(outline[0], seats);
  return towns.map((town, i) => ({ town, seat: seats[i], poly: polys[i] }));
}
