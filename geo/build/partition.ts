/**
 * Splitting one polygon into n pieces: seed points, Lloyd relaxation, then Voronoi cells clipped to the
 * parent. Used for towns in the district, communities in a town and grids in a community, so the three
 * levels nest by construction.
 */
import { Delaunay } from 'd3-delaunay';
import type { LngLat } from '../../shared/district.ts';
import { intersectPolys, unionPolys } from './clip.ts';
import type { Rng } from '../random.ts';
import {
  bboxOf,
  clipConvex,
  inPoly,
  KX,
  polyArea,
  polyCentroid,
  ringArea,
  type Poly,
  type Ring
} from './rings.ts';

/** clipped pieces smaller than this (scaled deg², ~0.01 m²) are floating-point dust, not territory */
const DUST = 1e-12;

/**
 * Voronoi cells of `seeds`, bounded by a box a little larger than `bbox`. Computed with longitude scaled by
 * KX so cells are not stretched east–west, then mapped back to degrees. Rings are closed and CCW.
 */
export function voronoiCells(seeds: LngLat[], bbox: [number, number, number, number]): Ring[] {
  const pad = 0.01;
  const d = Delaunay.from(seeds.map(([x, y]) => [x * KX, y] as [number, number]));
  const v = d.voronoi([bbox[0] * KX - pad, bbox[1] - pad, bbox[2] * KX + pad, bbox[3] + pad]);
  return seeds.map((_, i) => {
    const cell = v.cellPolygon(i);
    if (!cell) throw new Error(`no Voronoi cell for seed ${i} (duplicate seed?)`);
    const ring = cell.map(([x, y]) => [x / KX, y] as LngLat);
    return ringArea(ring) > 0 ? ring : ring.reverse();
  });
}

function randomPointIn(parent: Poly, rng: Rng): LngLat {
  const [x0, y0, x1, y1] = bboxOf(parent);
  for (let tries = 0; tries < 100_000; tries++) {
    const p: LngLat = [rng.range(x0, x1), rng.range(y0, y1)];
    if (inPoly(p, parent)) return p;
  }
  throw new Error('could not sample a point inside a polygon');
}

function dist2(a: LngLat, b: LngLat): number {
  const dx = (a[0] - b[0]) * KX;
  const dy = a[1] - b[1];
  return dx * dx + dy * dy;
}

/**
 * Mitchell's best-candidate sampling: each new seed is the candidate farthest from the seeds already placed
 * (including `existing`), which spreads seeds evenly without a regular-lattice look.
 */
export function sampleSeeds(
  parent: Poly,
  n: number,
  rng: Rng,
  existing: LngLat[] = [],
  candidates = 12
): LngLat[] {
  const placed = [...existing];
  const out: LngLat[] = [];
  for (let i = 0; i < n; i++) {
    let best: LngLat | undefined;
    let bestD = -1;
    for (let k = 0; k < candidates; k++) {
      const c = randomPointIn(parent, rng);
      const d = placed.reduce((m, p) => Math.min(m, dist2(c, p)), Infinity);
      if (d > bestD) {
        bestD = d;
        best = c;
      }
    }
    out.push(best!);
    placed.push(best!);
  }
  return out;
}

/** the part of `parent` inside a convex cell, for relaxation maths only (see clipConvex) */
function clipToCell(parent: Poly, cell: Ring): Poly {
  const outer = clipConvex(parent[0], cell);
  if (!outer.length) return [];
  return [
    outer,
    ...parent
      .slice(1)
      .map((h) => clipConvex(h, cell))
      .filter((h) => h.length)
  ];
}

/**
 * Lloyd relaxation: move each movable seed to the centroid of its clipped cell, a few times, so pieces end
 * up similar in size and compact. A centroid outside a concave parent is not taken (the seed stays put).
 */
export function relax(
  parent: Poly,
  seeds: LngLat[],
  movable: (i: number) => boolean,
  iterations: number
): LngLat[] {
  let cur = seeds;
  if (seeds.length < 2) return seeds;
  const bbox = bboxOf(parent);
  for (let it = 0; it < iterations; it++) {
    const cells = voronoiCells(cur, bbox);
    cur = cur.map((s, i) => {
      if (!movable(i)) return s;
      const piece = clipToCell(parent, cells[i]);
      if (!piece.length || polyArea(piece) <= DUST) return s;
      const c = polyCentroid(piece);
      return inPoly(c, parent) ? c : s;
    });
  }
  return cur;
}

function perimeter(p: Poly): number {
  let s = 0;
  for (const r of p) for (let i = 0; i + 1 < r.length; i++) s += Math.sqrt(dist2(r[i], r[i + 1]));
  return s;
}

function overlaps(
  a: [number, number, number, number],
  b: [number, number, number, number]
): boolean {
  const e = 1e-9;
  return a[0] <= b[2] + e && b[0] <= a[2] + e && a[1] <= b[3] + e && b[1] <= a[3] + e;
}

/**
 * Cuts `parent` into one polygon per seed. A Voronoi cell clipped to a concave parent can fall apart into
 * several pieces; the piece holding the seed (or the largest) stays, and every other piece is merged into
 * the neighbour it shares the longest border with, so each result is a single polygon and the pieces still
 * tile the parent exactly.
 */
export function partition(parent: Poly, seeds: LngLat[]): Poly[] {
  if (seeds.length === 1) return [parent];
  const cells = voronoiCells(seeds, bboxOf(parent));
  const owned: Poly[] = [];
  const loose: Poly[] = [];
  cells.forEach((cell, i) => {
    const pieces = intersectPolys([parent], [[cell]]).filter((p) => polyArea(p) > DUST);
    if (!pieces.length) throw new Error(`seed ${i} owns no part of its parent`);
    let main = pieces.findIndex((p) => inPoly(seeds[i], p));
    if (main < 0) main = pieces.reduce((m, p, k) => (polyArea(p) > polyArea(pieces[m]) ? k : m), 0);
    owned.push(pieces[main]);
    pieces.forEach((p, k) => k !== main && loose.push(p));
  });

  // Largest leftovers first; a piece that only touches other leftovers waits for a later round.
  loose.sort((a, b) => polyArea(b) - polyArea(a));
  for (let pending = loose; pending.length;) {
    const waiting: Poly[] = [];
    for (const piece of pending) {
      const pb = bboxOf(piece);
      let best = -1;
      let bestShared = 1e-9;
      let bestUnion: Poly | undefined;
      owned.forEach((o, j) => {
        if (!overlaps(pb, bboxOf(o))) return;
        const u = unionPolys([o, piece]);
        if (u.length !== 1) return;
        const shared = (perimeter(o) + perimeter(piece) - perimeter(u[0])) / 2;
        if (shared > bestShared) {
          bestShared = shared;
          best = j;
          bestUnion = u[0];
        }
      });
      if (best >= 0) owned[best] = bestUnion!;
      else waiting.push(piece);
    }
    if (waiting.length === pending.length)
      throw new Error(`${waiting.length} clipped piece(s) touch no neighbour`);
    pending = waiting;
  }
  return owned;
}
