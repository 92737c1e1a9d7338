import type {
  AreaFeature,
  AreaProperties,
  DistrictCollection,
  LngLat
} from '../../../shared/district.ts';
import { msg } from './i18n.ts';
import { failureOf, type ApiError } from './api.ts';

/**
 * The district boundaries from `GET /api/district`, loaded once, plus lookups by code for the screens
 * (an incident carries only its town and grid codes).
 */

export type DistrictStatus = 'loading' | 'ready' | 'failed';

export interface AreaLabel {
  code: string;
  name: string;
  /** the town the area lies in (a town names itself) */
  townCode: string;
  position: LngLat;
}

export type Bounds = [west: number, south: number, east: number, north: number];

export class DistrictStore {
  #status = $state<DistrictStatus>('loading');
  #failure = $state<ApiError | null>(null);
  #collection = $state.raw<DistrictCollection | null>(null);
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- refilled whole before `#indexed` moves on, which is what readers wait on
  #areas = new Map<string, AreaProperties>();
  /** how many times the areas were indexed: a reader of names re-renders when another version comes in */
  #indexed = $state(0);
  #townLabels = $state.raw<AreaLabel[]>([]);
  #gridLabels = $state.raw<AreaLabel[]>([]);
  #gridCount = 0;
  #bounds: Bounds = [0, 0, 0, 0];

  get status(): DistrictStatus {
    return this.#status;
  }
  /** why loading failed, in the screen's words */
  get error(): string {
    return this.#failure ? msg.errors[this.#failure] : '';
  }
  get collection(): DistrictCollection | null {
    return this.#collection;
  }
  /** comprehensive and specialised grids */
  get gridCount(): number {
    return this.#gridCount;
  }
  get bounds(): Bounds {
    return this.#bounds;
  }
  /** the towns with their label points, in the district file's order (8 in 高淳) */
  get townLabels(): readonly AreaLabel[] {
    return this.#townLabels;
  }
  get gridLabels(): readonly AreaLabel[] {
    return this.#gridLabels;
  }

  /**
   * Loads the district in force. `quiet` reloads it behind what is shown (another version came into force): the
   * screen keeps drawing the old one until the new one is in, and keeps it if the reload fails.
   */
  async load(fetchImpl: typeof fetch = fetch, opts: { quiet?: boolean } = {}): Promise<void> {
    if (opts.quiet && this.#status === 'ready') {
      try {
        const res = await fetchImpl('/api/district');
        if (res.ok) this.#index((await res.json()) as DistrictCollection);
      } catch {
        // the old version stays on screen; the next change or page load tries again
      }
      return;
    }
    this.#status = 'loading';
    try {
      const res = await fetchImpl('/api/district');
      if (!res.ok) {
        this.#failure = failureOf(res.status, null).error;
        this.#status = 'failed';
        return;
      }
      this.#index((await res.json()) as DistrictCollection);
      this.#status = 'ready';
    } catch {
      // no answer, or one that is not the district
      this.#failure = 'OFFLINE';
      this.#status = 'failed';
    }
  }

  /** The box around the given towns; the whole district when none of them is known. */
  boundsOf(townCodes: readonly string[]): Bounds {
    const wanted = new Set(townCodes); // eslint-disable-line svelte/prefer-svelte-reactivity -- local to this call
    const b: Bounds = [Infinity, Infinity, -Infinity, -Infinity];
    for (const f of this.#collection?.features ?? []) {
      if (f.properties.layer === 'town' && wanted.has(f.properties.code)) extend(b, f);
    }
    return b[0] === Infinity ? this.#bounds : b;
  }

  /** `淳溪街道、桠溪街道`, or 全区 for the whole district (null) */
  scopeName(townCodes: readonly string[] | null): string {
    if (townCodes === null) return msg.wholeDistrict;
    return townCodes.map((c) => this.townName(c)).join('、');
  }

  /** Whether the district in force has an area with this code (an incident's grid may have been retired since). */
  has(code: string): boolean {
    return this.#indexed > 0 && this.#status === 'ready' && this.#areas.has(code);
  }

  townName(code: string): string {
    return this.#name(code);
  }

  gridName(code: string): string {
    return this.#name(code);
  }

  #name(code: string): string {
    // reading the status makes a caller re-render once the names arrive
    if (this.#status !== 'ready' || this.#indexed === 0) return code || msg.unknownArea;
    return this.#areas.get(code)?.name ?? (code || msg.unknownArea);
  }

  #index(fc: DistrictCollection): void {
    if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
      throw new Error('GET /api/district: not a FeatureCollection');
    }
    const bounds: Bounds = [Infinity, Infinity, -Infinity, -Infinity];
    this.#areas.clear();
    const towns: AreaLabel[] = [];
    const grids: AreaLabel[] = [];
    let gridCount = 0;
    for (const f of fc.features) {
      const p = f.properties;
      this.#areas.set(p.code, p);
      if (p.layer === 'district') extend(bounds, f);
      if (p.layer === 'town') {
        towns.push({ code: p.code, name: p.name, townCode: p.code, position: p.labelAt });
      }
      if (p.layer === 'grid') {
        gridCount++;
        grids.push({ code: p.code, name: p.name, townCode: p.townCode, position: p.labelAt });
      }
    }
    // no district outline: fall back to everything we have
    if (bounds[0] === Infinity) for (const f of fc.features) extend(bounds, f);
    this.#townLabels = towns;
    this.#gridLabels = grids;
    this.#gridCount = gridCount;
    this.#bounds = bounds;
    this.#collection = fc;
    this.#indexed++;
  }
}

function extend(b: Bounds, f: AreaFeature): void {
  const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  for (const poly of polys) {
    for (const [lng, lat] of poly[0] ?? []) {
      if (lng < b[0]) b[0] = lng;
      if (lat < b[1]) b[1] = lat;
      if (lng > b[2]) b[2] = lng;
      if (lat > b[3]) b[3] = lat;
    }
  }
}
