import Flatbush from 'flatbush';
import type { LngLat } from '../../shared/district.ts';
import type { BBox } from '../bbox.ts';
import { bboxOfPolys, type MultiPoly, type Poly } from './polygons.ts';

/**
 * The grids around a gap, so a report can say "between 320118001-001-05 and -06" rather than only give a point:
 * a grid borders the gap when one of the gap's vertices lies within about a metre of the grid's boundary (a gap's
 * outline is made of its neighbours' edges and the district outline).
 */

/** about 1.1 m in latitude; longitude is scaled by cos(latitude) below */
const NEAR_DEG = 1e-5;
const MAX_CODES = 8;

export class GridBoxes {
  readonly #tree: Flatbush;
  readonly #grids: readonly { code: string; polys: MultiPoly }[];

  constructor(grids: readonly { code: string; polys: MultiPoly }[]) {
    this.#grids = grids;
    this.#tree = new Flatbush(Math.max(1, grids.length));
    for (const g of grids) {
      const b = bboxOfPolys(g.polys);
      this.#tree.add(b[0], b[1], b[2], b[3]);
    }
    if (!grids.length) this.#tree.add(0, 0, 0, 0);
    this.#tree.finish();
  }

  /** Codes of the grids bordering the piece, sorted, at most 8. */
  bordering(piece: Poly): string[] {
    const b: BBox = bboxOfPolys([piece]);
    const kx = Math.cos((((b[1] + b[3]) / 2) * Math.PI) / 180);
    const vertices = piece.flat();
    // the piece's vertices in an index, so a large gap costs each neighbour's edges a lookup, not a scan
    const points = new Flatbush(Math.max(1, vertices.length));
    for (const [x, y] of vertices) points.add(x, y, x, y);
    if (!vertices.length) points.add(0, 0, 0, 0);
    points.finish();
    const codes: string[] = [];
    const found = this.#tree.search(
      b[0] - NEAR_DEG,
      b[1] - NEAR_DEG,
      b[2] + NEAR_DEG,
      b[3] + NEAR_DEG
    );
    for (const k of found.sort((m, n) => m - n)) {
      if (k >= this.#grids.length || codes.length >= MAX_CODES) continue;
      if (touches(vertices, points, this.#grids[k].polys, kx)) codes.push(this.#grids[k].code);
    }
    return codes.sort();
  }
}

function touches(vertices: LngLat[], points: Flatbush, polys: MultiPoly, kx: number): boolean {
  const tol2 = NEAR_DEG * NEAR_DEG;
  const pad = NEAR_DEG / Math.max(kx, 0.01);
  for (const p of polys)
    for (const r of p)
      for (let i = 0; i + 1 < r.length; i++) {
        const [ax, ay] = r[i];
        const [bx, by] = r[i + 1];
        const near = points.search(
          Math.min(ax, bx) - pad,
          Math.min(ay, by) - NEAR_DEG,
          Math.max(ax, bx) + pad,
          Math.max(ay, by) + NEAR_DEG
        );
        for (const v of near) {
          if (v >= vertices.length) continue;
          if (dist2(vertices[v][0], vertices[v][1], ax, ay, bx, by, kx) <= tol2) return true;
        }
      }
  return false;
}

/** squared distance from p to segment ab, longitude scaled by kx */
function dist2(
  px: number,
  py: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
  kx: number
): number {
  const dx = (bx - ax) * kx;
  const dy = by - ay;
  const qx = (px - ax) * kx;
  const qy = py - ay;
  const len = dx * dx + dy * dy;
  const t = len ? Math.max(0, Math.min(1, (qx * dx + qy * dy) / len)) : 0;
  const ex = qx - t * dx;
  const ey = qy - t * dy;
  return ex * ex + ey * ey;
}
