import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { District } from '../district.ts';
import { Land } from '../../geo/land.ts';

/** The lakes the simulated force keeps out of (geo/data/gaochun-water.json: approximate, traced by hand). */

const WATER_FILE = fileURLToPath(new URL('../../geo/data/gaochun-water.json', import.meta.url));

let water: FeatureCollection<Polygon | MultiPolygon> | null = null;

export function landOf(district: District): Land {
  water ??= JSON.parse(readFileSync(WATER_FILE, 'utf8')) as FeatureCollection<
    Polygon | MultiPolygon
  >;
  return new Land(district.grids, water);
}
