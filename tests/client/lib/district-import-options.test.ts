import { describe, expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import {
  CRS_CHOICES,
  GEOJSON_TYPE,
  ZIP_TYPE,
  defaultFormValues,
  importQuery,
  toImportOptions,
  uploadTypeOf,
  type ImportFormValues
} from '../../../client/src/lib/district-import-options.ts';
import { ImportOptions } from '../../../shared/district-import.ts';

/**
 * The district import form to `POST /api/district/imports`: defaults are left out so the server's apply, what is
 * sent passes the shared schema the server checks, a bad EPSG code or tolerance is caught before uploading, and the
 * file's Content-Type comes from its name.
 */

function form(change: Partial<ImportFormValues> = {}): ImportFormValues {
  return { ...defaultFormValues(), ...change };
}

function options(v: ImportFormValues): ImportOptions {
  const res = toImportOptions(v);
  if (!res.ok) throw new Error(`form refused: ${res.problem}`);
  return res.options;
}

describe('toImportOptions', () => {
  it('sends nothing for the defaults: auto CRS, auto encoding, no field names, a 10 m² tolerance', () => {
    expect(options(form())).toEqual({});
    expect(importQuery(options(form()))).toBe('');
  });

  it('sends each named coordinate system as the server writes it, and none for auto', () => {
    const sent = CRS_CHOICES.filter((c) => c !== 'other').map((crs) => options(form({ crs })).crs);
    expect(sent).toEqual([undefined, 'wgs84', 'EPSG:4490', 'EPSG:4549', 'EPSG:3857', 'gcj02']);
  });

  it('reads another EPSG code typed as digits, with or without its prefix', () => {
    expect(options(form({ crs: 'other', epsg: '4528' })).crs).toBe('EPSG:4528');
    expect(options(form({ crs: 'other', epsg: ' epsg:4545 ' })).crs).toBe('EPSG:4545');
  });

  it('refuses another EPSG code that is blank, short or not a number', () => {
    for (const epsg of ['', '123', '4528a', 'CGCS2000', '123456']) {
      expect(toImportOptions(form({ crs: 'other', epsg })), epsg).toEqual({
        ok: false,
        problem: 'epsg'
      });
    }
  });

  it('ignores a typed EPSG code unless other is chosen', () => {
    expect(options(form({ crs: 'wgs84', epsg: 'junk' }))).toEqual({ crs: 'wgs84' });
  });

  it('sends field names trimmed and leaves blank ones to the defaults', () => {
    const v = form({
      fields: { code: ' WGBM ', name: '', kind: '  ', town: '所属街道', community: '' }
    });
    expect(options(v)).toEqual({ codeField: 'WGBM', townField: '所属街道' });
  });

  it('takes the tolerance as a number or as typed, blank for the default, 0 sent as 0', () => {
    expect(options(form({ sliverM2: '' }))).toEqual({});
    expect(options(form({ sliverM2: null }))).toEqual({});
    expect(options(form({ sliverM2: 10 }))).toEqual({});
    expect(options(form({ sliverM2: 0 }))).toEqual({ sliverM2: 0 });
    expect(options(form({ sliverM2: ' 2.5 ' }))).toEqual({ sliverM2: 2.5 });
  });

  it('refuses a tolerance below 0, above 1,000,000 m² or not a number', () => {
    for (const sliverM2 of [-1, 1_000_001, 'ten', Number.NaN]) {
      expect(toImportOptions(form({ sliverM2 })), String(sliverM2)).toEqual({
        ok: false,
        problem: 'sliver'
      });
    }
  });

  it('sends only what the shared schema accepts, for every choice', () => {
    for (const crs of CRS_CHOICES) {
      const v = form({
        crs,
        epsg: '4549',
        encoding: 'gbk',
        fields: { code: 'A', name: 'B', kind: 'C', town: 'D', community: 'E' },
        sliverM2: 0.5
      });
      expect(Value.Check(ImportOptions, options(v)), crs).toBe(true);
    }
  });
});

describe('importQuery', () => {
  it('writes every option in a fixed order, escaped', () => {
    const q = importQuery({
      sliverM2: 0,
      codeField: '网格编码',
      encoding: 'gbk',
      crs: 'EPSG:4549',
      communityField: 'SQ'
    });
    expect(q).toBe(
      '?crs=EPSG%3A4549&encoding=gbk&codeField=%E7%BD%91%E6%A0%BC%E7%BC%96%E7%A0%81&communityField=SQ&sliverM2=0'
    );
    const back = new URLSearchParams(q.slice(1));
    expect(back.get('codeField')).toBe('网格编码');
    expect(back.get('crs')).toBe('EPSG:4549');
  });

  it('ends with the file name, trimmed to 200 characters, and is empty for defaults and no name', () => {
    expect(importQuery({}, '高淳 网格&2025.zip')).toBe(
      `?file=${encodeURIComponent('高淳 网格&2025.zip').replace(/%20/g, '+')}`
    );
    expect(importQuery({ encoding: 'gbk' }, 'a.zip')).toBe('?encoding=gbk&file=a.zip');
    expect(importQuery({ sliverM2: 0.0000005 })).toBe('?sliverM2=0.000001');
    expect(importQuery({ sliverM2: 1_000_000 })).toBe('?sliverM2=1000000');
    const long = new URLSearchParams(importQuery({}, 'x'.repeat(300)).slice(1)).get('file');
    expect(long).toHaveLength(200);
    expect(importQuery({}, '  ')).toBe('');
  });
});

describe('uploadTypeOf', () => {
  it('sends a zip as application/zip and GeoJSON as application/geo+json, by the name first', () => {
    expect(uploadTypeOf('高淳网格.ZIP', '')).toBe(ZIP_TYPE);
    expect(uploadTypeOf('grids.zip', 'application/x-zip-compressed')).toBe(ZIP_TYPE);
    expect(uploadTypeOf('网格.geojson', '')).toBe(GEOJSON_TYPE);
    expect(uploadTypeOf('district.json', 'application/json')).toBe(GEOJSON_TYPE);
  });

  it('falls back to the type for a name without a known extension', () => {
    expect(uploadTypeOf('download', 'application/x-zip-compressed')).toBe(ZIP_TYPE);
    expect(uploadTypeOf('download', 'application/geo+json')).toBe(GEOJSON_TYPE);
  });

  it('refuses a bare .shp, a spreadsheet and a file of no type', () => {
    expect(uploadTypeOf('grids.shp', '')).toBeNull();
    expect(uploadTypeOf('grids.xlsx', 'application/vnd.ms-excel')).toBeNull();
    expect(uploadTypeOf('grids', '')).toBeNull();
  });
});
