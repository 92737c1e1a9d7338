import { Type, type Static } from '@sinclair/typebox';

/**
 * The district as one GeoJSON FeatureCollection: the district outline, its towns, communities/villages and grids.
 * It is generated once (geo/build/) and served as is by `GET /api/district`.
 */

export const AreaLayer = Type.Union([
  Type.Literal('district'),
  Type.Literal('town'),
  Type.Literal('community'),
  Type.Literal('grid')
]);
export type AreaLayer = Static<typeof AreaLayer>;

export const GridKind = Type.Union([Type.Literal('comprehensive'), Type.Literal('specialised')]);
export type GridKind = Static<typeof GridKind>;

export const Position = Type.Tuple([Type.Number(), Type.Number()]);
/** [lng, lat] in WGS-84 */
export type LngLat = [lng: number, lat: number];

export interface AreaProperties {
  layer: AreaLayer;
  /** administrative code: district 320118, town 320118001, community 320118001001, grid 320118001-001-05 */
  code: string;
  /** Chinese name, e.g. 淳溪街道, 凤岭社区, 凤岭社区第5网格 */
  name: string;
  /** every area below the district names its town (the district names itself) */
  townCode: string;
  /** communities and grids name their community; specialised grids name the community holding their centre */
  communityCode?: string;
  /** grids only */
  gridKind?: GridKind;
  /** specialised grids only: what they watch (school, hospital, market, industrial, scenic, lakeshore, border, old_street) */
  theme?: string;
  /** estimated resident population, used to size grids and weight incident rates */
  population?: number;
  /** a point inside the area for its label, [lng, lat] */
  labelAt: LngLat;
}

export interface AreaFeature {
  type: 'Feature';
  properties: AreaProperties;
  geometry:
    | { type: 'Polygon'; coordinates: LngLat[][] }
    | { type: 'MultiPolygon'; coordinates: LngLat[][][] };
}

/**
 * A place found by name for incident intake (`GET /api/places?q=`). A town or community only says where to look
 * (`bbox`, to frame the map); the incident's location is a point the dispatcher then picks inside it.
 */
export interface Place {
  code: string;
  name: string;
  layer: AreaLayer;
  townCode: string;
  labelAt: LngLat;
  /** [west, south, east, north] in WGS-84 */
  bbox: [w: number, s: number, e: number, n: number];
}

export interface DistrictCollection {
  type: 'FeatureCollection';
  features: AreaFeature[];
}
