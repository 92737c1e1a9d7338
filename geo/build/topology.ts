/**
 * Makes the grids an exact tiling at the output precision. Each grid was clipped separately, so a point
 * where a Voronoi edge meets a community border exists only on one side of that border, and rounding to
 * 6 decimals moves it a few centimetres off the neighbour's edge. Over a 1 km edge such a nudge is a
 * sliver of several m² of overlap or gap. Here all grids move to the 1e-6° lattice together:
 *   1. snap rounding: round, then fold vertices one lattice step apart into one;
 *   2. noding: every vertex lying on (within 1.5 steps of) another ring's edge is inserted into that edge.
 * Afterwards neighbours share identical vertex sequences along their common border, so they neither
 * overlap nor leave gaps, and dissolving them into communities and towns is exact (see dissolve.ts).
 */
import KDBush from 'kdbush';
import type { LngLat } from '../../shared/district.ts';
import { cleanRing, type Poly, type Ring } from './rings.ts';

export const SCALE = 1e6;
/** how far (in lattice steps, ~0.11 m each) a vertex may be from an edge and still be on it */
const ON_EDGE = 1.5;

const key = (p: LngLat) => `${p[0]},${p[1]}`;

export function toLattice(p: Poly): Poly {
  return p.map((r) => r.map(([x, y]) => [Math.round(x * SCALE), Math.round(y * SCALE)] as LngLat));
}

export function fromLattice(p: Poly): Poly {
  return p.map((r) => r.map(([x, y]) => [x / SCALE, y / SCALE] as LngLat));
}

/** step 1: every vertex within one lattice step (8-neighbourhood) of an earlier one, in sorted order, joins it */
function snap(polys: Poly[]): Poly[] {
  const unique = new Map<string, LngLat>();
  for (const p of polys) for (const r of p) for (const v of r) unique.set(key(v), v);
  const sorted = [...unique.values()].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const rep = new Map<string, LngLat>();
  for (const v of sorted) {
    if (rep.has(key(v))) continue;
    rep.set(key(v), v);
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++) {
        const k = key([v[0] + dx, v[1] + dy]);
        if (unique.has(k) && !rep.has(k)) rep.set(k, v);
      }
  }
  return polys.map((p) => p.map((r) => r.map((v) => rep.get(key(v))!)));
}

/** step 2: inserts into each edge the vertices of other rings that lie on it; returns how many were added */
function node(polys: Poly[]): { polys: Poly[]; inserted: number } {
  const unique = new Map<string, LngLat>();
  for (const p of polys) for (const r of p) for (const v of r) unique.set(key(v), v);
  const pts = [...unique.values()];
  const index = new KDBush(pts.length);
  for (const [x, y] of pts) index.add(x, y);
  index.finish();

  let inserted = 0;
  const nodeRing = (r: Ring): Ring => {
    const out: LngLat[] = [];
    for (let i = 0; i + 1 < r.length; i++) {
      const a = r[i];
      const b = r[i + 1];
      out.push(a);
      const dx = b[0] - a[0];
      const dy = b[1] - a[1];
      const len2 = dx * dx + dy * dy;
      const hits: { t: number; v: LngLat }[] = [];
      const ids = index.range(
        Math.min(a[0], b[0]) - ON_EDGE,
        Math.min(a[1], b[1]) - ON_EDGE,
        Math.max(a[0], b[0]) + ON_EDGE,
        Math.max(a[1], b[1]) + ON_EDGE
      );
      for (const id of ids) {
        const v = pts[id];
        const t = ((v[0] - a[0]) * dx + (v[1] - a[1]) * dy) / len2;
        if (t <= 0 || t >= 1) continue;
        const cross = dx * (v[1] - a[1]) - dy * (v[0] - a[0]);
        if (Math.abs(cross) / Math.sqrt(len2) <= ON_EDGE) hits.push({ t, v });
      }
      hits.sort((m, n) => m.t - n.t || m.v[0] - n.v[0] || m.v[1] - n.v[1]);
      for (const h of hits) out.push(h.v);
      inserted += hits.length;
    }
    out.push(out[0]);
    return out;
  };
  return { polys: polys.map((p) => p.map(nodeRing)), inserted };
}

/** a ring that passes through the same vertex twice touches itself, which turf.kinks reports */
export function pinchedVertices(r: Ring): LngLat[] {
  const seen = new Set<string>();
  const out: LngLat[] = [];
  for (let i = 0; i + 1 < r.length; i++) {
    const k = key(r[i]);
    if (seen.has(k)) out.push(r[i]);
    seen.add(k);
  }
  return out;
}

export interface TopologyReport {
  inserted: number;
  rounds: number;
}

/**
 * Puts a set of polygons that tile an area onto the 1e-6° lattice with shared vertices. Input and output
 * are in degrees; output coordinates are exact multiples of 1e-6.
 */
export function snapTiling(polys: Poly[]): { polys: Poly[]; report: TopologyReport } {
  const clean = (ps: Poly[]) => ps.map((p) => p.map(cleanRing).filter((r) => r.length >= 4));
  let cur = clean(snap(polys.map(toLattice)));
  let inserted = 0;
  let rounds = 0;
  // Inserting a vertex bends an edge by up to 1.5 steps, which can bring another vertex within reach.
  for (; rounds < 4; rounds++) {
    const res = node(cur);
    cur = clean(res.polys);
    inserted += res.inserted;
    if (!res.inserted) break;
  }
  return { polys: cur.map(fromLattice), report: { inserted, rounds } };
}
