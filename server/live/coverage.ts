import type { CoverageMove, GridCoverage } from '../../shared/protocol.ts';
import { CoverageIndex, suggestMoves } from '../../geo/coverage.ts';
import type { GridLocator } from '../../geo/grid-locator.ts';
import { FRESH_FIX_MS } from '../dispatch/recommend.ts';
import { P1_RESPONDERS } from '../dispatch/policy.ts';
import type { LiveRegistry } from './registry.ts';

/**
 * Blind spots, live: for every comprehensive grid, how soon the fastest available P1 responder with a fresh fix
 * could be there (the recommendations' arrival model, to the grid's label point), and which idle units could close
 * red grids. Recomputed every few seconds by the server for everyone at once; each desk receives its own towns'.
 */

/** suggestions per computation: enough for a district's worth of red spots, few enough to act on */
const MOVES = 12;

export class CoverageMonitor {
  readonly #live: LiveRegistry;
  #grids: GridLocator;
  #at = 0;
  #grid: GridCoverage[] = [];
  #moves: CoverageMove[] = [];

  constructor(live: LiveRegistry, grids: GridLocator) {
    this.#live = live;
    this.#grids = grids;
  }

  /** Another district version is in force: the next computation covers its grids. */
  useGrids(grids: GridLocator): void {
    this.#grids = grids;
  }

  get at(): number {
    return this.#at;
  }

  get grids(): readonly GridCoverage[] {
    return this.#grid;
  }

  get moves(): readonly CoverageMove[] {
    return this.#moves;
  }

  compute(now: number): readonly GridCoverage[] {
    const grids = this.#grids.comprehensiveGrids;
    const points = grids.map((g) => g.properties.labelAt);
    const index = new CoverageIndex(
      this.#live.coverageUnits(
        (u, fix) =>
          u.status === 'available' && P1_RESPONDERS.has(u.kind) && now - fix.time <= FRESH_FIX_MS
      )
    );
    const hits = points.map(([lng, lat]) => index.fastest(lng, lat));
    const idOf = (i: number) => this.#live.byIdx(i)!.id;
    this.#at = now;
    this.#grid = grids.map((g, k) => ({
      code: g.properties.code,
      townCode: g.properties.townCode,
      etaS: Number.isFinite(hits[k].etaS) ? Math.round(hits[k].etaS) : null,
      unitId: hits[k].unit >= 0 ? idOf(hits[k].unit) : null
    }));
    this.#moves = suggestMoves(points, hits, index, MOVES).map((m) => ({
      gridCode: grids[m.point].properties.code,
      unitId: idOf(m.unit),
      etaS: Math.round(m.etaS)
    }));
    return this.#grid;
  }
}
