import type { CoverageMove, CoverageUpdate, GridCoverage } from '../../../shared/protocol.ts';
import { bandCounts, gridBand, type CoverageBand } from './coverage-bands.ts';

/**
 * The blind-spot picture the server sends this screen: every grid of its towns with how soon a P1 responder
 * could be there, and the idle units it suggests moving to close red grids. Filled by the sync on every connect
 * and by `coverage:changed` every few seconds; each update replaces the last whole (the server sends the full
 * picture, not a diff).
 */
export class CoverageStore {
  #at = $state(0);
  #grids = $state.raw<readonly GridCoverage[]>([]);
  #moves = $state.raw<readonly CoverageMove[]>([]);
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- rebuilt whole from each picture, never mutated
  #byCode = $derived(new Map(this.#grids.map((g) => [g.code, g] as const)));
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- rebuilt whole from each picture, never mutated
  #bands = $derived(new Map(this.#grids.map((g) => [g.code, gridBand(g.etaS)] as const)));
  #counts = $derived(bandCounts(this.#grids));

  /** server time of the computation, epoch ms; 0 before the first */
  get at(): number {
    return this.#at;
  }
  get grids(): readonly GridCoverage[] {
    return this.#grids;
  }
  get moves(): readonly CoverageMove[] {
    return this.#moves;
  }
  /** grids per band */
  get counts(): Record<CoverageBand, number> {
    return this.#counts;
  }
  /** code → band of every grid this screen was sent */
  get bands(): ReadonlyMap<string, CoverageBand> {
    return this.#bands;
  }

  /** one grid's cover, if this screen was sent it */
  grid(code: string): GridCoverage | undefined {
    return this.#byCode.get(code);
  }

  /** Takes an update; one computed before the picture held (a late packet) is dropped. */
  apply(update: CoverageUpdate): boolean {
    if (update.at < this.#at) return false;
    this.#at = update.at;
    this.#grids = update.grids;
    this.#moves = update.moves;
    return true;
  }
}
