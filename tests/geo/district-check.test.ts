import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { area as turfArea, booleanPointInPolygon, polygon } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import type { DistrictProblem } from '../../shared/district-import.ts';
import type { AreaFeature, DistrictCollection, LngLat } from '../../shared/district.ts';
import { checkDistrict } from '../../geo/district-check/index.ts';
import {
  blockRing,
  bowTie,
  CELL,
  cellArea,
  corner,
  gridCode,
  grownEast,
  inOtherTown,
  MARKET,
  recode,
  smallDistrict,
  TOWNS,
  withoutGrid
} from '../fixtures/district-files.ts';
import { latticeDistrict } from '../fixtures/lattice-district.ts';

const errors = (problems: DistrictProblem[]) => problems.filter((p) => p.severity === 'error');
const m2Of = (ring: LngLat[]) => turfArea(polygon([ring]));
const inside = (p: LngLat | null, ring: LngLat[]) =>
  !!p && booleanPointInPolygon(p, polygon([ring]));
const feature = (d: DistrictCollection, code: string) =>
  d.features.find((f) => f.properties.code === code)!;

describe('checkDistrict on a small clean district', () => {
  it('passes a clean tiling with its counts and no problems', () => {
    const report = checkDistrict(smallDistrict());
    expect(report).toEqual({
      ok: true,
      counts: { comprehensive: 16, specialised: 1, towns: 2, communities: 4 },
      problems: []
    });
  });

  it('reports a removed grid as one gap of its area, inside it, between its neighbours', () => {
    const report = checkDistrict(withoutGrid(smallDistrict(), gridCode(2, 2)));
    expect(report.ok).toBe(false);
    const gaps = report.problems.filter((p) => p.kind === 'gap');
    expect(gaps).toHaveLength(1);
    expect(gaps[0].severity).toBe('error');
    expect(gaps[0].areaM2! / m2Of(cellArea(2, 2))).toBeCloseTo(1, 1);
    expect(Math.abs(gaps[0].areaM2! / m2Of(cellArea(2, 2)) - 1)).toBeLessThan(0.02);
    expect(inside(gaps[0].lngLat, cellArea(2, 2))).toBe(true);
    expect(gaps[0].codes).toEqual(
      expect.arrayContaining([gridCode(1, 2), gridCode(3, 2), gridCode(2, 1), gridCode(2, 3)])
    );
    expect(report.problems.filter((p) => p.kind !== 'gap')).toEqual([]);
  });

  it('reports a grid grown into its neighbour as an overlap of the two, with the shared area', () => {
    const dLng = CELL[0] / 4;
    const report = checkDistrict(grownEast(smallDistrict(), gridCode(0, 1), dLng));
    const [x, y0] = corner(1, 1);
    const [, y1] = corner(1, 2);
    const shared: LngLat[] = [
      [x, y0],
      [x + dLng, y0],
      [x + dLng, y1],
      [x, y1],
      [x, y0]
    ];
    expect(errors(report.problems)).toHaveLength(1);
    const overlap = report.problems[0];
    expect(overlap).toMatchObject({
      kind: 'overlap',
      severity: 'error',
      codes: [gridCode(0, 1), gridCode(1, 1)].sort()
    });
    expect(Math.abs(overlap.areaM2! / m2Of(shared) - 1)).toBeLessThan(0.02);
    expect(inside(overlap.lngLat, shared)).toBe(true);
  });

  it('reports a grid grown beyond the outline as outside, with the spilled area', () => {
    const dLng = CELL[0] / 10;
    const report = checkDistrict(grownEast(smallDistrict(), gridCode(3, 0), dLng));
    const [x, y0] = corner(4, 0);
    const [, y1] = corner(4, 1);
    const beyond: LngLat[] = [
      [x, y0],
      [x + dLng, y0],
      [x + dLng, y1],
      [x, y1],
      [x, y0]
    ];
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({
      kind: 'outside',
      severity: 'error',
      codes: [gridCode(3, 0)]
    });
    expect(Math.abs(report.problems[0].areaM2! / m2Of(beyond) - 1)).toBeLessThan(0.02);
    expect(inside(report.problems[0].lngLat, beyond)).toBe(true);
  });

  it('reports a bow-tie grid as invalid geometry, and no gap or overlap around it', () => {
    const report = checkDistrict(bowTie(smallDistrict(), gridCode(1, 1)));
    expect(report.ok).toBe(false);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({
      kind: 'invalid_geometry',
      codes: [gridCode(1, 1)],
      reason: 'self_intersection'
    });
    expect(report.problems[0].message).toContain(gridCode(1, 1));
    expect(inside(report.problems[0].lngLat, cellArea(1, 1))).toBe(true);
  });

  it('names the reason for an unclosed ring, a short ring and a non-finite coordinate', () => {
    const d = smallDistrict();
    const ring = (code: string) => (feature(d, code).geometry.coordinates as LngLat[][])[0];
    ring(gridCode(0, 0)).pop();
    (feature(d, gridCode(1, 0)).geometry.coordinates as LngLat[][])[0] = ring(gridCode(1, 0)).slice(
      0,
      3
    );
    ring(gridCode(2, 0))[1] = [NaN, 31.3];
    const reasons = Object.fromEntries(
      checkDistrict(d)
        .problems.filter((p) => p.kind === 'invalid_geometry')
        .map((p) => [p.codes[0], p.reason])
    );
    expect(reasons).toEqual({
      [gridCode(0, 0)]: 'unclosed_ring',
      [gridCode(1, 0)]: 'short_ring',
      [gridCode(2, 0)]: 'non_finite'
    });
  });

  it('finds a crossing in a ring of 10,000 vertices', () => {
    const d = smallDistrict();
    const g = feature(d, gridCode(0, 0)) as AreaFeature & { geometry: { coordinates: LngLat[][] } };
    const [x0, y0] = corner(0, 0);
    const [x1, y1] = corner(1, 1);
    const n = 10_000;
    const south: LngLat[] = Array.from({ length: n }, (_, k) => [x0 + ((x1 - x0) * k) / n, y0]);
    // the last vertex of the west edge dips below the south edge: edges cross near the start
    const ring: LngLat[] = [
      ...south,
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0 + (x1 - x0) * 0.5, y0 - 0.0001],
      [x0, y0]
    ];
    g.geometry.coordinates = [ring];
    const bad = checkDistrict(d).problems.filter((p) => p.kind === 'invalid_geometry');
    expect(bad).toHaveLength(1);
    expect(bad[0].reason).toBe('self_intersection');
  });

  it('reports a code used twice, naming both features', () => {
    const report = checkDistrict(recode(smallDistrict(), gridCode(3, 3), gridCode(3, 2)));
    const dup = report.problems.filter((p) => p.kind === 'duplicate_code');
    expect(dup).toHaveLength(1);
    expect(dup[0].codes).toEqual([gridCode(3, 2)]);
    expect(dup[0].message).toMatch(/used by 2 features/);
  });

  it('reports a grid in the wrong town with the named town and the town that holds it', () => {
    const code = gridCode(1, 0);
    const report = checkDistrict(inOtherTown(smallDistrict(), code));
    const wrong = report.problems.filter((p) => p.kind === 'wrong_parent');
    expect(wrong[0]).toMatchObject({
      codes: [code, TOWNS[1].code, TOWNS[0].code],
      reason: 'town',
      severity: 'error'
    });
    expect(Math.abs(wrong[0].areaM2! / m2Of(cellArea(1, 0)) - 1)).toBeLessThan(0.02);
    expect(wrong.some((p) => p.reason === 'community')).toBe(true);
    expect(report.ok).toBe(false);
  });

  it('reports a community of another town, and a town that does not exist', () => {
    const d = smallDistrict();
    feature(d, gridCode(0, 0)).properties.communityCode = `${TOWNS[1].code}001`;
    feature(d, gridCode(0, 3)).properties.townCode = '320118009';
    const reasons = checkDistrict(d)
      .problems.filter((p) => p.kind === 'wrong_parent')
      .map((p) => [p.codes[0], p.reason]);
    expect(reasons).toContainEqual([gridCode(0, 0), 'community_not_in_town']);
    expect(reasons).toContainEqual([gridCode(0, 3), 'unknown_town']);
  });

  it('judges a specialised grid by its label point, so straddling a town border is fine', () => {
    const d = smallDistrict();
    expect(checkDistrict(d).ok).toBe(true);
    feature(d, MARKET).properties.townCode = TOWNS[1].code;
    const wrong = checkDistrict(d).problems.filter((p) => p.reason === 'town');
    expect(wrong).toHaveLength(1);
    expect(wrong[0]).toMatchObject({
      kind: 'wrong_parent',
      codes: [MARKET, TOWNS[1].code, TOWNS[0].code]
    });
  });

  it('reports a retired code coming back', () => {
    const report = checkDistrict(smallDistrict(), {
      retiredCodes: new Set([gridCode(0, 0), 'gone'])
    });
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({ kind: 'retired_code', codes: [gridCode(0, 0)] });
  });

  it('makes a gap under the sliver tolerance a warning, and an error when the tolerance is lower', () => {
    // a 1e-6° strip (about 0.1 m by 445 m, some 40 m²) between two grids
    const d = grownEast(smallDistrict(), gridCode(0, 2), -0.000001);
    const gap = (sliverM2: number) =>
      checkDistrict(d, { sliverM2 }).problems.filter((p) => p.kind === 'gap');
    expect(gap(100)).toHaveLength(1);
    expect(gap(100)[0].severity).toBe('warning');
    expect(checkDistrict(d, { sliverM2: 100 }).ok).toBe(true);
    expect(gap(10)[0].severity).toBe('error');
    expect(gap(10)[0].areaM2).toBeGreaterThan(30);
    expect(gap(10)[0].areaM2).toBeLessThan(60);
  });

  it('finds no gap when the outline is digitised on its own, without the grid corners', () => {
    const d = smallDistrict();
    const [x0, y0] = corner(0, 0);
    const [x1, y1] = corner(4, 4);
    feature(d, '320118').geometry.coordinates = [
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0]
      ]
    ];
    expect(checkDistrict(d).problems).toEqual([]);
  });

  it('accepts a grid with a hole filled by another grid, and a grid made of two parts', () => {
    const d = smallDistrict();
    const outer = feature(d, gridCode(0, 0));
    const [x0, y0] = corner(0, 0);
    const hole: LngLat[] = [
      [x0 + 0.001, y0 + 0.001],
      [x0 + 0.002, y0 + 0.001],
      [x0 + 0.002, y0 + 0.002],
      [x0 + 0.001, y0 + 0.002],
      [x0 + 0.001, y0 + 0.001]
    ];
    outer.geometry.coordinates = [cellArea(0, 0), [...hole].reverse()];
    d.features.push({
      type: 'Feature',
      properties: {
        ...outer.properties,
        code: `${gridCode(0, 0)}-in`,
        labelAt: [x0 + 0.0015, y0 + 0.0015]
      },
      geometry: { type: 'Polygon', coordinates: [hole] }
    });
    const two = feature(d, gridCode(3, 3));
    two.geometry = { type: 'MultiPolygon', coordinates: [[cellArea(3, 3)], [cellArea(3, 2)]] };
    d.features = d.features.filter((f) => f.properties.code !== gridCode(3, 2));
    expect(checkDistrict(d).problems).toEqual([]);
  });

  it('reports a district without an outline, and one with no grids as one big gap', () => {
    const d = smallDistrict();
    const noOutline = {
      ...d,
      features: d.features.filter((f) => f.properties.layer !== 'district')
    };
    expect(checkDistrict(noOutline).problems[0]).toMatchObject({
      kind: 'missing_field',
      reason: 'district'
    });
    const empty = { ...d, features: d.features.filter((f) => f.properties.layer !== 'grid') };
    const gaps = checkDistrict(empty).problems.filter((p) => p.kind === 'gap');
    expect(gaps).toHaveLength(1);
    expect(Math.abs(gaps[0].areaM2! / m2Of(blockRing(0, 0, 4, 4)) - 1)).toBeLessThan(0.02);
  });

  it('never throws on an empty collection', () => {
    const report = checkDistrict({ type: 'FeatureCollection', features: [] });
    expect(report.ok).toBe(false);
    expect(report.counts).toEqual({ comprehensive: 0, specialised: 0, towns: 0, communities: 0 });
  });
});

describe('checkDistrict at scale', () => {
  it('passes the reference district gaochun.json with slivers as warnings only', () => {
    const file = fileURLToPath(new URL('../../geo/data/gaochun.json', import.meta.url));
    const report = checkDistrict(JSON.parse(readFileSync(file, 'utf8')) as DistrictCollection);
    console.log(
      `gaochun.json: ${report.problems.length} warnings: ${report.problems.map((p) => `${p.kind} ${p.codes.join('/')} ${p.areaM2} m²`).join('; ')}`
    );
    expect(report.counts).toEqual({
      comprehensive: 704,
      specialised: 18,
      towns: 8,
      communities: 116
    });
    expect(report.ok).toBe(true);
    for (const p of report.problems) expect(p.areaM2!).toBeLessThan(10);
  });

  it('finds the one missing grid among 2,500 densely drawn grids', () => {
    const d = latticeDistrict({ nx: 50, ny: 50, perEdge: 12 });
    const gone = d.features.find((f) => f.properties.code.endsWith('-020-030'))!;
    const report = checkDistrict(withoutGrid(d, gone.properties.code));
    expect(report.problems).toHaveLength(1);
    const ring = (gone.geometry.coordinates as LngLat[][])[0];
    expect(report.problems[0].kind).toBe('gap');
    expect(Math.abs(report.problems[0].areaM2! / m2Of(ring) - 1)).toBeLessThan(0.02);
    expect(inside(report.problems[0].lngLat, ring)).toBe(true);
  });
});
