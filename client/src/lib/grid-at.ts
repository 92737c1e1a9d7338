import { booleanPointInPolygon } from '@turf/turf';
import type { AreaFeature, DistrictCollection } from '../../../shared/district.ts';

/**
 * Which comprehensive grid a point lies in, on the phone, with the district it already holds: the report sheet
 * names the place (凤岭社区第5网格 · 淳溪街道) instead of showing raw coordinates. The comprehensive grids tile the
 * district without overlap, so the first grid that holds the point is the one; specialised grids lie over them
 * and are not asked. A point on a shared border lies in both, and either answer is right.
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
  const point: [number, number] = [lng, lat];
  for (const g of index.grids) {
    // the box rules out almost every grid before the exact test
    const [w, s, e, n] = g.bbox;
    if (lng < w || lng > e || lat < s || lat > n) continue;
    if (!booleanPointInPolygon(point, g.feature)) continue;
    const p = g.feature.properties;
    return {
      gridCode: p.code,
      gridName: p.name,
      townCode: p.townCode,
      townName: index.towns.get(p.townCode) ?? p.townCode
    };
  }
  return null;
}

interface GridEntry {
  feature: AreaFeature;
  bbox: [w: number, s: number, e: number, n: number];
}

interface Index {
  grids: GridEntry[];
  towns: Map<string, string>;
}

// one index per district version: a new version is a new collection object
const indexes = new WeakMap<DistrictCollection, Index>();

function indexOf(district: DistrictCollection): Index {
  let index = indexes.get(district);
  if (!index) {
    index = build(district);
    indexes.set(district, index);
  }
  return index;
}

function build(district: DistrictCollection): Index {
  const grids: GridEntry[] = [];
  const towns = new Map<string, string>();
  for (const f of district.features) {
    const p = f.properties;
    if (p.layer === 'town') towns.set(p.code, p.name);
    if (p.layer === 'grid' && p.gridKind === 'comprehensive')
      grids.push({ feature: f, bbox: bboxOf(f) });
  }
  return { grids, towns };
}

function bboxOf(f: AreaFeature): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const polygons =
    f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  // the outer ring bounds the polygon: holes lie inside it
  for (const polygon of polygons) {
    for (const [x, y] of polygon[0] ?? []) {
      if (x < b[0]) b[0] = x;
      if (y < b[1]) b[1] = y;
      if (x > b[2]) b[2] = x;
      if (y > b[3]) b[3] = y;
    }
  }
  return b;
}
