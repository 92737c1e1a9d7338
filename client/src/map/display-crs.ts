import gcoord from 'gcoord';
import type { AreaFeature, DistrictCollection, LngLat } from '../../../shared/district.ts';
import type { DisplayCrsName } from '../../../shared/map-style.ts';

/**
 * Where things are drawn, against where they are. Gridwatch's data is WGS-84 everywhere; a basemap drawn in GCJ-02
 * (AMap-style tiles, `BASEMAP_CRS=gcj02`) would leave every unit half a kilometre off its road. So the map shifts
 * what it draws, and only that: the district source, every deck.gl layer's positions, the camera's targets and
 * the focus ring go through `toDisplay`; a click goes back through `fromDisplay` before it becomes a location.
 * One DisplayShift per map, picked from the style's metadata; for WGS-84 every call hands its input back.
 *
 * The conversion is gcoord's (its inverse iterates to about 0.1 m). Points outside China pass through unchanged.
 */

export type ToDisplay = (p: LngLat) => LngLat;

/** the binary input of a deck.gl PathLayer, as lib/unit-trails.ts builds it */
interface BinaryPaths {
  attributes: { getPath: { value: Float64Array; size: 2 } };
}

export interface DisplayShift {
  readonly crs: DisplayCrsName;
  /** WGS-84 tiles: nothing is shifted */
  readonly identity: boolean;
  toDisplay: ToDisplay;
  fromDisplay: ToDisplay;
  /** writes the display position of (lng, lat) at out[o], out[o + 1]; for typed arrays updated every frame */
  write(lng: number, lat: number, out: Float64Array, o: number): void;
  /** a line or ring, shifted (the same array for WGS-84) */
  path(points: readonly LngLat[]): LngLat[];
  /** polygon rings, shifted */
  rings(rings: readonly LngLat[][]): LngLat[][];
  /** [west, south, east, north] with its corners shifted */
  bounds(b: readonly [number, number, number, number]): [number, number, number, number];
  /** the district with every ring and label point shifted; made once per collection */
  collection(fc: DistrictCollection): DistrictCollection;
  /** binary paths with their vertices shifted; made once per input */
  binaryPaths<T extends BinaryPaths>(data: T): T;
}

export function displayShift(crs: DisplayCrsName): DisplayShift {
  return crs === 'gcj02' ? GCJ02 : WGS84;
}

/** GCJ-02 of a WGS-84 point */
export function wgs84ToGcj02(p: LngLat): LngLat {
  const [lng, lat] = gcoord.transform([p[0], p[1]], gcoord.WGS84, gcoord.GCJ02);
  return [lng, lat];
}

/** WGS-84 of a GCJ-02 point */
export function gcj02ToWgs84(p: LngLat): LngLat {
  const [lng, lat] = gcoord.transform([p[0], p[1]], gcoord.GCJ02, gcoord.WGS84);
  return [lng, lat];
}

const same = <T>(x: T): T => x;

const WGS84: DisplayShift = {
  crs: 'wgs84',
  identity: true,
  toDisplay: same,
  fromDisplay: same,
  write(lng, lat, out, o) {
    out[o] = lng;
    out[o + 1] = lat;
  },
  path: (points) => points as LngLat[],
  rings: (rings) => rings as LngLat[][],
  bounds: (b) => [b[0], b[1], b[2], b[3]],
  collection: same,
  binaryPaths: same
};

const shiftedCollections = new WeakMap<DistrictCollection, DistrictCollection>();
const shiftedPaths = new WeakMap<object, object>();

const GCJ02: DisplayShift = {
  crs: 'gcj02',
  identity: false,
  toDisplay: wgs84ToGcj02,
  fromDisplay: gcj02ToWgs84,
  write(lng, lat, out, o) {
    const [x, y] = gcoord.transform([lng, lat], gcoord.WGS84, gcoord.GCJ02);
    out[o] = x;
    out[o + 1] = y;
  },
  path: (points) => points.map(wgs84ToGcj02),
  rings: (rings) => rings.map((r) => r.map(wgs84ToGcj02)),
  bounds(b) {
    const [w, s] = wgs84ToGcj02([b[0], b[1]]);
    const [e, n] = wgs84ToGcj02([b[2], b[3]]);
    return [w, s, e, n];
  },
  collection(fc) {
    let out = shiftedCollections.get(fc);
    if (!out) {
      out = { ...fc, features: fc.features.map(shiftFeature) };
      shiftedCollections.set(fc, out);
    }
    return out;
  },
  binaryPaths(data) {
    let out = shiftedPaths.get(data) as typeof data | undefined;
    if (!out) {
      const from = data.attributes.getPath.value;
      const to = new Float64Array(from.length);
      for (let i = 0; i < from.length; i += 2) GCJ02.write(from[i], from[i + 1], to, i);
      out = {
        ...data,
        attributes: { ...data.attributes, getPath: { ...data.attributes.getPath, value: to } }
      };
      shiftedPaths.set(data, out);
    }
    return out;
  }
};

function shiftFeature(f: AreaFeature): AreaFeature {
  const g = f.geometry;
  const geometry =
    g.type === 'Polygon'
      ? { ...g, coordinates: GCJ02.rings(g.coordinates) }
      : { ...g, coordinates: g.coordinates.map((p) => GCJ02.rings(p)) };
  return {
    ...f,
    geometry,
    properties: { ...f.properties, labelAt: wgs84ToGcj02(f.properties.labelAt) }
  } as AreaFeature;
}
