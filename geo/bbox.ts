import type { AreaFeature } from '../shared/district.ts';

export type BBox = [minLng: number, minLat: number, maxLng: number, maxLat: number];

/** Bounding box of an area's outer rings (holes lie inside them, so they cannot widen it). */
export function bboxOf(f: AreaFeature): BBox {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  for (const poly of polys) {
    for (const [x, y] of poly[0]) {
      if (x < box[0]) box[0] = x;
      if (y < box[1]) box[1] = y;
      if (x > box[2]) box[2] = x;
      if (y > box[3]) box[3] = y;
    }
  }
  return box;
}
