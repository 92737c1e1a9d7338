/**
 * Thin wrappers over turf's polygon clipping (polyclip-ts) that speak plain coordinate arrays, so the
 * partitioning code does not juggle Feature/Polygon/MultiPolygon/null at every call.
 */
import { featureCollection, intersect, multiPolygon, polygon, union } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { Poly } from './rings.ts';

function toFeature(polys: Poly[]): Feature<Polygon | MultiPolygon> {
  return polys.length === 1 ? polygon(polys[0]) : multiPolygon(polys);
}

function fromGeometry(g: Polygon | MultiPolygon | undefined): Poly[] {
  if (!g) return [];
  return (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as Poly[];
}

export function intersectPolys(a: Poly[], b: Poly[]): Poly[] {
  if (!a.length || !b.length) return [];
  return fromGeometry(
    intersect(featureCollection<Polygon | MultiPolygon>([toFeature(a), toFeature(b)]))?.geometry
  );
}

export function unionPolys(list: Poly[]): Poly[] {
  if (list.length <= 1) return list;
  return fromGeometry(union(featureCollection(list.map((p) => polygon(p))))?.geometry);
}
