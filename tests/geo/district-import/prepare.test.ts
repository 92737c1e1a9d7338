import { booleanPointInPolygon, distance } from '@turf/turf';
import gcoord from 'gcoord';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { AreaFeature, DistrictCollection, LngLat } from '../../../shared/district.ts';
import { prepareImport } from '../../../geo/district-import/index.ts';
import {
  encode,
  gridCode,
  gridRows,
  gridsGeoJson,
  MARKET,
  shapefileZip,
  smallDistrict,
  TOWNS,
  withoutGrid,
  type GridRow
} from '../../fixtures/district-files.ts';

const current = smallDistrict();
const rows = gridRows(current);
const grids = (d: DistrictCollection | null) =>
  (d?.features ?? []).filter((f) => f.properties.layer === 'grid');
const byCode = (d: DistrictCollection | null) =>
  new Map(grids(d).map((g) => [g.properties.code, g]));
const ring = (f: AreaFeature) => (f.geometry.coordinates as LngLat[][])[0];
const kinds = (problems: { kind: string }[]) => problems.map((p) => p.kind);

describe('prepareImport', () => {
  it('imports our own format as it is', () => {
    const { candidate, report, source } = prepareImport(encode(current), {}, null);
    expect(report).toEqual({
      ok: true,
      counts: { comprehensive: 16, specialised: 1, towns: 2, communities: 4 },
      problems: []
    });
    expect(candidate).toEqual(current);
    expect(source).toMatchObject({ format: 'district', crs: 'WGS-84', crsFrom: 'default' });
  });

  it('imports a zipped CGCS2000 Gauss–Krüger shapefile with a GBK table: codes, names, towns, kinds', () => {
    const { candidate, report, source } = prepareImport(shapefileZip(rows), {}, current);
    expect(report.problems).toEqual([]);
    expect(report.counts).toEqual({ comprehensive: 16, specialised: 1, towns: 2, communities: 4 });
    expect(source).toMatchObject({
      format: 'shapefile',
      crs: expect.stringContaining('EPSG:4549'),
      crsFrom: 'prj'
    });
    const before = byCode(current);
    for (const g of grids(candidate)) {
      const was = before.get(g.properties.code)!;
      expect(g.properties).toMatchObject({
        name: was.properties.name,
        townCode: was.properties.townCode,
        communityCode: was.properties.communityCode,
        gridKind: was.properties.gridKind
      });
      expect(booleanPointInPolygon(g.properties.labelAt, g as never)).toBe(true);
    }
    expect(candidate!.features.filter((f) => f.properties.layer !== 'grid')).toEqual(
      current.features.filter((f) => f.properties.layer !== 'grid')
    );
  });

  it('round-trips projected coordinates to WGS-84 within half a metre', () => {
    const { candidate } = prepareImport(shapefileZip(rows), {}, current);
    const after = byCode(candidate);
    let worst = 0;
    for (const r of rows) {
      const got = ring(after.get(r.code)!);
      expect(got).toHaveLength(r.rings[0].length);
      for (const p of r.rings[0])
        worst = Math.max(worst, Math.min(...got.map((q) => distance(p, q, { units: 'meters' }))));
    }
    expect(worst).toBeLessThan(0.5);
  });

  it('reports a grid left out of a shapefile as a gap of its area', () => {
    const code = gridCode(1, 2);
    const { report } = prepareImport(
      shapefileZip(gridRows(withoutGrid(current, code))),
      {},
      current
    );
    expect(kinds(report.problems)).toEqual(['gap']);
    const cell = 0.005 * 0.004 * 111_195 ** 2 * Math.cos((31.29 * Math.PI) / 180);
    expect(Math.abs(report.problems[0].areaM2! / cell - 1)).toBeLessThan(0.02);
  });

  it('maps English field names and values, town codes, and places grids without a community by area', () => {
    const names = { code: 'GRIDCODE', name: 'NAME', town: 'TOWN_CODE', kind: 'TYPE' };
    const english = rows.map((r) => ({
      ...r,
      town: current.features.find((f) => f.properties.code === r.code)!.properties.townCode,
      kind: r.kind === '专属网格' ? 'specialized' : 'comprehensive'
    }));
    const { candidate, report } = prepareImport(gridsGeoJson(english, names), {}, current);
    expect(report.ok).toBe(true);
    expect(byCode(candidate).get(MARKET)!.properties).toMatchObject({
      gridKind: 'specialised',
      townCode: TOWNS[0].code,
      communityCode: `${TOWNS[0].code}001`
    });
    expect(byCode(candidate).get(gridCode(3, 3))!.properties.communityCode).toBe(
      `${TOWNS[1].code}002`
    );
  });

  it('places a grid that names no town where most of its area lies', () => {
    const names = { code: 'code', name: 'name', town: 'unused', kind: 'kind' };
    const noTown: GridRow[] = rows.map((r) => ({ ...r, town: '' }));
    const { candidate, report } = prepareImport(gridsGeoJson(noTown, names), {}, current);
    expect(report.ok).toBe(true);
    for (const g of grids(candidate))
      expect(g.properties.townCode).toBe(
        byCode(current).get(g.properties.code)!.properties.townCode
      );
  });

  it('matches a town by its name without the suffix, and reports a town the district does not have', () => {
    const short = rows.map((r) => ({ ...r, town: r.town.replace('街道', '') }));
    expect(prepareImport(gridsGeoJson(short), {}, current).report.ok).toBe(true);
    const odd = rows.map((r, k) => (k === 0 ? { ...r, town: '月球镇' } : r));
    const { report } = prepareImport(gridsGeoJson(odd), {}, current);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({
      kind: 'wrong_parent',
      reason: 'unknown_town',
      codes: [rows[0].code, '月球镇', TOWNS[0].code]
    });
  });

  it('takes field names from the options, and reports one the file does not have', () => {
    const names = { code: '编号X', name: '叫法', town: '归属', kind: '种类' };
    const file = gridsGeoJson(rows, names);
    const told = prepareImport(
      file,
      { codeField: '编号X', nameField: '叫法', townField: '归属', kindField: '种类' },
      current
    );
    expect(told.report.problems).toEqual([]);
    const wrong = prepareImport(file, { codeField: '编号X', communityField: '社区X' }, current);
    expect(wrong.report.problems.find((p) => p.reason === 'community')).toMatchObject({
      kind: 'missing_field',
      message: expect.stringContaining('the community field "社区X" is not in the file')
    });
  });

  it('reports a file without a code field, and keeps checking its geometry under stand-in codes', () => {
    const names = { code: 'nothing', name: 'name', town: 'town', kind: 'kind' };
    const { candidate, report } = prepareImport(gridsGeoJson(rows, names), {}, current);
    expect(report.ok).toBe(false);
    const missing = report.problems.filter((p) => p.kind === 'missing_field');
    expect(missing[0]).toMatchObject({
      reason: 'code',
      message: expect.stringContaining('no grid code field')
    });
    expect(grids(candidate).map((g) => g.properties.code)).toContain('#1');
    expect(kinds(report.problems)).not.toContain('gap');
  });

  it('reports a kind it does not know, and a feature that is not a polygon', () => {
    const file = JSON.parse(new TextDecoder().decode(gridsGeoJson(rows)));
    file.features[0].properties.网格类型 = '特别网格';
    file.features.push({
      type: 'Feature',
      properties: { 网格编码: 'P1' },
      geometry: { type: 'Point', coordinates: [118.9, 31.3] }
    });
    const { report } = prepareImport(encode(file), {}, current);
    expect(report.problems.find((p) => p.reason === 'kind')).toMatchObject({
      kind: 'missing_field',
      codes: [rows[0].code]
    });
    expect(report.problems.find((p) => p.reason === 'geometry_type')).toMatchObject({
      kind: 'invalid_geometry',
      codes: []
    });
  });

  it('carries population over by code', () => {
    const withPopulation = structuredClone(current);
    grids(withPopulation)[0].properties.population = 1234;
    const { candidate } = prepareImport(gridsGeoJson(rows), {}, withPopulation);
    expect(grids(candidate)[0].properties.population).toBe(1234);
  });

  it('converts GCJ-02 when told, to within half a metre', () => {
    const shifted = rows.map((r) => ({
      ...r,
      rings: r.rings.map((ring) =>
        ring.map((p) => gcoord.transform(p, gcoord.WGS84, gcoord.GCJ02) as LngLat)
      )
    }));
    const { candidate, report } = prepareImport(gridsGeoJson(shifted), { crs: 'gcj02' }, current);
    expect(report.ok).toBe(true);
    const p = ring(byCode(candidate).get(rows[5].code)!)[0];
    expect(distance(p, rows[5].rings[0][0], { units: 'meters' })).toBeLessThan(0.5);
  });

  it('says how to fix projected coordinates declared as degrees, and grids far from the district', () => {
    const noPrj = prepareImport(shapefileZip(rows, { prj: null }), {}, current);
    expect(noPrj.report.ok).toBe(false);
    expect(noPrj.report.problems).toHaveLength(1);
    expect(noPrj.report.problems[0]).toMatchObject({
      kind: 'unreadable',
      reason: 'implausible',
      message: expect.stringMatching(/look projected.*EPSG:4549/)
    });
    const wrongZone = prepareImport(shapefileZip(rows), { crs: 'EPSG:4548' }, current);
    expect(wrongZone.candidate).toBeNull();
    expect(wrongZone.report.problems).toHaveLength(1);
    expect(wrongZone.report.problems[0]).toMatchObject({
      kind: 'unreadable',
      reason: 'far_away',
      message: expect.stringMatching(/about 28\d km from the current district.*EPSG:4549/)
    });
  });

  it('answers an unreadable file with one unreadable problem, a reason token and no candidate', () => {
    const cases: Array<[Uint8Array, string]> = [
      [new Uint8Array([0xde, 0xad, 0xbe, 0xef]), 'not_zip_or_geojson'],
      [zipSync({}), 'empty_zip'],
      [zipSync({ 'a.txt': new Uint8Array([1]) }), 'no_shp'],
      [new Uint8Array([0x50, 0x4b, 3, 4, 9, 9]), 'bad_zip'],
      [encode({ type: 'FeatureCollection', features: [] }), 'no_features'],
      [shapefileZip(rows, { prj: 'LOCAL_CS["site"]' }), 'unknown_crs']
    ];
    for (const [bytes, reason] of cases) {
      const { candidate, report } = prepareImport(bytes, {}, current);
      expect(candidate).toBeNull();
      expect(report.ok).toBe(false);
      expect(report.problems).toHaveLength(1);
      expect(report.problems[0]).toMatchObject({ kind: 'unreadable', reason });
    }
  });

  it('never throws on damaged input: truncated zips and JSON, flipped bytes', () => {
    const zip = shapefileZip(rows);
    const json = gridsGeoJson(rows);
    let seed = 7;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let k = 0; k < 60; k++) {
      const src = k % 2 ? zip : json;
      const cut = src.slice(0, Math.floor(rand() * src.length));
      const flipped = src.slice();
      for (let n = 0; n < 5; n++) flipped[Math.floor(rand() * flipped.length)] ^= 0xff;
      for (const bytes of [cut, flipped])
        expect(() => prepareImport(bytes, {}, current)).not.toThrow();
    }
  });

  it('reads the grids of a file as wholly new when there is no current district, and says the outline is missing', () => {
    const { report } = prepareImport(gridsGeoJson(rows), {}, null);
    expect(report.ok).toBe(false);
    expect(report.problems.find((p) => p.reason === 'district')).toMatchObject({
      kind: 'missing_field'
    });
  });
});
