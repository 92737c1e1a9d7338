import type { LngLat } from '../../shared/district.ts';
import { inPoly, ringSignedArea2 } from '../district-check/polygons.ts';

/**
 * The geometry of a .shp file (ESRI Shapefile Technical Description, 1998), polygons only. Read here, not by the
 * `shapefile` package, because that package's API is promise-based and the import is one synchronous pure call
 * (the server and the CLI call it alike); the format is simple, and the tests check this reader against the
 * package on the same bytes. Rings are grouped the way the specification and the package do: clockwise rings
 * are shells, counter-clockwise rings are holes of the first shell that holds them.
 */

export const SHAPE_TYPES: Readonly<Record<number, string>> = {
  0: 'Null',
  1: 'Point',
  3: 'PolyLine',
  5: 'Polygon',
  8: 'MultiPoint',
  11: 'PointZ',
  13: 'PolyLineZ',
  15: 'PolygonZ',
  18: 'MultiPointZ',
  21: 'PointM',
  23: 'PolyLineM',
  25: 'PolygonM',
  28: 'MultiPointM',
  31: 'MultiPatch'
};

/** Polygon, PolygonZ and PolygonM: the same layout up to the points, which is all that is read */
export const POLYGON_TYPES: ReadonlySet<number> = new Set([5, 15, 25]);

export type ShpGeometry =
  | { type: 'Polygon'; coordinates: LngLat[][] }
  | { type: 'MultiPolygon'; coordinates: LngLat[][][] }
  | null;

/** The layer's shape type from the file header, or -1 when the file is too short to have one. */
export function shapeTypeOf(shp: Uint8Array): number {
  if (shp.length < 100) return -1;
  return new DataView(shp.buffer, shp.byteOffset, shp.byteLength).getInt32(32, true);
}

/** One geometry per record, null for a null shape. Throws with the record number when the file is damaged. */
export function readShp(shp: Uint8Array): ShpGeometry[] {
  const view = new DataView(shp.buffer, shp.byteOffset, shp.byteLength);
  if (shp.length < 100 || view.getInt32(0, false) !== 9994)
    throw new Error(
      `not a shapefile: ${shp.length} bytes, file code ${shp.length >= 4 ? view.getInt32(0, false) : 'missing'} (9994 expected)`
    );
  // the header's length is in 16-bit words; trust the bytes when a writer got it wrong
  const end = Math.min(shp.length, view.getInt32(24, false) * 2 || shp.length);
  const out: ShpGeometry[] = [];
  for (let o = 100; o + 8 <= end;) {
    const number = view.getInt32(o, false);
    const length = view.getInt32(o + 4, false) * 2;
    const start = o + 8;
    if (length < 4 || start + length > shp.length)
      throw new Error(
        `record ${number} is truncated (${length} bytes at offset ${start}, file ${shp.length} bytes)`
      );
    const type = view.getInt32(start, true);
    if (type === 0) out.push(null);
    else if (POLYGON_TYPES.has(type)) out.push(polygonRecord(view, start, length, number));
    else
      throw new Error(
        `record ${number} is a ${SHAPE_TYPES[type] ?? `type ${type}`} shape in a polygon layer`
      );
    o = start + length;
  }
  return out;
}

function polygonRecord(view: DataView, start: number, length: number, number: number): ShpGeometry {
  if (length < 44) throw new Error(`record ${number} is too short for a polygon (${length} bytes)`);
  const parts = view.getInt32(start + 36, true);
  const points = view.getInt32(start + 40, true);
  const first = start + 44;
  const xy = first + parts * 4;
  if (parts < 0 || points < 0 || xy + points * 16 > start + length)
    throw new Error(
      `record ${number} claims ${parts} parts and ${points} points, more than its ${length} bytes hold`
    );
  const rings: LngLat[][] = [];
  for (let p = 0; p < parts; p++) {
    const from = view.getInt32(first + p * 4, true);
    const to = p + 1 < parts ? view.getInt32(first + (p + 1) * 4, true) : points;
    if (from < 0 || to > points || to < from)
      throw new Error(`record ${number}: part ${p} spans points ${from}–${to} of ${points}`);
    const ring: LngLat[] = [];
    for (let i = from; i < to; i++)
      ring.push([view.getFloat64(xy + i * 16, true), view.getFloat64(xy + i * 16 + 8, true)]);
    rings.push(ring);
  }
  return assemble(rings);
}

/** Shells are clockwise; each hole goes to the first shell holding one of its points, or stands alone. */
function assemble(rings: LngLat[][]): ShpGeometry {
  const polygons: LngLat[][][] = [];
  const holes: LngLat[][] = [];
  for (const r of rings) {
    if (r.length >= 4 && ringSignedArea2(r) <= 0) polygons.push([r]);
    else holes.push(r);
  }
  for (const h of holes) {
    const shell = polygons.find((p) => h.some(([x, y]) => inPoly(x, y, [p[0]])));
    if (shell) shell.push(h);
    else polygons.push([h]);
  }
  if (!polygons.length) return null;
  return polygons.length === 1
    ? { type: 'Polygon', coordinates: polygons[0] }
    : { type: 'MultiPolygon', coordinates: polygons };
}
