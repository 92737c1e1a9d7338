import { difference, type Geom } from 'polyclip-ts';
import { areaM2 } from './area.ts';
import { clipPolysToBox } from './clip-rect.ts';
import { NOISE_M2, type Spill } from './coverage.ts';
import { pointInside } from './interior-point.ts';
import { OwnerIndex } from './owners.ts';
import { bboxOfPolys, type MultiPoly } from './polygons.ts';

/**
 * Specialised grids beyond the district outline. They lie on top of the comprehensive tiling, so they are not
 * part of the coverage count; each is measured on its own against the outline, exactly only where the outline
 * passes through its bounding box (owners.ts).
 */
export function spillOf(
  district: MultiPoly,
  grids: readonly { id: number; polys: MultiPoly }[]
): Spill[] {
  const outline = new OwnerIndex([{ code: 'district', polys: district }]);
  const out: Spill[] = [];
  for (const g of grids) {
    const total = areaM2(g.polys);
    const inside = outline.shares(g.polys)[0]?.areaM2 ?? 0;
    if (total - inside < NOISE_M2) continue;
    const part = clipPolysToBox(district, bboxOfPolys(g.polys));
    let beyond: MultiPoly;
    try {
      beyond = (part.length ? difference(g.polys as Geom, part as Geom) : g.polys) as MultiPoly;
    } catch {
      out.push({ grid: g.id, areaM2: total - inside, lngLat: pointInside(g.polys) });
      continue;
    }
    // measured on the difference itself: total − inside can differ from 0 by rounding alone
    const m2 = areaM2(beyond);
    if (m2 >= NOISE_M2) out.push({ grid: g.id, areaM2: m2, lngLat: pointInside(beyond) });
  }
  return out;
}
