/**
 * Small planar helpers on [lng, lat] rings. They work in plain degrees with longitude scaled by KX so that
 * shapes and distances are roughly isotropic at Gaochun's latitude (~31.35°N); that is accurate enough for
 * seeding, relaxation and label placement, while final areas are always measured with turf.
 */
import type { LngLat } from '../../shared/district.ts';

export type Ring = LngLat[]; // closed: first position repeated at the end
export type Poly = Ring[]; // outer ring, then holes

/** east–west shrink factor: 1° of longitude is cos(lat) times 1° of latitude */
export const KX = Math.cos((31.35 * Math.PI) / 180);

/** metres per degree of latitude, for converting planar areas and distances in messages */
export const M_PER_DEG = 111_195;

export function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/** signed shoelace area in scaled square degrees; > 0 means counter-clockwise */
export function ringArea(r: Ring): number {
  let s = 0;
  for (let i = 0; i + 1 < r.length; i++) s += r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1];
  return (s / 2) * KX;
}

export function polyArea(p: Poly): number {
  return p.reduce((s, r, i) => s + (i === 0 ? Math.abs(ringArea(r)) : -Math.abs(ringArea(r))), 0);
}

/** area-weighted centroid of an outer ring minus its holes */
export function polyCentroid(p: Poly): LngLat {
  let a = 0;
  let cx = 0;
  let cy = 0;
  p.forEach((r, k) => {
    const sign = (k === 0 ? 1 : -1) * Math.sign(ringArea(r) || 1);
    for (let i = 0; i + 1 < r.length; i++) {
      const f = (r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1]) * sign;
      a += f;
      cx += (r[i][0] + r[i + 1][0]) * f;
      cy += (r[i][1] + r[i + 1][1]) * f;
    }
  });
  return a === 0 ? p[0][0] : [cx / (3 * a), cy / (3 * a)];
}

/** even–odd point-in-polygon over all rings (holes included) */
export function inPoly(pt: LngLat, p: Poly): boolean {
  let inside = false;
  for (const r of p) {
    for (let i = 0, j = r.length - 2; i < r.length - 1; j = i++) {
      const [xi, yi] = r[i];
      const [xj, yj] = r[j];
      if (yi > pt[1] !== yj > pt[1] && pt[0] < ((xj - xi) * (pt[1] - yi)) / (yj - yi) + xi)
        inside = !inside;
    }
  }
  return inside;
}

export function bboxOf(rings: Ring[]): [number, number, number, number] {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const r of rings)
    for (const [x, y] of r) {
      if (x < x0) x0 = x;
      if (y < y0) y0 = y;
      if (x > x1) x1 = x;
      if (y > y1) y1 = y;
    }
  return [x0, y0, x1, y1];
}

/** outer ring counter-clockwise, holes clockwise (RFC 7946) */
export function orient(p: Poly): Poly {
  return p.map((r, i) => {
    const ccw = ringArea(r) > 0;
    return ccw === (i === 0) ? r : [...r].reverse();
  });
}

/**
 * Drops consecutive duplicates and "spikes" (a vertex where the ring doubles back on itself along the same
 * line). The source outline is quantised to 1/1024°, which leaves plenty of both, and turf.kinks counts them.
 */
export function cleanRing(r: Ring): Ring {
  let pts = r.slice(0, -1);
  for (let changed = true; changed && pts.length >= 3;) {
    changed = false;
    const out: LngLat[] = [];
    for (let i = 0; i < pts.length; i++) {
      const a = out.length ? out[out.length - 1] : pts[pts.length - 1];
      const b = pts[i];
      const c = pts[(i + 1) % pts.length];
      if (a[0] === b[0] && a[1] === b[1]) {
        changed = true;
        continue;
      }
      const cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
      const dot = (b[0] - a[0]) * (c[0] - b[0]) + (b[1] - a[1]) * (c[1] - b[1]);
      if (cross === 0 && dot <= 0) {
        changed = true;
        continue;
      }
      out.push(b);
    }
    pts = out;
  }
  return pts.length >= 3 ? [...pts, pts[0]] : [];
}

/**
 * Sutherland–Hodgman: the part of ring `r` inside the convex counter-clockwise `win`. Concave input can leave
 * zero-width bridges, which do not change area or centroid, so this is only used for relaxation maths.
 */
export function clipConvex(r: Ring, win: Ring): Ring {
  let out = r.slice(0, -1);
  for (let i = 0; i + 1 < win.length && out.length; i++) {
    const [ax, ay] = win[i];
    const [bx, by] = win[i + 1];
    const side = (p: LngLat) => (bx - ax) * (p[1] - ay) - (by - ay) * (p[0] - ax);
    const input = out;
    out = [];
    for (let k = 0; k < input.length; k++) {
      const p = input[k];
      const q = input[(k + 1) % input.length];
      const sp = side(p);
      const sq = side(q);
      if (sp >= 0) out.push(p);
      if (sp >= 0 !== sq >= 0) {
        const t = sp / (sp - sq);
        out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
      }
    }
  }
  return out.length >= 3 ? [...out, out[0]] : [];
}

/** squared scaled distance from p to segment ab */
function segDist2(p: LngLat, a: LngLat, b: LngLat): number {
  const ax = a[0] * KX;
  const bx = b[0] * KX;
  const px = p[0] * KX;
  const dx = bx - ax;
  const dy = b[1] - a[1];
  const len = dx * dx + dy * dy;
  const t = len ? Math.max(0, Math.min(1, ((px - ax) * dx + (p[1] - a[1]) * dy) / len)) : 0;
  const ex = ax + t * dx - px;
  const ey = a[1] + t * dy - p[1];
  return ex * ex + ey * ey;
}

export function boundaryDist(pt: LngLat, p: Poly): number {
  let best = Infinity;
  for (const r of p)
    for (let i = 0; i + 1 < r.length; i++) best = Math.min(best, segDist2(pt, r[i], r[i + 1]));
  return Math.sqrt(best);
}

/**
 * A label point well inside the polygon: midpoints of the inside stretches of a few horizontal and vertical
 * scan lines, keeping the one farthest from the boundary (a cheap stand-in for a pole of inaccessibility;
 * the centroid alone can fall outside crescent-shaped cells along the lakes).
 */
export function labelPoint(p: Poly, lines = 9): LngLat {
  const [x0, y0, x1, y1] = bboxOf(p);
  const candidates: LngLat[] = [];
  const c = polyCentroid(p);
  if (inPoly(c, p)) candidates.push(c);
  for (const axis of [1, 0] as const) {
    const lo = axis === 1 ? y0 : x0;
    const hi = axis === 1 ? y1 : x1;
    for (let k = 0; k < lines; k++) {
      const v = lo + ((k + 0.5) / lines) * (hi - lo);
      const hits: number[] = [];
      for (const r of p)
        for (let i = 0; i + 1 < r.length; i++) {
          const a = r[i];
          const b = r[i + 1];
          if (a[axis] > v !== b[axis] > v)
            hits.push(
              a[1 - axis] + ((v - a[axis]) / (b[axis] - a[axis])) * (b[1 - axis] - a[1 - axis])
            );
        }
      hits.sort((m, n) => m - n);
      for (let i = 0; i + 1 < hits.length; i += 2) {
        const mid = (hits[i] + hits[i + 1]) / 2;
        candidates.push(axis === 1 ? [mid, v] : [v, mid]);
      }
    }
  }
  let best = candidates[0] ?? p[0][0];
  let bestD = -1;
  for (const cand of candidates) {
    const r: LngLat = [round6(cand[0]), round6(cand[1])];
    if (!inPoly(r, p)) continue;
    const d = boundaryDist(r, p);
    if (d > bestD) {
      bestD = d;
      best = r;
    }
  }
  return best;
}
