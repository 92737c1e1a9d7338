import type { AreaFeature, LngLat } from '../../shared/district.ts';
import type { BBox } from '../bbox.ts';

/**
 * Plain-array polygon helpers for the district check and import. A feature's geometry is handled as a list of
 * polygons (outer ring first, then holes), whatever its GeoJSON type, so every check walks one shape of data.
 * Coordinates are [lng, lat] degrees; planar maths on them is only used for signs, containment and ordering,
 * never for metres (see area.ts).
 */

export type Ring = LngLat[];
export type Poly = Ring[];
export type MultiPoly = Poly[];

export function polysOf(f: AreaFeature): MultiPoly {
  return f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
}

/** Twice the signed planar area in square degrees; > 0 means counter-clockwise. Works on open or closed rings. */
export function ringSignedArea2(r: Ring): number {
  let s = 0;
  const n = r.length;
  for (let i = 0, j = n - 1; i < n; j = i++) s += (r[j][0] - r[i][0]) * (r[j][1] + r[i][1]);
  return s;
}

/** Outer rings counter-clockwise, holes clockwise (RFC 7946); returns new arrays, never mutates. */
export function orientPoly(p: Poly): Poly {
  return p.map((r, k) => {
    const ccw = ringSignedArea2(r) > 0;
    return ccw === (k === 0) ? r : [...r].reverse();
  });
}

export function bboxOfPolys(polys: MultiPoly): BBox {
  const b: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of polys)
    for (const r of p)
      for (const [x, y] of r) {
        if (x < b[0]) b[0] = x;
        if (y < b[1]) b[1] = y;
        if (x > b[2]) b[2] = x;
        if (y > b[3]) b[3] = y;
      }
  return b;
}

export function boxesOverlap(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

export function boxIntersection(a: BBox, b: BBox): BBox {
  return [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];
}

/**
 * Even–odd point in polygon over all rings. The half-open crossing rule (`yi > y !== yj > y`) gives a point on
 * an edge shared by two neighbours to exactly one of them when both use the same vertices, so a count over
 * neighbouring grids is never 0 or 2 on a clean shared border.
 */
export function inPoly(x: number, y: number, p: Poly): boolean {
  let inside = false;
  for (const r of p) {
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
      const xi = r[i][0];
      const yi = r[i][1];
      const xj = r[j][0];
      const yj = r[j][1];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

export function inPolys(x: number, y: number, polys: MultiPoly): boolean {
  for (const p of polys) if (inPoly(x, y, p)) return true;
  return false;
}

/** Drops consecutive repeated positions and closes the ring; a ring of fewer than 3 distinct points is empty. */
export function cleanRing(r: Ring): Ring {
  const out: Ring = [];
  for (const p of r) {
    const q = out[out.length - 1];
    if (!q || q[0] !== p[0] || q[1] !== p[1]) out.push(p);
  }
  if (
    out.length > 1 &&
    out[0][0] === out[out.length - 1][0] &&
    out[0][1] === out[out.length - 1][1]
  )
    out.pop();
  if (out.length < 3) return [];
  out.push(out[0]);
  return out;
}

/** Polygons with empty outer rings dropped and empty holes removed. */
export function cleanPolys(polys: MultiPoly): MultiPoly {
  const out: MultiPoly = [];
  for (const p of polys) {
    const outer = cleanRing(p[0] ?? []);
    if (!outer.length) continue;
    const holes = p
      .slice(1)
      .map(cleanRing)
      .filter((r) => r.length);
    out.push([outer, ...holes]);
  }
  return out;
}

/** The polygons as a GeoJSON geometry: a Polygon when there is one, else a MultiPolygon. */
export function geometryOf(polys: MultiPoly): AreaFeature['geometry'] {
  return polys.length === 1
    ? { type: 'Polygon', coordinates: polys[0] }
    : { type: 'MultiPolygon', coordinates: polys };
}

/** Monotone-chain convex hull of every vertex, as a closed counter-clockwise ring. */
export function convexHull(polys: MultiPoly): Ring {
  const pts = polys
    .flatMap((p) => p[0] ?? [])
    .slice()
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length < 3) return [];
  const cross = (o: LngLat, a: LngLat, b: LngLat) =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: LngLat[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0)
      lower.pop();
    lower.push(p);
  }
  const upper: LngLat[] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0)
      upper.pop();
    upper.push(p);
  }
  const hull = [...lower.slice(0, -1), ...upper.slice(0, -1)];
  return hull.length >= 3 ? [...hull, hull[0]] : [];
}
