import type { LngLat } from '../../shared/district.ts';
import { polyAreaM2 } from './area.ts';
import { bboxOfPolys, inPoly, ringSignedArea2, type MultiPoly, type Poly } from './polygons.ts';

/**
 * A point inside a polygon, for labels and for "look here" in a report. The centroid is the natural label but can
 * fall outside a crescent or an L-shape, so the fallback scans a few horizontal lines, takes the widest inside
 * stretch and centres the point vertically at that x: cheaper than a pole-of-inaccessibility search and always
 * inside, because the midpoint of an inside stretch of a scan line is inside by the even–odd rule.
 */

const SCAN_LINES = 9;

/** The centroid of the largest polygon when it lies inside, else a scan-line point; null for empty input. */
export function labelPoint(polys: MultiPoly): LngLat | null {
  const p = largest(polys);
  if (!p) return null;
  const c = centroid(p);
  if (c && inPoly(c[0], c[1], p)) return c;
  return interiorPoint(p);
}

/** A point inside the largest polygon, away from its edges where the shape allows. */
export function pointInside(polys: MultiPoly): LngLat | null {
  const p = largest(polys);
  return p ? interiorPoint(p) : null;
}

function largest(polys: MultiPoly): Poly | null {
  let best: Poly | null = null;
  let bestA = -1;
  for (const p of polys) {
    if (!p[0] || p[0].length < 4) continue;
    const a = polyAreaM2(p);
    if (a > bestA) {
      bestA = a;
      best = p;
    }
  }
  return best;
}

function centroid(p: Poly): LngLat | null {
  const [x0, y0] = p[0][0];
  let a = 0;
  let cx = 0;
  let cy = 0;
  p.forEach((r, k) => {
    // holes subtract whatever their orientation
    const sign = (k === 0 ? 1 : -1) * (ringSignedArea2(r) >= 0 ? 1 : -1);
    for (let i = 0; i + 1 < r.length; i++) {
      const ax = r[i][0] - x0;
      const ay = r[i][1] - y0;
      const bx = r[i + 1][0] - x0;
      const by = r[i + 1][1] - y0;
      const f = (ax * by - bx * ay) * sign;
      a += f;
      cx += (ax + bx) * f;
      cy += (ay + by) * f;
    }
  });
  if (a === 0 || !Number.isFinite(a)) return null;
  return [x0 + cx / (3 * a), y0 + cy / (3 * a)];
}

function interiorPoint(p: Poly): LngLat {
  const [, minY, , maxY] = bboxOfPolys([p]);
  let best: LngLat = p[0][0];
  let bestW = -1;
  for (let k = 0; k < SCAN_LINES; k++) {
    // an irrational offset keeps scan lines off vertices placed on round fractions of the box
    const y = minY + ((k + 0.5 + 0.0137 * Math.SQRT2) / SCAN_LINES) * (maxY - minY);
    const xs = crossings(p, y, 1);
    for (let i = 0; i + 1 < xs.length; i += 2) {
      const w = xs[i + 1] - xs[i];
      if (w > bestW) {
        bestW = w;
        best = [(xs[i] + xs[i + 1]) / 2, y];
      }
    }
  }
  if (bestW < 0) return best;
  // centre vertically along the same x, keeping the stretch that holds the point found
  const ys = crossings(p, best[0], 0);
  for (let i = 0; i + 1 < ys.length; i += 2) {
    if (ys[i] <= best[1] && best[1] <= ys[i + 1]) {
      const mid: LngLat = [best[0], (ys[i] + ys[i + 1]) / 2];
      if (inPoly(mid[0], mid[1], p)) return mid;
      break;
    }
  }
  return best;
}

/** Sorted coordinates where the line (axis 1: y = v; axis 0: x = v) crosses the polygon's edges. */
function crossings(p: Poly, v: number, axis: 0 | 1): number[] {
  const other = 1 - axis;
  const out: number[] = [];
  for (const r of p)
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
      const a = r[j];
      const b = r[i];
      if (a[axis] > v !== b[axis] > v)
        out.push(a[other] + ((v - a[axis]) / (b[axis] - a[axis])) * (b[other] - a[other]));
    }
  return out.sort((m, n) => m - n);
}
