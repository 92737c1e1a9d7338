/**
 * Dissolves grids into communities, towns and the district by cancelling shared edges. After snapTiling
 * two neighbouring grids carry the same border as the same vertices in opposite directions, so the
 * outline of a group is simply the directed edges whose reverse is not in the group. This is exact, which
 * a general polygon union is not: the district's area then equals the sum of its grids' areas.
 */
import type { LngLat } from '../../shared/district.ts';
import { SCALE, fromLattice, toLattice } from './topology.ts';
import { bboxOf, inPoly, orient, ringArea, type Poly, type Ring } from './rings.ts';

const key = (p: LngLat) => `${p[0]},${p[1]}`;

interface Edge {
  from: LngLat;
  to: LngLat;
  used: boolean;
}

/** clockwise angle from direction `r` to direction `o`, in (0, 2π] */
function cwAngle(r: LngLat, o: LngLat): number {
  const ccw = Math.atan2(r[0] * o[1] - r[1] * o[0], r[0] * o[0] + r[1] * o[1]);
  const cw = -ccw;
  return cw <= 0 ? cw + 2 * Math.PI : cw;
}

/** the boundary edges of a group of lattice polygons with outer rings CCW and holes CW */
function boundaryEdges(polys: Poly[]): Edge[] {
  const count = new Map<string, { from: LngLat; to: LngLat; n: number }>();
  for (const p of polys)
    for (const r of orient(p))
      for (let i = 0; i + 1 < r.length; i++) {
        const back = count.get(`${key(r[i + 1])}>${key(r[i])}`);
        if (back && back.n > 0) back.n--;
        else {
          const k = `${key(r[i])}>${key(r[i + 1])}`;
          const e = count.get(k);
          if (e) e.n++;
          else count.set(k, { from: r[i], to: r[i + 1], n: 1 });
        }
      }
  const edges: Edge[] = [];
  const sorted = [...count.values()].sort(
    (a, b) =>
      a.from[0] - b.from[0] || a.from[1] - b.from[1] || a.to[0] - b.to[0] || a.to[1] - b.to[1]
  );
  for (const e of sorted)
    for (let k = 0; k < e.n; k++) edges.push({ from: e.from, to: e.to, used: false });
  return edges;
}

/**
 * Chains boundary edges into rings. Where several boundary edges leave one vertex (two parts of the group
 * touch at a point), the walk takes the first edge clockwise from where it came in, which keeps the
 * interior on its left and splits touching parts into separate rings instead of a figure of eight.
 */
function traceRings(edges: Edge[]): Ring[] {
  const out = new Map<string, Edge[]>();
  for (const e of edges) {
    const k = key(e.from);
    const list = out.get(k);
    if (list) list.push(e);
    else out.set(k, [e]);
  }
  const rings: Ring[] = [];
  for (const start of edges) {
    if (start.used) continue;
    const ring: LngLat[] = [start.from];
    let e = start;
    e.used = true;
    while (key(e.to) !== key(start.from)) {
      ring.push(e.to);
      const back: LngLat = [e.from[0] - e.to[0], e.from[1] - e.to[1]];
      const next = (out.get(key(e.to)) ?? [])
        .filter((x) => !x.used)
        .map((x) => ({ x, a: cwAngle(back, [x.to[0] - x.from[0], x.to[1] - x.from[1]]) }))
        .sort((m, n) => m.a - n.a)[0];
      if (!next)
        throw new Error(`dissolve: open boundary at ${e.to[0] / SCALE},${e.to[1] / SCALE}`);
      e = next.x;
      e.used = true;
    }
    ring.push(start.from);
    if (ring.length >= 4) rings.push(ring);
  }
  return rings;
}

/** assigns each hole (CW ring) to the smallest outer ring holding most of its vertices */
function assemble(rings: Ring[]): Poly[] {
  const outers = rings.filter((r) => ringArea(r) > 0).sort((a, b) => ringArea(b) - ringArea(a));
  const holes = rings.filter((r) => ringArea(r) < 0);
  const polys: Poly[] = outers.map((r) => [r]);
  for (const h of holes) {
    let best = -1;
    let bestScore = 0;
    outers.forEach((o, i) => {
      const [x0, y0, x1, y1] = bboxOf([o]);
      const [hx0, hy0, hx1, hy1] = bboxOf([h]);
      if (hx0 < x0 || hy0 < y0 || hx1 > x1 || hy1 > y1) return;
      const score = h.filter((v) => inPoly(v, [o])).length;
      if (
        score > bestScore ||
        (score === bestScore && best >= 0 && ringArea(o) < ringArea(outers[best]))
      ) {
        bestScore = score;
        best = i;
      }
    });
    if (best < 0) throw new Error('dissolve: a hole lies in no outer ring');
    polys[best].push(h);
  }
  return polys;
}

/** the union of polygons already on the shared lattice (output of snapTiling), in degrees */
export function dissolve(polys: Poly[]): Poly[] {
  const lattice = polys.map(toLattice);
  return assemble(traceRings(boundaryEdges(lattice))).map(fromLattice);
}
