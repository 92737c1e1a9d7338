import KDBush from 'kdbush';
import { around, distance } from 'geokdbush';

/** points per kd-tree leaf: small leaves mean fewer exact distances per query (measured best at 16 for 20k units) */
const NODE_SIZE = 16;

/**
 * A static spatial index over unit positions for "k nearest that pass a filter" queries.
 * Positions change every tick, so the owner rebuilds the index when it is stale; building is O(n log n) and a
 * query visits only the kd-tree nodes whose lower-bound distance can still beat the k-th best.
 */

export interface NearestHit {
  /** the position's index in the arrays the index was built from */
  i: number;
  distanceM: number;
}

export interface NearestOptions {
  limit: number;
  maxDistanceM?: number;
  /** called with the array index; only positions for which it returns true are returned */
  filter?: (i: number) => boolean;
}

export class UnitIndex {
  readonly #tree: KDBush;
  readonly #lng: Float64Array;
  readonly #lat: Float64Array;
  /** kd-tree id → array index: the tree numbers points in insertion order */
  readonly #ids: number[];

  /** `lng`/`lat` are read at build time and on each query; the caller must not change them while it uses this index. */
  constructor(
    lng: Float64Array,
    lat: Float64Array,
    count: number,
    present?: (i: number) => boolean
  ) {
    if (count > lng.length || count > lat.length) {
      throw new Error(`unit index: count ${count} exceeds arrays (${lng.length}, ${lat.length})`);
    }
    this.#lng = lng;
    this.#lat = lat;
    const ids: number[] = [];
    for (let i = 0; i < count; i++) if (!present || present(i)) ids.push(i);
    this.#tree = new KDBush(ids.length, NODE_SIZE);
    for (const i of ids) this.#tree.add(lng[i], lat[i]);
    this.#tree.finish();
    this.#ids = ids;
  }

  get size(): number {
    return this.#ids.length;
  }

  nearest(lng: number, lat: number, opts: NearestOptions): NearestHit[] {
    if (this.#ids.length === 0 || opts.limit <= 0) return [];
    const ids = this.#ids;
    const filter = opts.filter;
    const maxKm = opts.maxDistanceM === undefined ? Infinity : opts.maxDistanceM / 1000;
    const found = around(
      this.#tree,
      lng,
      lat,
      opts.limit,
      maxKm,
      filter ? (k) => filter(ids[k]) : undefined
    );
    return found.map((k) => {
      const i = ids[k];
      return { i, distanceM: distance(lng, lat, this.#lng[i], this.#lat[i]) * 1000 };
    });
  }
}

/** Great-circle distance in metres between two [lng, lat] points. */
export function distanceM(lng1: number, lat1: number, lng2: number, lat2: number): number {
  return distance(lng1, lat1, lng2, lat2) * 1000;
}
