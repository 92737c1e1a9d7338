import { unzipSync } from 'fflate';
import iconv from 'iconv-lite';
import type { ImportOptions } from '../../shared/district-import.ts';
import { chooseEncoding, readDbf } from './dbf.ts';
import { POLYGON_TYPES, readShp, shapeTypeOf, SHAPE_TYPES } from './shp.ts';
import { UnreadableError, type RawFeature, type RawImport } from './raw.ts';

/** far more than a district's grids need (722 dense grids are tens of MB unpacked) */
const MAX_UNPACKED_BYTES = 512 * 2 ** 20;

/**
 * A zipped ESRI Shapefile. The layer may sit in any folder of the zip and its parts may be named in any case
 * (`网格.SHP`, `网格.dbf`); of several .shp files the one polygon layer is taken. Geometry is read by shp.ts,
 * attributes by dbf.ts.
 */

/** the parts of a layer that are read; nothing else in the zip is decompressed */
const PARTS = /\.(shp|dbf|prj|cpg)$/i;

export function readShapefile(bytes: Uint8Array, options: ImportOptions): RawImport {
  let entries: Record<string, Uint8Array>;
  const names: string[] = [];
  // a zip's sizes are read before anything is unpacked: a small zip that would unpack to gigabytes stops here
  let unpacked = 0;
  try {
    entries = unzipSync(bytes, {
      filter: (f) => {
        names.push(f.name);
        const take = PARTS.test(f.name) && !junk(f.name);
        if (take) unpacked += f.originalSize;
        return take && unpacked <= MAX_UNPACKED_BYTES;
      }
    });
  } catch (e) {
    throw new UnreadableError(
      'bad_zip',
      `not a readable zip: ${e instanceof Error ? e.message : String(e)}`
    );
  }
  if (unpacked > MAX_UNPACKED_BYTES)
    throw new UnreadableError(
      'too_large',
      `the shapefile parts unpack to ${Math.round(unpacked / 2 ** 20)} MB, more than ${MAX_UNPACKED_BYTES / 2 ** 20} MB`
    );
  const listed = names.filter((n) => !junk(n));
  if (!listed.length) throw new UnreadableError('empty_zip', 'the zip is empty');
  const files = Object.entries(entries).map(([path, data]) => ({
    path: displayName(path),
    key: path.toLowerCase(),
    data
  }));
  const shps = files.filter((f) => f.key.endsWith('.shp'));
  if (!shps.length)
    throw new UnreadableError(
      'no_shp',
      `no .shp in the zip (it holds ${listed
        .slice(0, 8)
        .map(displayName)
        .join(', ')}${listed.length > 8 ? ', …' : ''})`
    );
  const typed = shps.map((f) => ({ ...f, type: shapeTypeOf(f.data) }));
  const polygons = typed.filter((f) => POLYGON_TYPES.has(f.type));
  if (polygons.length !== 1) {
    const found = typed
      .map(
        (f) => `${f.path} (${SHAPE_TYPES[f.type] ?? (f.type < 0 ? 'truncated' : `type ${f.type}`)})`
      )
      .join(', ');
    throw new UnreadableError(
      polygons.length ? 'several_layers' : 'no_polygon_layer',
      polygons.length
        ? `several polygon layers in the zip: ${found}; zip one layer at a time`
        : `no polygon layer in the zip: ${found}`
    );
  }
  const shp = polygons[0];
  const base = shp.key.slice(0, -4);
  const part = (ext: string) => files.find((f) => f.key === `${base}.${ext}`)?.data;
  const dbf = part('dbf');
  const cpg = part('cpg');
  const prj = part('prj');

  const geometries = readShapes(shp.data, shp.path);
  const enc = chooseEncoding(cpg ? iconv.decode(cpg, 'latin1') : undefined, options.encoding, dbf);
  if (!enc.ok) throw new UnreadableError('encoding', enc.message);
  let fields: string[] = [];
  let records: Array<Record<string, unknown> | null> = geometries.map(() => ({}));
  if (dbf) {
    try {
      const table = readDbf(dbf, enc.encoding);
      fields = table.fields.map((f) => f.name);
      records = table.records;
    } catch (e) {
      throw new UnreadableError(
        'bad_dbf',
        `${shp.path}: the .dbf cannot be read: ${e instanceof Error ? e.message : String(e)}`
      );
    }
    if (records.length !== geometries.length)
      throw new UnreadableError(
        'record_count',
        `${shp.path} holds ${geometries.length} shapes but its .dbf holds ${records.length} records`
      );
  }
  const features: RawFeature[] = [];
  geometries.forEach((geometry, index) => {
    const properties = records[index];
    if (properties) features.push({ index, properties, geometry });
  });
  if (!features.length) throw new UnreadableError('no_shapes', `${shp.path} holds no shapes`);
  return {
    format: 'shapefile',
    features,
    fields,
    prj: prj ? iconv.decode(prj, 'utf8') : undefined,
    encoding: dbf ? `${enc.encoding} (${encodingSource(enc.from)})` : undefined,
    layer: shp.path
  };
}

function readShapes(data: Uint8Array, path: string): unknown[] {
  try {
    return readShp(data);
  } catch (e) {
    throw new UnreadableError(
      'bad_shp',
      `${path} cannot be read: ${e instanceof Error ? e.message : String(e)}`
    );
  }
}

function encodingSource(from: string): string {
  return from === 'cpg'
    ? 'from the .cpg'
    : from === 'option'
      ? 'as given'
      : from === 'detected'
        ? 'no .cpg: the text is UTF-8'
        : 'no .cpg: the default for Chinese GIS tools';
}

/** folders, and the resource forks macOS adds to a zip */
function junk(path: string): boolean {
  return path.endsWith('/') || path.startsWith('__MACOSX/') || /(^|\/)\._/.test(path);
}

/**
 * Zip tools on Chinese Windows store names in GBK without the UTF-8 flag, and fflate then reads them as Latin-1;
 * such a name is turned back into its bytes and read as GBK, for messages only.
 */
function displayName(path: string): string {
  if (!/[\x80-\xff]/.test(path) || /[^\x00-\xff]/.test(path)) return path;
  return iconv.decode(
    Uint8Array.from(path, (c) => c.charCodeAt(0)),
    'gbk'
  );
}
