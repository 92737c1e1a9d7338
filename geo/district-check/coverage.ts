import Flatbush from 'flatbush';
import { difference, intersection, union, type Geom } from 'polyclip-ts';
import type { LngLat } from '../../shared/district.ts';
import type { BBox } from '../bbox.ts';
import { areaM2, chainAreaM2, polyAreaM2 } from './area.ts';
import { clipPolysToBox, insideBox } from './clip-rect.ts';
import { pointInside } from './interior-point.ts';
import {
  bboxOfPolys,
  boxesOverlap,
  inPolys,
  type MultiPoly,
  type Poly,
  type Ring
} from './polygons.ts';
import { SegmentChain } from './segments.ts';
import { TileGrid } from './tiles.ts';

/**
 * Full coverage, no blind spots: where the comprehensive grids leave part of the district uncovered (gaps),
 * cover it twice (overlaps) or spill beyond its outline. One boolean union of every grid is exact but takes 35 s
 * and 1.6 GB for 10,000 surveyed grids, so the work is cut three ways:
 *   1. edges that cancel (segments.ts) prove most of the district clean without any polygon operation;
 *   2. the district is cut into tiles of a few grids each; only tiles an uncancelled edge touches, or whose
 *      constant coverage count is wrong, are "dirty" (a clean tile's count is the same everywhere in it);
 *   3. in a dirty tile, the district and grids are clipped to the tile (clip-rect.ts) before polyclip runs,
 *      so each boolean operation sees a handful of small polygons.
 * Gap pieces cut by tile edges are stitched with one union at the end; overlaps and spill are summed per grid.
 */

/** pieces smaller than this (1 dm²) are floating-point dust from clipping, not slivers anyone drew */
export const NOISE_M2 = 0.01;

export interface CoverageGrid {
  /** the caller's index, echoed in results */
  id: number;
  /** oriented: outer rings counter-clockwise, holes clockwise */
  polys: MultiPoly;
}

export interface Piece {
  areaM2: number;
  lngLat: LngLat | null;
}
export interface GapPiece extends Piece {
  poly: Poly;
}
export interface OverlapPair extends Piece {
  a: number;
  b: number;
}
export interface Spill extends Piece {
  grid: number;
}
export interface CoverageFailure {
  grids: number[];
  lngLat: LngLat;
  error: string;
}

export interface CoverageResult {
  gaps: GapPiece[];
  overlaps: OverlapPair[];
  outside: Spill[];
  failures: CoverageFailure[];
  stats: { tiles: number; dirtyTiles: number; uncancelledEdges: number };
}

/**
 * `district` oriented like the grids; `masks` are areas to leave out of the gap report (the hulls of grids
 * whose geometry is invalid, so one bow-tie does not show as a gap around it).
 */
export function coverageOf(
  district: MultiPoly | null,
  grids: readonly CoverageGrid[],
  masks: readonly Ring[] = []
): CoverageResult {
  const boxes = grids.map((g) => bboxOfPolys(g.polys));
  const districtBox = district ? bboxOfPolys(district) : null;
  const chain = new SegmentChain(grids.reduce((s, g) => s + vertexCount(g.polys), 0));
  for (const g of grids) chain.addPolys(g.polys, 1);
  if (district) chain.addPolys(district, -1);
  const edges = chain.uncancelled();

  const extent = [districtBox, ...boxes].reduce<BBox>(
    (e, b) =>
      b
        ? [Math.min(e[0], b[0]), Math.min(e[1], b[1]), Math.max(e[2], b[2]), Math.max(e[3], b[3])]
        : e,
    [Infinity, Infinity, -Infinity, -Infinity]
  );
  const result: CoverageResult = {
    gaps: [],
    overlaps: [],
    outside: [],
    failures: [],
    stats: { tiles: 0, dirtyTiles: 0, uncancelledEdges: edges.count }
  };
  if (!(extent[2] >= extent[0]) || !(extent[3] >= extent[1])) return result;

  const tree = new Flatbush(Math.max(1, grids.length));
  for (const b of boxes) tree.add(b[0], b[1], b[2], b[3]);
  if (!grids.length) tree.add(0, 0, 0, 0);
  tree.finish();
  const countAt = (x: number, y: number) => {
    let n = 0;
    for (const k of tree.search(x, y, x, y))
      if (k < grids.length && inPolys(x, y, grids[k].polys)) n++;
    return n - (district && inPolys(x, y, district) ? 1 : 0);
  };

  const tiles = new TileGrid(extent, grids.length);
  for (let s = 0; s < edges.count; s++) {
    const c = edges.coords.subarray(s * 4, s * 4 + 4);
    tiles.markBox(
      Math.min(c[0], c[2]),
      Math.min(c[1], c[3]),
      Math.max(c[0], c[2]),
      Math.max(c[1], c[3])
    );
  }
  tiles.markWrongComponents(countAt);
  result.stats.tiles = tiles.count;

  const gapParts: MultiPoly = [];
  const pairs = new Map<number, Accumulator>();
  const spills = new Map<number, Accumulator>();
  for (const t of tiles.dirtyTiles()) {
    result.stats.dirtyTiles++;
    const box = tiles.box(t);
    const d =
      district && districtBox && boxesOverlap(districtBox, box)
        ? clipPolysToBox(district, box)
        : [];
    const parts: Part[] = [];
    for (const k of tree.search(box[0], box[1], box[2], box[3])) {
      if (k >= grids.length) continue;
      const g = grids[k];
      const polys = insideBox(g.polys, box) ? g.polys : clipPolysToBox(g.polys, box);
      if (polys.length)
        parts.push({ id: g.id, polys, bbox: bboxOfPolys(polys), areaM2: chainAreaM2(polys) });
    }
    if (!parts.length && !d.length) continue;
    try {
      tileCoverage(d, parts, gapParts, pairs, spills, grids.length);
    } catch (e) {
      const [x0, y0, x1, y1] = box;
      result.failures.push({
        grids: parts.map((p) => p.id),
        lngLat: [(x0 + x1) / 2, (y0 + y1) / 2],
        error: e instanceof Error ? e.message : String(e)
      });
    }
  }

  result.gaps = stitchGaps(gapParts, masks);
  for (const [key, acc] of pairs)
    result.overlaps.push({
      a: Math.floor(key / grids.length),
      b: key % grids.length,
      areaM2: acc.areaM2,
      lngLat: pointInside([acc.best])
    });
  for (const [grid, acc] of spills)
    result.outside.push({ grid, areaM2: acc.areaM2, lngLat: pointInside([acc.best]) });
  return result;
}

interface Part {
  id: number;
  polys: MultiPoly;
  bbox: BBox;
  /** signed chain area: exact even with clipping bridges */
  areaM2: number;
}

interface Accumulator {
  areaM2: number;
  best: Poly;
  bestM2: number;
}

/** One dirty tile: its gap pieces (to stitch later), overlapping pairs and spill, added to the accumulators. */
function tileCoverage(
  district: MultiPoly,
  parts: Part[],
  gapParts: MultiPoly,
  pairs: Map<number, Accumulator>,
  spills: Map<number, Accumulator>,
  n: number
): void {
  const covered = parts.length
    ? union(parts[0].polys as Geom, ...parts.slice(1).map((p) => p.polys as Geom))
    : [];
  if (district.length) {
    const gap = covered.length ? difference(district as Geom, covered) : union(district as Geom);
    for (const p of gap) gapParts.push(p as Poly);
  }
  if (!covered.length) return;

  const spill = district.length ? difference(covered, district as Geom) : covered;
  for (const piece of spill) {
    if (polyAreaM2(piece as Poly) < NOISE_M2) continue;
    const pieceBox = bboxOfPolys([piece as Poly]);
    for (const part of parts) {
      if (!boxesOverlap(part.bbox, pieceBox)) continue;
      addPieces(spills, part.id, intersection(part.polys as Geom, piece));
    }
  }

  // the parts' areas add up to the union's only when nothing is covered twice: skip the pairs otherwise
  const sum = parts.reduce((s, p) => s + p.areaM2, 0);
  if (sum - areaM2(covered as MultiPoly) <= NOISE_M2) return;
  for (let i = 0; i < parts.length; i++)
    for (let j = i + 1; j < parts.length; j++) {
      const a = parts[i];
      const b = parts[j];
      if (!boxesOverlap(a.bbox, b.bbox)) continue;
      const [lo, hi] = a.id < b.id ? [a.id, b.id] : [b.id, a.id];
      addPieces(pairs, lo * n + hi, intersection(a.polys as Geom, b.polys as Geom));
    }
}

function addPieces(acc: Map<number, Accumulator>, key: number, pieces: Geom): void {
  for (const p of pieces as MultiPoly) {
    const m2 = polyAreaM2(p);
    if (m2 < NOISE_M2) continue;
    const a = acc.get(key);
    if (!a) acc.set(key, { areaM2: m2, best: p, bestM2: m2 });
    else {
      a.areaM2 += m2;
      if (m2 > a.bestM2) {
        a.best = p;
        a.bestM2 = m2;
      }
    }
  }
}

/** Gap pieces cut by tile edges are joined again; masked areas are removed. */
function stitchGaps(parts: MultiPoly, masks: readonly Ring[]): GapPiece[] {
  const real = parts.filter((p) => polyAreaM2(p) > 0);
  if (!real.length) return [];
  let merged: MultiPoly;
  try {
    merged = union(real[0] as Geom, ...real.slice(1).map((p) => p as Geom)) as MultiPoly;
    if (masks.length && merged.length)
      merged = difference(merged as Geom, ...masks.map((r) => [r] as Geom)) as MultiPoly;
  } catch {
    // unstitched, a gap across a tile edge is reported in pieces: still every square metre of it
    merged = real;
  }
  return merged
    .map((p) => ({ areaM2: polyAreaM2(p), lngLat: pointInside([p]), poly: p }))
    .filter((g) => g.areaM2 >= NOISE_M2);
}

function vertexCount(polys: MultiPoly): number {
  let n = 0;
  for (const p of polys) for (const r of p) n += r.length;
  return n;
}
