import type { Api } from './api.ts';
import type { LiveLink } from './live.svelte.ts';
import { UnitLocate } from './unit-locate.svelte.ts';
import { UnitTrack } from './unit-track.svelte.ts';

/**
 * The unit a dispatcher clicked on the map: its detail card, a request for its fresh fix, and its track. Both
 * belong to the unit: choosing another unit, or none, drops them.
 */
export class UnitFocus {
  #unitId = $state<string | null>(null);
  readonly locate: UnitLocate;
  readonly track: UnitTrack;

  constructor(live: LiveLink, api: Api) {
    this.locate = new UnitLocate(live);
    this.track = new UnitTrack(api);
  }

  get unitId(): string | null {
    return this.#unitId;
  }

  select(unitId: string | null): void {
    if (unitId === this.#unitId) return;
    this.#unitId = unitId;
    this.locate.reset();
    this.track.clear();
  }
}
