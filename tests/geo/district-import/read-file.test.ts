import { unzipSync, zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { openShp } from 'shapefile';
import { describe, expect, it } from 'vitest';
import type { LngLat } from '../../../shared/district.ts';
import { readImportFile, UnreadableError } from '../../../geo/district-import/read-file.ts';
import { readShp } from '../../../geo/district-import/shp.ts';
import { chooseEncoding, codePage } from '../../../geo/district-import/dbf.ts';
import {
  gridRows,
  gridsGeoJson,
  shapefileZip,
  smallDistrict,
  writeDbf,
  writeShp
} from '../../fixtures/district-files.ts';

const rows = gridRows(smallDistrict());
const unreadable = (bytes: Uint8Array) => {
  try {
    readImportFile(bytes, {});
  } catch (e) {
    expect(e).toBeInstanceOf(UnreadableError);
    return (e as Error).message;
  }
  throw new Error('expected the file to be unreadable');
};

describe('readImportFile', () => {
  it('reads a zipped shapefile with a GBK table and no .cpg: Chinese field names and values come out right', () => {
    const raw = readImportFile(shapefileZip(rows), {});
    expect(raw.format).toBe('shapefile');
    expect(raw.fields).toEqual(['网格编码', '网格名称', '所属镇街', '网格类型']);
    expect(raw.features).toHaveLength(17);
    expect(raw.features[0].properties).toEqual({
      网格编码: rows[0].code,
      网格名称: '淳溪街道第1网格',
      所属镇街: '淳溪街道',
      网格类型: '综合网格'
    });
    expect(raw.features[16].properties.网格类型).toBe('专属网格');
    expect(raw.encoding).toMatch(/^gbk/);
    expect(raw.prj).toContain('CGCS2000_3_Degree_GK_CM_120E');
    expect(raw.layer).toBe('网格.shp');
  });

  it('honours a UTF-8 .cpg, and a .cpg naming code page 936', () => {
    const utf8 = readImportFile(shapefileZip(rows, { encoding: 'utf8', cpg: 'UTF-8' }), {});
    // 网格编码 is 12 bytes in UTF-8: dBASE keeps 10, and the half character left over is dropped
    expect(utf8.fields).toEqual(['网格编', '网格名', '所属镇', '网格类']);
    expect(utf8.features[1].properties.网格名).toBe('淳溪街道第2网格');
    expect(utf8.encoding).toMatch(/^utf8 \(from the \.cpg\)/);
    const gbk = readImportFile(shapefileZip(rows, { cpg: '936' }), {});
    expect(gbk.features[1].properties.网格名称).toBe('淳溪街道第2网格');
  });

  it('reads a UTF-8 table without a .cpg as UTF-8, and follows the encoding option', () => {
    const plain = readImportFile(shapefileZip(rows, { encoding: 'utf8' }), {});
    expect(plain.features[2].properties.所属镇).toBe('古柏街道');
    expect(plain.encoding).toMatch(/no \.cpg: the text is UTF-8/);
    const told = readImportFile(shapefileZip(rows, { encoding: 'utf8' }), { encoding: 'utf-8' });
    expect(told.features[2].properties.所属镇).toBe('古柏街道');
  });

  it('finds the layer in a folder with upper-case extensions, and takes the polygon layer of several', () => {
    const lines = writeShp([], 3);
    const zip = shapefileZip(rows, {
      path: '高淳/网格/GRIDS',
      extra: {
        'roads/道路.shp': lines.shp,
        'roads/道路.shx': lines.shx,
        '说明.txt': new Uint8Array([0x41])
      }
    });
    const renamed = zipSync(
      Object.fromEntries(
        Object.entries(unzipSync(zip)).map(([k, v]) => [
          k.replace(/\.(shp|dbf|prj)$/, (m) => m.toUpperCase()),
          v
        ])
      )
    );
    const raw = readImportFile(renamed, {});
    expect(raw.layer).toBe('高淳/网格/GRIDS.SHP');
    expect(raw.features).toHaveLength(17);
    expect(raw.prj).toContain('Gauss_Kruger');
  });

  it('reads the same rings as the shapefile package', async () => {
    const { shp } = writeShp(rows.map((r) => r.rings));
    const ours = readShp(shp);
    const source = await openShp(shp);
    const theirs: unknown[] = [];
    for (let r = await source.read(); !r.done; r = await source.read()) theirs.push(r.value);
    expect(ours).toEqual(theirs);
  });

  it('groups a counter-clockwise ring inside a shell as its hole, and a separate shell as a second part', () => {
    const outer: LngLat[] = [
      [0, 0],
      [0, 10],
      [10, 10],
      [10, 0],
      [0, 0]
    ];
    const hole: LngLat[] = [
      [2, 2],
      [4, 2],
      [4, 4],
      [2, 4],
      [2, 2]
    ];
    const apart: LngLat[] = [
      [20, 0],
      [20, 5],
      [25, 5],
      [25, 0],
      [20, 0]
    ];
    const { shp } = writeShp([[outer, hole, apart]]);
    const [g] = readShp(shp);
    expect(g?.type).toBe('MultiPolygon');
    expect(g?.coordinates).toHaveLength(2);
    expect((g?.coordinates as LngLat[][][])[0]).toHaveLength(2);
  });

  it('reads a GeoJSON FeatureCollection, our own format, and a GeoJSON with a byte-order mark', () => {
    const grids = readImportFile(gridsGeoJson(rows), {});
    expect(grids.format).toBe('geojson');
    expect(grids.fields).toEqual(['网格编码', '网格名称', '所属镇街', '网格类型']);
    const own = readImportFile(new TextEncoder().encode(JSON.stringify(smallDistrict())), {});
    expect(own.format).toBe('district');
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...gridsGeoJson(rows)]);
    expect(readImportFile(bom, {}).features).toHaveLength(17);
  });

  it('reads a GeoJSON saved in GBK', () => {
    const text = new TextDecoder().decode(gridsGeoJson(rows));
    const gbk = new Uint8Array(iconv.encode(text, 'gbk'));
    expect(readImportFile(gbk, {}).features[0].properties.网格名称).toBe('淳溪街道第1网格');
  });

  it('refuses garbage, an empty file, an empty zip, a zip without .shp and a bare .shp, saying why', () => {
    expect(unreadable(new Uint8Array([1, 2, 3, 4, 5]))).toMatch(
      /not a zipped shapefile or a GeoJSON file \(it starts with bytes 01 02 03/
    );
    expect(unreadable(new Uint8Array())).toMatch(/empty/);
    expect(unreadable(zipSync({}))).toMatch(/the zip is empty/);
    expect(unreadable(zipSync({ 'readme.txt': new Uint8Array([0x41]) }))).toMatch(
      /no \.shp in the zip \(it holds readme\.txt\)/
    );
    expect(unreadable(writeShp(rows.map((r) => r.rings)).shp)).toMatch(/bare \.shp/);
    expect(unreadable(new TextEncoder().encode('{"type":"Point","coordinates":[1,2]}'))).toMatch(
      /found type "Point"/
    );
    expect(unreadable(new TextEncoder().encode('{"type":'))).toMatch(/not valid JSON/);
    expect(unreadable(new Uint8Array([0x50, 0x4b, 3, 4, 1, 2]))).toMatch(/not a readable zip/);
  });

  it('refuses a zip of two polygon layers, and one of lines only', () => {
    const a = writeShp(rows.map((r) => r.rings));
    const lines = writeShp([], 3);
    expect(unreadable(zipSync({ 'a.shp': a.shp, 'b.shp': a.shp }))).toMatch(
      /several polygon layers in the zip: a\.shp \(Polygon\), b\.shp \(Polygon\)/
    );
    expect(unreadable(zipSync({ 'roads.shp': lines.shp }))).toMatch(
      /no polygon layer in the zip: roads\.shp \(PolyLine\)/
    );
  });

  it('refuses a table whose record count differs from the shapes, and a truncated .shp', () => {
    const { shp } = writeShp(rows.map((r) => r.rings));
    const dbf = writeDbf([{ name: 'code', length: 20 }], [['a']], 'gbk');
    expect(unreadable(zipSync({ 'g.shp': shp, 'g.dbf': dbf }))).toMatch(
      /holds 17 shapes but its \.dbf holds 1 records/
    );
    expect(unreadable(zipSync({ 'g.shp': shp.slice(0, 300) }))).toMatch(
      /g\.shp cannot be read: record \d+ is truncated/
    );
  });

  it('refuses a zip whose parts would unpack to more than it allows, before unpacking them', () => {
    const zip = shapefileZip(rows);
    // the central directory claims the .shp unpacks to 3 GB: a zip bomb's sizes are read before any inflating
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    for (let at = 0; at + 46 <= zip.length; at++) {
      if (view.getUint32(at, true) !== 0x02014b50) continue;
      const nameLength = view.getUint16(at + 28, true);
      const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength));
      if (name.toLowerCase().endsWith('.shp')) view.setUint32(at + 24, 3 * 2 ** 30, true);
    }
    expect(unreadable(zip)).toMatch(/unpack to 3072 MB/);
  });

  it('names code pages as GIS tools write them', () => {
    expect(
      [
        'UTF-8',
        'utf8',
        '65001',
        'GBK',
        '936',
        'ANSI 936',
        'CP936',
        'GB2312',
        'GB18030',
        '1252'
      ].map(codePage)
    ).toEqual(['utf8', 'utf8', 'utf8', 'gbk', 'gbk', 'gbk', 'gbk', 'gbk', 'gb18030', 'cp1252']);
    expect(chooseEncoding('klingon', undefined, undefined)).toMatchObject({ ok: false });
    expect(chooseEncoding(undefined, undefined, undefined)).toEqual({
      ok: true,
      encoding: 'gbk',
      from: 'default'
    });
  });
});
