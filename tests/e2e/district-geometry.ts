import { booleanPointInPolygon } from '@turf/turf';
import type { AreaFeature, DistrictCollection, LngLat } from '../../shared/district.ts';

/** Where things are in the reference district, for tests that check what a scoped screen shows. */
export class DistrictGeometry {
  readonly #fc: DistrictCollection;

  constructor(fc: DistrictCollection) {
    this.#fc = fc;
  }

  static async fetch(base: string): Promise<DistrictGeometry> {
    const res = await fetch(`${base}/api/district`);
    if (!res.ok) throw new Error(`GET /api/district: HTTP ${res.status}`);
    return new DistrictGeometry((await res.json()) as DistrictCollection);
  }

  get outline(): AreaFeature {
    const f = this.#fc.features.find((x) => x.properties.layer === 'district');
    if (!f) throw new Error('district has no outline');
    return f;
  }

  town(code: string): AreaFeature {
    const f = this.#fc.features.find(
      (x) => x.properties.layer === 'town' && x.properties.code === code
    );
    if (!f) throw new Error(`district has no town ${code}`);
    return f;
  }

  /** label points of a town's comprehensive grids: inside the town by construction */
  gridPoints(townCode: string): LngLat[] {
    const points = this.#fc.features
      .filter(
        (f) =>
          f.properties.layer === 'grid' &&
          f.properties.gridKind === 'comprehensive' &&
          f.properties.townCode === townCode
      )
      .map((f) => f.properties.labelAt);
    if (points.length < 2) throw new Error(`town ${townCode}: ${points.length} grids`);
    return points;
  }

  /** the town a point lies in, or null outside the district */
  townOf(at: LngLat): string | null {
    const t = this.#fc.features.find(
      (f) => f.properties.layer === 'town' && booleanPointInPolygon(at, f.geometry)
    );
    return t?.properties.code ?? null;
  }

  inside(at: LngLat, area: AreaFeature): boolean {
    return booleanPointInPolygon(at, area.geometry);
  }
}

/** [west, south, east, north] of an area's outer rings */
export function bbox(f: AreaFeature): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  for (const poly of polys) {
    for (const [lng, lat] of poly[0]) {
      b[0] = Math.min(b[0], lng);
      b[1] = Math.min(b[1], lat);
      b[2] = Math.max(b[2], lng);
      b[3] = Math.max(b[3], lat);
    }
  }
  return b;
}
