import type { GridCoverage } from '../../shared/protocol.ts';
import { coverage } from '../../geo/coverage.ts';
import type { GridLocator } from '../../geo/grid-locator.ts';
import { FRESH_FIX_MS } from '../dispatch/recommend.ts';
import { P1_RESPONDERS } from '../dispatch/policy.ts';
import type { LiveRegistry } from './registry.ts';

/**
 * Blind spots, live: for every comprehensive grid, how soon the fastest available P1 responder with a fresh fix
 * could be there (the recommendations' arrival model, to the grid's label point). Recomputed every few seconds by
 * the server for everyone at once; each desk receives the grids of its own towns.
 */
export class CoverageMonitor {
  readonly #live: LiveRegistry;
  readonly #grids: GridLocator;
  #latest: GridCoverage[] = [];

  constructor(live: LiveRegistry, grids: GridLocator) {
    this.#live = live;
    this.#grids = grids;
  }

  get latest(): readonly GridCoverage[] {
    return this.#latest;
  }

  compute(now: number): readonly GridCoverage[] {
    const grids = this.#grids.comprehensiveGrids;
    const units = this.#live.coverageUnits(
      (u, fix) =>
        u.status === 'available' && P1_RESPONDERS.has(u.kind) && now - fix.time <= FRESH_FIX_MS
    );
    const hits = coverage(
      grids.map((g) => g.properties.labelAt),
      units
    );
    this.#latest = grids.map((g, k) => ({
      code: g.properties.code,
      townCode: g.properties.townCode,
      etaS: Number.isFinite(hits[k].etaS) ? Math.round(hits[k].etaS) : null,
      unitId: hits[k].unit >= 0 ? this.#live.byIdx(hits[k].unit)!.id : null
    }));
    return this.#latest;
  }
}
