import Flatbush from 'flatbush';
import { booleanPointInPolygon } from '@turf/turf';
import type { AreaFeature, DistrictCollection } from '../shared/district.ts';
import { bboxOf } from './bbox.ts';

/**
 * Point → area lookup: a packed R-tree over bounding boxes finds the few candidates, then an exact
 * point-in-polygon test decides. Comprehensive grids tile the district, so a point inside it has one grid; a point
 * on a shared border touches two, and the lower code wins so the answer never depends on input order.
 */

export interface GridHit {
  gridCode: string;
  gridName: string;
  townCode: string;
  communityCode: string;
}

export class GridLocator {
  readonly #grids: AreaFeature[];
  readonly #gridTree: Flatbush;
  readonly #special: AreaFeature[];
  readonly #specialTree: Flatbush | null;
  readonly #byCode = new Map<string, AreaFeature>();

  constructor(district: DistrictCollection) {
    for (const f of district.features) this.#byCode.set(f.properties.code, f);
    this.#grids = sortByCode(
      district.features.filter(
        (f) => f.properties.layer === 'grid' && f.properties.gridKind === 'comprehensive'
      )
    );
    if (this.#grids.length === 0)
      throw new Error('grid locator: the district has no comprehensive grids');
    this.#gridTree = indexOf(this.#grids);
    this.#special = sortByCode(
      district.features.filter(
        (f) => f.properties.layer === 'grid' && f.properties.gridKind === 'specialised'
      )
    );
    this.#specialTree = this.#special.length ? indexOf(this.#special) : null;
  }

  /** The comprehensive grid holding the point, or null when the point is outside the district. */
  locate(lng: number, lat: number): GridHit | null {
    const f = firstContaining(this.#grids, this.#gridTree, lng, lat);
    if (!f) return null;
    const p = f.properties;
    return {
      gridCode: p.code,
      gridName: p.name,
      townCode: p.townCode,
      communityCode: p.communityCode ?? ''
    };
  }

  /** Codes of the specialised grids over the point (zero or more). */
  specialisedAt(lng: number, lat: number): string[] {
    if (!this.#specialTree) return [];
    return this.#specialTree
      .search(lng, lat, lng, lat)
      .sort((a, b) => a - b)
      .filter((k) => booleanPointInPolygon([lng, lat], this.#special[k]))
      .map((k) => this.#special[k].properties.code);
  }

  area(code: string): AreaFeature | undefined {
    return this.#byCode.get(code);
  }

  get comprehensiveGrids(): readonly AreaFeature[] {
    return this.#grids;
  }

  get specialisedGrids(): readonly AreaFeature[] {
    return this.#special;
  }
}

function firstContaining(
  list: AreaFeature[],
  tree: Flatbush,
  lng: number,
  lat: number
): AreaFeature | null {
  // Flatbush returns candidates in tree order; sorting restores code order, which makes border ties deterministic
  const hits = tree.search(lng, lat, lng, lat).sort((a, b) => a - b);
  for (const k of hits) if (booleanPointInPolygon([lng, lat], list[k])) return list[k];
  return null;
}

function indexOf(list: AreaFeature[]): Flatbush {
  const tree = new Flatbush(list.length);
  for (const f of list) {
    const [minX, minY, maxX, maxY] = bboxOf(f);
    tree.add(minX, minY, maxX, maxY);
  }
  tree.finish();
  return tree;
}

function sortByCode(list: AreaFeature[]): AreaFeature[] {
  return [...list].sort((a, b) => (a.properties.code < b.properties.code ? -1 : 1));
}
