import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DistrictCollection } from '../shared/district.ts';
import { GridLocator } from '../geo/grid-locator.ts';
import { bboxOf, type BBox } from '../geo/bbox.ts';

/** The generated reference district, read once at start: the raw JSON (served as is) and its lookups. */

export const DISTRICT_FILE = fileURLToPath(new URL('../geo/data/gaochun.json', import.meta.url));

export interface District {
  json: string;
  collection: DistrictCollection;
  grids: GridLocator;
  /** bounding box of the district: [minLng, minLat, maxLng, maxLat] */
  bbox: BBox;
}

export function loadDistrict(file = DISTRICT_FILE): District {
  const json = readFileSync(file, 'utf8');
  const collection = JSON.parse(json) as DistrictCollection;
  const outline = collection.features.find((f) => f.properties.layer === 'district');
  if (!outline) throw new Error(`${file}: no district feature`);
  return { json, collection, grids: new GridLocator(collection), bbox: bboxOf(outline) };
}
