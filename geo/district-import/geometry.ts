import type { AreaFeature, LngLat } from '../../shared/district.ts';
import type { BBox } from '../bbox.ts';
import { labelPoint } from '../district-check/interior-point.ts';
import { cleanPolys, type MultiPoly } from '../district-check/polygons.ts';
import { geometryIssue } from '../district-check/validity.ts';
import type { ImportCrs } from './crs.ts';

/**
 * Raw geometry → WGS-84 `[lng, lat]` rounded to 1e-7° (about 1 cm, well inside survey accuracy; neighbours that
 * share a vertex still share it after rounding, since equal inputs round equally). Anything that is not a
 * polygon is refused here; anything else wrong (a bow-tie, an open ring, a NaN) passes through unchanged for the
 * check to report, so the operator sees every problem at once.
 */

export type Converted =
  { ok: true; geometry: AreaFeature['geometry']; labelAt: LngLat } | { ok: false; detail: string };

export function convertGeometry(geometry: unknown, crs: ImportCrs): Converted {
  const g = geometry as { type?: unknown; coordinates?: unknown } | null;
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon') || !Array.isArray(g.coordinates))
    return {
      ok: false,
      detail: `geometry is ${g ? String(g.type) : 'missing'}, not Polygon or MultiPolygon`
    };
  const convert = (p: unknown): unknown => {
    if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number')
      return p;
    if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) return [p[0], p[1]];
    const [lng, lat] = crs.toWgs84(p[0], p[1]);
    return [round7(lng), round7(lat)];
  };
  const ring = (r: unknown) => (Array.isArray(r) ? r.map(convert) : r);
  const poly = (p: unknown) => (Array.isArray(p) ? p.map(ring) : p);
  const coordinates =
    g.type === 'Polygon' ? poly(g.coordinates) : (g.coordinates as unknown[]).map(poly);
  const out = { type: g.type, coordinates } as AreaFeature['geometry'];
  return { ok: true, geometry: out, labelAt: labelFor(out) };
}

/** A point inside the area, or for a geometry the check will refuse, the middle of its finite positions. */
export function labelFor(geometry: AreaFeature['geometry']): LngLat {
  if (!geometryIssue(geometry)) {
    const polys = cleanPolys(
      geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
    );
    const at = labelPoint(polys);
    if (at) return [round7(at[0]), round7(at[1])];
  }
  const b = finiteBox(geometry.coordinates);
  return Number.isFinite(b[0]) ? [round7((b[0] + b[2]) / 2), round7((b[1] + b[3]) / 2)] : [0, 0];
}

/** Bounding box of every finite position in nested coordinate arrays (Infinity when there is none). */
export function finiteBox(coordinates: unknown): BBox {
  const b: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      const [x, y] = c as number[];
      if (!Number.isFinite(x) || !Number.isFinite(y)) return;
      if (x < b[0]) b[0] = x;
      if (y < b[1]) b[1] = y;
      if (x > b[2]) b[2] = x;
      if (y > b[3]) b[3] = y;
      return;
    }
    for (const k of c) walk(k);
  };
  walk(coordinates);
  return b;
}

export function polysOfGeometry(geometry: AreaFeature['geometry']): MultiPoly {
  if (geometryIssue(geometry)) return [];
  return cleanPolys(geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates);
}

function round7(v: number): number {
  return Math.round(v * 1e7) / 1e7;
}
