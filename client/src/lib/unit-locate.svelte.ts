import { errorText } from './errors.ts';
import type { LiveLink } from './live.svelte.ts';
import type { LocateAttempt } from './locate-status.ts';

/**
 * A desk's latest request for a unit's fresh fix. Only one is followed at a time: asking again (or for another
 * unit) replaces it, and a late answer to a replaced request is dropped. What it means for the screen is
 * `locateView` (locate-status.ts), which also watches the position frames for the answer.
 */
export class UnitLocate {
  #live: LiveLink;
  #attempt = $state.raw<LocateAttempt | null>(null);

  constructor(live: LiveLink) {
    this.#live = live;
  }

  get attempt(): LocateAttempt | null {
    return this.#attempt;
  }

  /** `baseline` is the unit's fix time now (null without one); `nowMs` the server time */
  async request(unitId: string, baseline: number | null, nowMs: number): Promise<void> {
    const attempt: LocateAttempt = { unitId, baseline, askedAt: nowMs, state: 'sending' };
    this.#attempt = attempt;
    const res = await this.#live.locate({ unitId });
    if (this.#attempt !== attempt) return;
    this.#attempt = res.ok
      ? { ...attempt, state: 'sent', askedAt: res.data.requestedAt, phones: res.data.phones }
      : { ...attempt, state: 'failed', error: errorText(res) };
  }

  reset(): void {
    this.#attempt = null;
  }
}
