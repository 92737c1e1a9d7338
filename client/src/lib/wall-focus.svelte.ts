import type { SessionInfo } from '../../../shared/access.ts';
import type { Recommendation } from '../../../shared/commands.ts';
import type { Incident } from '../../../shared/domain.ts';
import type { Api } from './api.ts';
import { FocusQueue } from './focus-queue.svelte.ts';
import type { LiveLink } from './live.svelte.ts';

/**
 * The wall's attention: the new P1 or SLA breach in focus (focus-queue.svelte.ts) and the units the server ranks
 * for it, read-only. How long each turn holds the wall is the server's `WALL_FOCUS_S`, which comes with the session answer; until it
 * arrives the default stands.
 */

export const DEFAULT_WALL_FOCUS_S = 45;
/** the candidates the focus card shows */
export const FOCUS_RECOMMENDATIONS = 3;

export class WallFocus {
  readonly queue = new FocusQueue({ holdMs: DEFAULT_WALL_FOCUS_S * 1000 });
  #live: LiveLink;
  #recommendations = $state.raw<readonly Recommendation[]>([]);
  #ranking = $state(false);
  /** the incident the recommendations above belong to */
  #rankedFor: string | null = null;

  constructor(live: LiveLink) {
    this.#live = live;
  }

  /** the incident in focus, or null for the district view */
  get incidentId(): string | null {
    return this.queue.current;
  }
  get recommendations(): readonly Recommendation[] {
    return this.#recommendations;
  }
  /** the ranking for the incident in focus is on its way */
  get ranking(): boolean {
    return this.#ranking;
  }

  /** Reads the hold time from the session answer (`GET /api/session`). */
  async loadSettings(api: Api): Promise<void> {
    const res = await api.call<SessionInfo>('GET', '/api/session');
    if (res.ok && typeof res.data.wallFocusS === 'number' && res.data.wallFocusS > 0) {
      this.queue.setHold(res.data.wallFocusS * 1000);
    }
  }

  /** Feeds the open incidents (server time `now`) to the queue and ranks units for a newly focused incident. */
  observe(open: readonly Incident[], now: number): void {
    this.queue.observe(open, now);
    const id = this.queue.current;
    if (id === this.#rankedFor) return;
    this.#rankedFor = id;
    this.#recommendations = [];
    this.#ranking = id !== null;
    if (id) void this.#rank(id);
  }

  dispose(): void {
    this.queue.dispose();
  }

  async #rank(incidentId: string): Promise<void> {
    const res = await this.#live.recommend({ incidentId, limit: FOCUS_RECOMMENDATIONS });
    // the focus may have moved on while the server ranked
    if (this.#rankedFor !== incidentId) return;
    this.#ranking = false;
    if (res.ok) this.#recommendations = res.data;
  }
}
