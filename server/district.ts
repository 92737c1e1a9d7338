import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DistrictCollection } from '../shared/district.ts';
import { GridLocator } from '../geo/grid-locator.ts';
import { bboxOf, type BBox } from '../geo/bbox.ts';

/**
 * The district in force and its lookups. The district is data: a stored version (server/district/), the generated
 * reference district until somebody imports their own. Everything that resolves a point or lists grids reads
 * `DistrictState.current` when it works, never a copy taken at start, so applying a version changes every lookup at
 * once.
 */

export const REFERENCE_DISTRICT_FILE = fileURLToPath(
  new URL('../geo/data/gaochun.json', import.meta.url)
);

export interface District {
  /** the stored version's id (0 for a district read straight from a file) */
  version: number;
  json: string;
  collection: DistrictCollection;
  grids: GridLocator;
  /** bounding box of the district: [minLng, minLat, maxLng, maxLat] */
  bbox: BBox;
}

/** A district from its GeoJSON text; throws when it has no outline or no comprehensive grid. */
export function districtOf(json: string, version: number): District {
  const collection = JSON.parse(json) as DistrictCollection;
  const outline = collection.features.find((f) => f.properties.layer === 'district');
  if (!outline) throw new Error(`district version ${version}: no district feature`);
  return { version, json, collection, grids: new GridLocator(collection), bbox: bboxOf(outline) };
}

/** The generated reference district (geo/data/gaochun.json), or another file in the same format. */
export function loadDistrict(file = REFERENCE_DISTRICT_FILE): District {
  return districtOf(readFileSync(file, 'utf8'), 0);
}

export class DistrictState {
  #current: District;
  readonly #listeners = new Set<(d: District) => void>();

  constructor(initial: District) {
    this.#current = initial;
  }

  get current(): District {
    return this.#current;
  }

  /** Puts another version in force and tells every listener, in the order they subscribed. */
  replace(next: District): void {
    this.#current = next;
    for (const l of this.#listeners) l(next);
  }

  onChange(listener: (d: District) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A value worked out from the district in force, made again only when the version changes. */
  perVersion<T>(make: (d: District) => T): () => T {
    let made: { district: District; value: T } | null = null;
    return () => {
      if (made?.district !== this.#current)
        made = { district: this.#current, value: make(this.#current) };
      return made.value;
    };
  }
}
