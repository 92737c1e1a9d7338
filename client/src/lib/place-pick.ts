import { booleanPointInPolygon } from '@turf/turf';
import type { AreaFeature, DistrictCollection, LngLat } from '../../../shared/district.ts';

/**
 * Whether a picked point lies in a chosen place, by the place's polygon in the district the screen holds. A place
 * the collection no longer has (another district version came into force) cannot refuse a point: the server
 * places the incident on the grids in force either way.
 */
export function placeContains(
  collection: DistrictCollection | null,
  code: string,
  at: LngLat
): boolean {
  const area = areaOf(collection, code);
  // a point on the border counts as inside: the grid locator takes it too
  return area === null || booleanPointInPolygon(at, area.geometry);
}

function areaOf(collection: DistrictCollection | null, code: string): AreaFeature | null {
  for (const f of collection?.features ?? []) if (f.properties.code === code) return f;
  return null;
}
