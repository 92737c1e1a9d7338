import Flatbush from 'flatbush';
import type { LngLat } from '../../shared/district.ts';

/**
 * Geometry that the area checks cannot trust: a wrong type, non-finite coordinates, a ring that is not closed or
 * has fewer than 4 positions, or edges that cross (a bow-tie: which side is inside becomes a matter of rule). Self-intersection is found over all rings of a
 * feature at once (a hole crossing its shell counts); pairs of segments come from a packed R-tree over segment
 * boxes, so a 10,000-vertex ring costs n log n rather than the n² of testing every pair.
 */

export type InvalidReason =
  'geometry_type' | 'non_finite' | 'short_ring' | 'unclosed_ring' | 'self_intersection';

export interface GeometryIssue {
  reason: InvalidReason;
  /** where: the crossing, or the ring's first position */
  lngLat: LngLat | null;
  detail: string;
}

/** below this many segments, testing every pair is faster than building an index */
const BRUTE_FORCE_MAX = 48;

/** The first thing wrong with a geometry (as GeoJSON read it), or null when it is usable. */
export function geometryIssue(geometry: unknown): GeometryIssue | null {
  const g = geometry as { type?: unknown; coordinates?: unknown } | null;
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon') || !Array.isArray(g.coordinates))
    return {
      reason: 'geometry_type',
      lngLat: null,
      detail: `geometry is ${g ? String(g.type) : 'missing'}, not Polygon or MultiPolygon`
    };
  const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown[][];
  const rings: LngLat[][] = [];
  for (const p of polys) {
    if (!Array.isArray(p) || p.length === 0)
      return { reason: 'short_ring', lngLat: null, detail: 'a polygon has no rings' };
    for (const r of p) {
      const issue = ringIssue(r);
      if (issue) return issue;
      rings.push(r as LngLat[]);
    }
  }
  return crossingIssue(rings);
}

function ringIssue(r: unknown): GeometryIssue | null {
  if (!Array.isArray(r))
    return { reason: 'short_ring', lngLat: null, detail: 'a ring is not an array' };
  for (const p of r)
    if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1]))
      return {
        reason: 'non_finite',
        lngLat: firstFinite(r),
        detail: `position ${JSON.stringify(p)} is not a pair of finite numbers`
      };
  const ring = r as LngLat[];
  if (ring.length < 4)
    return {
      reason: 'short_ring',
      lngLat: ring[0] ?? null,
      detail: `a ring has ${ring.length} positions (at least 4 needed)`
    };
  const a = ring[0];
  const b = ring[ring.length - 1];
  if (a[0] !== b[0] || a[1] !== b[1])
    return {
      reason: 'unclosed_ring',
      lngLat: a,
      detail: `a ring is not closed: it starts at [${a}] and ends at [${b}]`
    };
  return null;
}

function firstFinite(r: unknown[]): LngLat | null {
  for (const p of r)
    if (Array.isArray(p) && Number.isFinite(p[0]) && Number.isFinite(p[1])) return [p[0], p[1]];
  return null;
}

/**
 * Segments of all rings, consecutive repeats dropped. `ring[k]` and `next[k]` let two segments of the same ring
 * that share a vertex be told apart from a real crossing.
 */
function crossingIssue(rings: LngLat[][]): GeometryIssue | null {
  const ax: number[] = [];
  const ay: number[] = [];
  const bx: number[] = [];
  const by: number[] = [];
  const ringOf: number[] = [];
  const first: number[] = [];
  const last: number[] = [];
  rings.forEach((r, k) => {
    const start = ax.length;
    for (let i = 0; i + 1 < r.length; i++) {
      if (r[i][0] === r[i + 1][0] && r[i][1] === r[i + 1][1]) continue;
      ax.push(r[i][0]);
      ay.push(r[i][1]);
      bx.push(r[i + 1][0]);
      by.push(r[i + 1][1]);
      ringOf.push(k);
    }
    first[k] = start;
    last[k] = ax.length - 1;
  });
  const n = ax.length;
  const adjacent = (i: number, j: number) => {
    if (ringOf[i] !== ringOf[j]) return false;
    const k = ringOf[i];
    return j === i + 1 || (i === first[k] && j === last[k]);
  };
  const test = (i: number, j: number): GeometryIssue | null => {
    if (adjacent(i, j)) return null;
    const hit = intersect(ax[i], ay[i], bx[i], by[i], ax[j], ay[j], bx[j], by[j]);
    if (!hit) return null;
    return {
      reason: 'self_intersection',
      lngLat: hit,
      detail: `edges cross at [${hit[0].toFixed(6)}, ${hit[1].toFixed(6)}]`
    };
  };
  if (n <= BRUTE_FORCE_MAX) {
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        const issue = test(i, j);
        if (issue) return issue;
      }
    return null;
  }
  const tree = new Flatbush(n);
  for (let i = 0; i < n; i++)
    tree.add(
      Math.min(ax[i], bx[i]),
      Math.min(ay[i], by[i]),
      Math.max(ax[i], bx[i]),
      Math.max(ay[i], by[i])
    );
  tree.finish();
  for (let i = 0; i < n; i++) {
    const found = tree.search(
      Math.min(ax[i], bx[i]),
      Math.min(ay[i], by[i]),
      Math.max(ax[i], bx[i]),
      Math.max(ay[i], by[i])
    );
    for (const j of found) {
      if (j <= i) continue;
      const issue = test(i, j);
      if (issue) return issue;
    }
  }
  return null;
}

/**
 * The crossing point of segments ab and cd when their interiors cross; null when they are apart, only touch, or
 * run along each other. Touching and shared edges (two parts of a MultiPolygon side by side, a "keyhole" ring
 * some CAD exports write) leave the area unambiguous, and the boolean operations read them correctly; a crossing
 * does not.
 */
function intersect(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number
): LngLat | null {
  const o1 = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  const o2 = (bx - ax) * (dy - ay) - (by - ay) * (dx - ax);
  if (!(o1 * o2 < 0)) return null;
  const o3 = (dx - cx) * (ay - cy) - (dy - cy) * (ax - cx);
  const o4 = (dx - cx) * (by - cy) - (dy - cy) * (bx - cx);
  if (!(o3 * o4 < 0)) return null;
  const t = o3 / (o3 - o4);
  return [ax + t * (bx - ax), ay + t * (by - ay)];
}
