import type { LngLat } from '../../shared/district.ts';
import type { BBox } from '../bbox.ts';
import type { MultiPoly, Ring } from './polygons.ts';

/**
 * Sutherland–Hodgman clipping of polygons to an axis-aligned box: linear time with plain floats, used to cut the
 * district and its grids into tiles before the exact (and much slower) boolean operations. On a concave ring the
 * output can contain a zero-width "bridge" along the box edge, traversed once each way; as an oriented chain it
 * still bounds exactly the part inside the box (the bridge cancels), and polyclip reads rings with the non-zero
 * rule, so the bridge is harmless there too.
 *
 * A crossing point is computed from the segment's endpoints in a fixed (lexicographic) order, so the two grids
 * sharing an edge, which walk it in opposite directions, get the same point on the tile edge bit for bit.
 */

export function clipPolysToBox(polys: MultiPoly, box: BBox): MultiPoly {
  const out: MultiPoly = [];
  for (const p of polys) {
    const outer = clipRing(p[0], box);
    if (!outer.length) continue;
    const holes: Ring[] = [];
    for (let k = 1; k < p.length; k++) {
      const h = clipRing(p[k], box);
      if (h.length) holes.push(h);
    }
    out.push([outer, ...holes]);
  }
  return out;
}

/** true when every vertex lies in the box, so clipping would return the input */
export function insideBox(polys: MultiPoly, box: BBox): boolean {
  for (const p of polys)
    for (const r of p)
      for (const [x, y] of r)
        if (x < box[0] || x > box[2] || y < box[1] || y > box[3]) return false;
  return true;
}

/** One closed ring clipped to the box; empty when nothing of it is inside. */
export function clipRing(ring: Ring, box: BBox): Ring {
  let pts = ring.slice(0, -1);
  pts = clipEdge(pts, 0, box[0], true);
  pts = clipEdge(pts, 0, box[2], false);
  pts = clipEdge(pts, 1, box[1], true);
  pts = clipEdge(pts, 1, box[3], false);
  if (pts.length < 3) return [];
  return [...pts, pts[0]];
}

/** Keeps the side of the line `axis = v` where coordinates are >= v (`keepAbove`) or <= v. */
function clipEdge(pts: LngLat[], axis: 0 | 1, v: number, keepAbove: boolean): LngLat[] {
  const n = pts.length;
  if (n === 0) return pts;
  const inside = (p: LngLat) => (keepAbove ? p[axis] >= v : p[axis] <= v);
  let allIn = true;
  for (const p of pts)
    if (!inside(p)) {
      allIn = false;
      break;
    }
  if (allIn) return pts;
  const out: LngLat[] = [];
  for (let i = 0; i < n; i++) {
    const p = pts[i];
    const q = pts[(i + 1) % n];
    const pin = inside(p);
    const qin = inside(q);
    if (pin) out.push(p);
    if (pin !== qin) out.push(crossing(p, q, axis, v));
  }
  return out;
}

function crossing(p: LngLat, q: LngLat, axis: 0 | 1, v: number): LngLat {
  const [a, b] = p[0] < q[0] || (p[0] === q[0] && p[1] < q[1]) ? [p, q] : [q, p];
  const other = 1 - axis;
  const t = (v - a[axis]) / (b[axis] - a[axis]);
  const w = a[other] + t * (b[other] - a[other]);
  return axis === 0 ? [v, w] : [w, v];
}
