import type { ImportOptions } from '../../shared/district-import.ts';
import { readGeoJson } from './read-geojson.ts';
import { readShapefile } from './read-shapefile.ts';
import { UnreadableError, type RawImport } from './raw.ts';

export { UnreadableError, type RawFeature, type RawImport } from './raw.ts';

/**
 * An imported file's bytes → raw features (attributes as the file names them, geometry in the file's own
 * coordinates) and what is known of its coordinate system. The format is told from the bytes, never from a file
 * name: a zip (`PK`) holds a shapefile, anything starting with `{` is GeoJSON.
 */

export function readImportFile(bytes: Uint8Array, options: ImportOptions): RawImport {
  if (bytes.length === 0) throw new UnreadableError('empty', 'the file is empty');
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return readShapefile(bytes, options);
  if (
    bytes.length >= 4 &&
    bytes[0] === 0 &&
    bytes[1] === 0 &&
    bytes[2] === 0x27 &&
    bytes[3] === 0x0a
  )
    throw new UnreadableError(
      'bare_shp',
      'this is a bare .shp: zip it together with its .dbf, .shx, .prj (and .cpg) and import the zip'
    );
  const { text, encoding } = decodeText(bytes);
  const first = text.trimStart()[0];
  if (first === '{') return { ...readGeoJson(text), encoding };
  throw new UnreadableError(
    'not_zip_or_geojson',
    `not a zipped shapefile or a GeoJSON file (it starts with bytes ${hex(bytes.subarray(0, 8))})`
  );
}

/** UTF-8 (RFC 7946), with or without a byte-order mark; GB18030 when the bytes are not valid UTF-8. */
function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  const body =
    bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    // some Chinese tools save GeoJSON in the system code page; GB18030 is a superset of GBK
    return { text: new TextDecoder('gb18030').decode(body), encoding: 'gb18030 (not valid UTF-8)' };
  }
}

function hex(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');
}
