import type { DistrictCollection } from '../../../shared/district.ts';
import { GridLocator } from '../../../geo/grid-locator.ts';

/**
 * Which comprehensive grid a point lies in, on the phone, with the district it already holds: the report sheet
 * names the place (凤岭社区第5网格 · 淳溪街道) instead of showing raw coordinates. The comprehensive grids tile the
 * district without overlap, so one grid holds the point; specialised grids lie over them and are not asked. A
 * point on a shared border gets the lower code, as on the server.
 */

export interface GridPlace {
  gridCode: string;
  gridName: string;
  townCode: string;
  /** the town's name, or its code when the district has no such town */
  townName: string;
}

/** The comprehensive grid holding `[lng, lat]` (WGS-84), or null outside every grid (辖区外). */
export function gridAt(district: DistrictCollection, lng: number, lat: number): GridPlace | null {
  if (!Number.isFinite(lng) || !Number.isFinite(lat)) return null;
  const index = indexOf(district);
  const hit = index?.grids.locate(lng, lat);
  if (!index || !hit) return null;
  return {
    gridCode: hit.gridCode,
    gridName: hit.gridName,
    townCode: hit.townCode,
    townName: index.towns.get(hit.townCode) ?? hit.townCode
  };
}

interface Index {
  /** the server's own point → grid lookup (geo/grid-locator.ts), over the same district */
  grids: GridLocator;
  towns: Map<string, string>;
}

// one index per district version: a new version is a new collection object; null for a district without grids
const indexes = new WeakMap<DistrictCollection, Index | null>();

function indexOf(district: DistrictCollection): Index | null {
  if (!indexes.has(district)) indexes.set(district, build(district));
  return indexes.get(district) ?? null;
}

function build(district: DistrictCollection): Index | null {
  const hasGrids = district.features.some(
    (f) => f.properties.layer === 'grid' && f.properties.gridKind === 'comprehensive'
  );
  if (!hasGrids) return null;
  const towns = new Map<string, string>();
  for (const f of district.features)
    if (f.properties.layer === 'town') towns.set(f.properties.code, f.properties.name);
  return { grids: new GridLocator(district), towns };
}
