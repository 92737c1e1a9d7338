import { difference, intersection, type Geom } from 'polyclip-ts';
import type { DistrictCollection, LngLat } from '../../shared/district.ts';
import { checkDistrict } from '../../geo/district-check/index.ts';
import { coverageOf } from '../../geo/district-check/coverage.ts';
import {
  cleanPolys,
  orientPoly,
  polysOf,
  type MultiPoly
} from '../../geo/district-check/polygons.ts';
import { GridLocator } from '../../geo/grid-locator.ts';
import { loadDistrict } from '../../server/district.ts';
import { latticeDistrict } from '../fixtures/lattice-district.ts';
import { fmt, line, percentile, timeEach } from './stats.ts';

/**
 * Validating an imported district ("full coverage, no blind spots"): the 722-grid reference district and a
 * synthetic 10,000-grid one drawn like survey data (a jittered lattice, 16 segments on every edge, 64 vertices a
 * grid), clean, with problems, and with an outline digitised on its own (no shared vertices along the border,
 * the slow path). Baselines in the same run: one polyclip call over every grid for the gaps, and every pair of
 * grids intersected without an index for the overlaps (timed on a sample of pairs, extrapolated). Then the heap a
 * GridLocator takes for 10,000 grids.
 */

export function benchDistrictCheck(): void {
  locatorMemory();
  const gaochun = loadDistrict().collection;
  const lattice = latticeDistrict({ nx: 100, ny: 100 });
  console.log(
    `district check: gaochun.json (${vertices(gaochun).toLocaleString('en-US')} grid vertices) and a 10,000-grid lattice (${vertices(lattice).toLocaleString('en-US')})`
  );

  const checked = new Map<DistrictCollection, number>();
  for (const [label, d, runs] of [
    ['gaochun 722 grids', gaochun, 7],
    ['lattice 10,000 grids, clean', lattice, 3],
    ['lattice, one grid gone, one grown', withProblems(lattice), 3],
    ['lattice, outline on its own', ownOutline(lattice), 3]
  ] as const) {
    checkDistrict(d);
    const us = timeEach(runs, () => checkDistrict(d));
    checked.set(d, percentile(us, 50) / 1000);
    const report = checkDistrict(d);
    const cov = coverageStats(d);
    line(label, {
      p50: `${fmt(percentile(us, 50) / 1000, 0)} ms`,
      problems: `${report.problems.length}`,
      tiles: `${cov.dirtyTiles}/${cov.tiles} dirty`,
      edges: `${cov.uncancelledEdges} uncancelled`
    });
  }

  // baselines: the gaps by one boolean difference over every grid, the overlaps by every pair without an index
  for (const [label, d] of [
    ['gaochun', gaochun],
    ['lattice 2,500 (50×50)', latticeDistrict({ nx: 50, ny: 50 })],
    ['lattice 10,000', lattice]
  ] as const) {
    const { district, grids } = shapes(d);
    const check =
      checked.get(d) ??
      percentile(
        timeEach(1, () => checkDistrict(d)),
        50
      ) / 1000;
    const t0 = performance.now();
    difference(district as Geom, ...grids.map((g) => g as Geom));
    const oneCall = performance.now() - t0;
    const pairs = (grids.length * (grids.length - 1)) / 2;
    const sample = Math.min(pairs, 2000);
    const t1 = performance.now();
    for (let k = 0; k < sample; k++) {
      const i = (k * 7919) % grids.length;
      const j = (i + 1 + ((k * 104729) % (grids.length - 1))) % grids.length;
      intersection(grids[i] as Geom, grids[j] as Geom);
    }
    const allPairsS = (((performance.now() - t1) / sample) * pairs) / 1000;
    line(`baseline ${label}`, {
      'whole check': `${fmt(check, 0)} ms`,
      'gaps in one call': `${fmt(oneCall, 0)} ms (${fmt(oneCall / check, 1)}×)`,
      'overlaps, all pairs': `${fmt(allPairsS, 0)} s (from ${sample} pairs; ${fmt((allPairsS * 1000) / check, 0)}×)`
    });
  }
}

/**
 * Memory a GridLocator over 10,000 grids holds beside the district it indexes: its arrays of features on the JS
 * heap, its two R-trees in ArrayBuffers (outside the heap). Five are built and kept, so noise averages out.
 */
function locatorMemory(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  const used = () => {
    gc?.();
    gc?.();
    const m = process.memoryUsage();
    return { heap: m.heapUsed, buffers: m.arrayBuffers };
  };
  const m0 = used();
  const d = latticeDistrict({ nx: 100, ny: 100 });
  const m1 = used();
  const kept = Array.from({ length: 5 }, () => new GridLocator(d));
  const m2 = used();
  const mib = (bytes: number) => `${fmt(bytes / 5 / 2 ** 20, 2)} MiB`;
  line('GridLocator, 10,000 grids', {
    heap: mib(m2.heap - m1.heap),
    'R-trees': mib(m2.buffers - m1.buffers),
    'the district itself': `${fmt((m1.heap - m0.heap) / 2 ** 20, 1)} MiB`,
    gc: gc ? 'yes' : 'no: approximate (NODE_OPTIONS=--expose-gc)'
  });
  if (kept.some((l) => l.comprehensiveGrids.length !== 10_000))
    throw new Error('a locator lost its grids');
}

function vertices(d: DistrictCollection): number {
  let n = 0;
  for (const f of d.features)
    if (f.properties.layer === 'grid') for (const p of polysOf(f)) for (const r of p) n += r.length;
  return n;
}

function shapes(d: DistrictCollection): { district: MultiPoly; grids: MultiPoly[] } {
  const outline = d.features.find((f) => f.properties.layer === 'district')!;
  return {
    district: cleanPolys(polysOf(outline)).map(orientPoly),
    grids: d.features
      .filter((f) => f.properties.gridKind === 'comprehensive')
      .map((f) => cleanPolys(polysOf(f)).map(orientPoly))
  };
}

function coverageStats(d: DistrictCollection) {
  const { district, grids } = shapes(d);
  return coverageOf(
    district,
    grids.map((polys, id) => ({ id, polys }))
  ).stats;
}

/** one grid removed and one grown east by a tenth of a cell into its neighbour */
function withProblems(d: DistrictCollection): DistrictCollection {
  const next = structuredClone(d);
  const grids = next.features.filter((f) => f.properties.layer === 'grid');
  next.features = next.features.filter((f) => f !== grids[4321]);
  const g = grids[1234];
  const ring = (g.geometry.coordinates as LngLat[][])[0];
  const east = Math.max(...ring.map((p) => p[0]));
  g.geometry.coordinates = [ring.map(([x, y]) => [x > east - 0.0008 ? x + 0.0003 : x, y])];
  return next;
}

/**
 * The district outline as the four corners of the lattice: the grids' wiggling border edges now cross it, in and
 * out, so the border is all slivers of gap and spill and every border tile takes the exact (slow) path.
 */
function ownOutline(d: DistrictCollection): DistrictCollection {
  const next = structuredClone(d);
  const outline = next.features.find((f) => f.properties.layer === 'district')!;
  const [x0, y0] = (outline.geometry.coordinates as LngLat[][])[0][0];
  const [x1, y1] = [x0 + 100 * 0.003, y0 + 100 * 0.0025];
  outline.geometry.coordinates = [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0]
    ]
  ];
  return next;
}
