import Flatbush from 'flatbush';
import { intersection, type Geom } from 'polyclip-ts';
import type { LngLat } from '../../shared/district.ts';
import type { BBox } from '../bbox.ts';
import { areaM2 } from './area.ts';
import { clipPolysToBox } from './clip-rect.ts';
import { pointInside } from './interior-point.ts';
import { bboxOfPolys, inPolys, type MultiPoly } from './polygons.ts';

/**
 * Which town (or community) holds how much of a grid. A town whose boundary does not enter the grid's interior
 * either holds all of the grid or none of it, and one point inside the grid tells which. In a surveyed district
 * town borders run along grid edges, so the boundary segments near a grid are mostly the grid's own edges (shared)
 * or lie outside it; only a town whose boundary really cuts through the grid needs an exact intersection, and
 * then only with the part of the town inside the grid's box. Boundaries are found through a packed R-tree over
 * their segments.
 */

export interface Owner {
  code: string;
  polys: MultiPoly;
}

export interface Share {
  /** index into the owners given */
  owner: number;
  areaM2: number;
}

export class OwnerIndex {
  readonly owners: readonly Owner[];
  readonly #tree: Flatbush;
  readonly #segTree: Flatbush;
  readonly #segOwner: Int32Array;
  readonly #seg: Float64Array;

  constructor(owners: readonly Owner[]) {
    this.owners = owners;
    this.#tree = new Flatbush(Math.max(1, owners.length));
    for (const o of owners) {
      const b = bboxOfPolys(o.polys);
      this.#tree.add(b[0], b[1], b[2], b[3]);
    }
    if (!owners.length) this.#tree.add(0, 0, 0, 0);
    this.#tree.finish();
    let n = 0;
    for (const o of owners)
      for (const p of o.polys) for (const r of p) n += Math.max(0, r.length - 1);
    this.#segTree = new Flatbush(Math.max(1, n));
    this.#segOwner = new Int32Array(Math.max(1, n));
    this.#seg = new Float64Array(Math.max(1, n) * 4);
    let s = 0;
    owners.forEach((o, k) => {
      for (const p of o.polys)
        for (const r of p)
          for (let i = 0; i + 1 < r.length; i++) {
            const [ax, ay] = r[i];
            const [bx, by] = r[i + 1];
            this.#segTree.add(
              Math.min(ax, bx),
              Math.min(ay, by),
              Math.max(ax, bx),
              Math.max(ay, by)
            );
            this.#seg.set([ax, ay, bx, by], s * 4);
            this.#segOwner[s++] = k;
          }
    });
    if (!n) this.#segTree.add(0, 0, 0, 0);
    this.#segTree.finish();
  }

  /** The owner holding the point, or -1. */
  at(lngLat: LngLat): number {
    const [x, y] = lngLat;
    for (const k of this.#tree.search(x, y, x, y))
      if (k < this.owners.length && inPolys(x, y, this.owners[k].polys)) return k;
    return -1;
  }

  /** Area of the polygons inside each owner that holds any of it (or only owner `only`), largest first. */
  shares(polys: MultiPoly, only?: number): Share[] {
    const box = bboxOfPolys(polys);
    const crossing = this.#crossing(box);
    let edges: Float64Array | undefined;
    let probe: LngLat | null | undefined;
    let total: number | undefined;
    const out: Share[] = [];
    for (const k of this.#tree.search(box[0], box[1], box[2], box[3])) {
      if (k >= this.owners.length || (only !== undefined && k !== only)) continue;
      const near = crossing.get(k);
      edges ??= near ? edgesOf(polys) : undefined;
      let m2: number;
      const exact =
        near && entersInterior(this.#seg, near, edges!, polys) ? this.#exact(polys, k, box) : null;
      if (exact !== null) m2 = exact;
      else {
        if (probe === undefined) probe = pointInside(polys);
        total ??= areaM2(polys);
        m2 = probe && inPolys(probe[0], probe[1], this.owners[k].polys) ? total : 0;
      }
      if (m2 > 0) out.push({ owner: k, areaM2: m2 });
    }
    return out.sort((a, b) => b.areaM2 - a.areaM2 || a.owner - b.owner);
  }

  /** Area of the polygons inside owner k, exactly; null when the boolean operation fails on odd geometry. */
  #exact(polys: MultiPoly, k: number, box: BBox): number | null {
    const part = clipPolysToBox(this.owners[k].polys, box);
    if (!part.length) return 0;
    try {
      return areaM2(intersection(polys as Geom, part as Geom) as MultiPoly);
    } catch {
      // the probe point still says where most of it lies; a report must not fail on one grid
      return null;
    }
  }

  /** the boundary segments in the box, by owner */
  #crossing(box: BBox): Map<number, number[]> {
    const map = new Map<number, number[]>();
    for (const s of this.#segTree.search(box[0], box[1], box[2], box[3])) {
      const k = this.#segOwner[s];
      const list = map.get(k);
      if (list) list.push(s);
      else map.set(k, [s]);
    }
    return map;
  }
}

function edgesOf(polys: MultiPoly): Float64Array {
  let n = 0;
  for (const p of polys) for (const r of p) n += r.length - 1;
  const e = new Float64Array(n * 4);
  let k = 0;
  for (const p of polys)
    for (const r of p)
      for (let i = 0; i + 1 < r.length; i++) {
        e[k++] = r[i][0];
        e[k++] = r[i][1];
        e[k++] = r[i + 1][0];
        e[k++] = r[i + 1][1];
      }
  return e;
}

/**
 * Whether any of the owner's boundary segments may pass through the grid's interior. A segment that is one of the
 * grid's own edges does not; one that neither crosses nor touches an edge's interior, and whose midpoint is
 * outside, lies wholly outside. Anything less clear-cut answers true, and the caller measures exactly.
 */
function entersInterior(
  seg: Float64Array,
  ids: readonly number[],
  edges: Float64Array,
  polys: MultiPoly
): boolean {
  for (const s of ids) {
    const ax = seg[s * 4];
    const ay = seg[s * 4 + 1];
    const bx = seg[s * 4 + 2];
    const by = seg[s * 4 + 3];
    let shared = false;
    for (let e = 0; e < edges.length; e += 4) {
      const cx = edges[e];
      const cy = edges[e + 1];
      const dx = edges[e + 2];
      const dy = edges[e + 3];
      if (
        (ax === cx && ay === cy && bx === dx && by === dy) ||
        (ax === dx && ay === dy && bx === cx && by === cy)
      ) {
        shared = true;
        break;
      }
      if (meets(ax, ay, bx, by, cx, cy, dx, dy)) return true;
    }
    if (!shared && inPolys((ax + bx) / 2, (ay + by) / 2, polys)) return true;
  }
  return false;
}

/** segments cross, overlap, or one's end lies inside the other (meeting at a common end is fine) */
function meets(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number
): boolean {
  if (Math.max(ax, bx) < Math.min(cx, dx) || Math.max(cx, dx) < Math.min(ax, bx)) return false;
  if (Math.max(ay, by) < Math.min(cy, dy) || Math.max(cy, dy) < Math.min(ay, by)) return false;
  const o1 = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  const o2 = (bx - ax) * (dy - ay) - (by - ay) * (dx - ax);
  const o3 = (dx - cx) * (ay - cy) - (dy - cy) * (ax - cx);
  const o4 = (dx - cx) * (by - cy) - (dy - cy) * (bx - cx);
  if (o1 * o2 < 0 && o3 * o4 < 0) return true;
  // an end of one lying on the other, other than at an end they share
  if (o1 === 0 && within(cx, cy, ax, ay, bx, by) && !isEnd(cx, cy, ax, ay, bx, by)) return true;
  if (o2 === 0 && within(dx, dy, ax, ay, bx, by) && !isEnd(dx, dy, ax, ay, bx, by)) return true;
  if (o3 === 0 && within(ax, ay, cx, cy, dx, dy) && !isEnd(ax, ay, cx, cy, dx, dy)) return true;
  if (o4 === 0 && within(bx, by, cx, cy, dx, dy) && !isEnd(bx, by, cx, cy, dx, dy)) return true;
  return false;
}

function within(px: number, py: number, ax: number, ay: number, bx: number, by: number): boolean {
  return (
    px >= Math.min(ax, bx) &&
    px <= Math.max(ax, bx) &&
    py >= Math.min(ay, by) &&
    py <= Math.max(ay, by)
  );
}

function isEnd(px: number, py: number, ax: number, ay: number, bx: number, by: number): boolean {
  return (px === ax && py === ay) || (px === bx && py === by);
}
