import Flatbush from 'flatbush';
import { booleanPointInPolygon } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { LngLat } from '../shared/district.ts';
import type { GridLocator } from './grid-locator.ts';
import { distanceM } from './unit-index.ts';

/**
 * Where a person can stand: inside a comprehensive grid of the district and not in open water. The simulator walks
 * its force and places its incidents by this, so nobody stands in a lake or beyond the district's outline.
 */

export type WaterBody = Feature<Polygon | MultiPolygon>;

/** spacing of the points a path is checked at: a straight step between two checked points can cut a corner of the shore by a few metres at most */
const PATH_STEP_M = 60;

export class Land {
  readonly #grids: GridLocator;
  readonly #water: WaterBody[];
  readonly #tree: Flatbush | null;

  constructor(grids: GridLocator, water: FeatureCollection<Polygon | MultiPolygon>) {
    this.#grids = grids;
    this.#water = water.features;
    this.#tree = this.#water.length ? indexOf(this.#water) : null;
  }

  /** Whether a point lies in a comprehensive grid and in no water body. */
  has(lng: number, lat: number): boolean {
    if (!this.#grids.locate(lng, lat)) return false;
    if (!this.#tree) return true;
    for (const k of this.#tree.search(lng, lat, lng, lat))
      if (booleanPointInPolygon([lng, lat], this.#water[k])) return false;
    return true;
  }

  /** Whether the straight way from a to b stays on land, checked every PATH_STEP_M and at both ends. */
  path(a: LngLat, b: LngLat): boolean {
    const n = Math.max(1, Math.ceil(distanceM(a[0], a[1], b[0], b[1]) / PATH_STEP_M));
    for (let k = 0; k <= n; k++) {
      const f = k / n;
      if (!this.has(a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f)) return false;
    }
    return true;
  }
}

/** how far to either side of the straight way a detour's turning point is tried, as shares of the way's length */
const DETOUR_SHARES = [0.15, 0.3, 0.5, 0.8];

/**
 * A way from a to b on land: b itself when the straight way stays on land, else one or two turning points beside
 * it (tried at growing distances to either side, around a lake or a bend of the outline) and then b. Null when no
 * such way is found; a walker then stays where it is.
 */
export function wayOnLand(land: Land, a: LngLat, b: LngLat, depth = 2): LngLat[] | null {
  if (land.path(a, b)) return [b];
  if (depth === 0) return null;
  const mid: LngLat = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  // the perpendicular in degrees, corrected for the shorter degree of longitude
  const k = Math.cos((mid[1] * Math.PI) / 180);
  const nx = -(b[1] - a[1]) / k;
  const ny = (b[0] - a[0]) * k;
  for (const share of DETOUR_SHARES) {
    for (const side of [1, -1]) {
      const turn: LngLat = [mid[0] + nx * share * side, mid[1] + ny * share * side];
      if (!land.has(turn[0], turn[1])) continue;
      const first = wayOnLand(land, a, turn, depth - 1);
      const second = first && wayOnLand(land, turn, b, depth - 1);
      if (first && second) return [...first, ...second];
    }
  }
  return null;
}

function indexOf(list: readonly WaterBody[]): Flatbush {
  const tree = new Flatbush(list.length);
  for (const f of list) {
    const rings = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const poly of rings)
      for (const [x, y] of poly[0]) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
    tree.add(x0, y0, x1, y1);
  }
  tree.finish();
  return tree;
}
