import type { Incident } from '../../../shared/domain.ts';

/**
 * What the wall looks at: each new P1 in turn, for `holdMs` each, then the district again. A P1 is new when this
 * screen has not seen it before and it was reported less than `freshMs` ago (so opening the wall does not replay
 * the morning's P1s, but one reported while the wall was reconnecting still gets its turn). P1s that arrive during
 * another's turn wait in the order they were reported; one that is no longer open leaves the queue, and loses the
 * focus at once if it held it.
 */

export interface FocusOptions {
  holdMs: number;
  /** a P1 reported longer ago than this is not news */
  freshMs?: number;
}

export const FOCUS_FRESH_MS = 120_000;

export class FocusQueue {
  #current = $state<string | null>(null);
  #waiting = $state.raw<readonly string[]>([]);
  #endsAt = $state(0);
  #holdMs: number;
  readonly #freshMs: number;
  /** P1 ids this screen has judged already, so each is considered once */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never displayed
  #seen = new Set<string>();
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(options: FocusOptions) {
    this.#holdMs = options.holdMs;
    this.#freshMs = options.freshMs ?? FOCUS_FRESH_MS;
  }

  /** the incident in focus, or null for the district view */
  get current(): string | null {
    return this.#current;
  }
  /** P1s waiting for their turn, next first */
  get waiting(): readonly string[] {
    return this.#waiting;
  }
  get holdMs(): number {
    return this.#holdMs;
  }
  /** when the current turn ends, on this page's clock (epoch ms); 0 without one */
  get endsAt(): number {
    return this.#endsAt;
  }

  /** A new hold time (the server's setting arrived); the turn under way keeps the time it started with. */
  setHold(ms: number): void {
    this.#holdMs = ms;
  }

  /** Compares the open incidents (server time `now`) with what was seen: queues new P1s, drops closed ones. */
  observe(open: readonly Incident[], now: number): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- local to this call
    const openIds = new Set(open.map((i) => i.id));
    const news: Incident[] = [];
    for (const i of open) {
      if (i.priority !== 1 || this.#seen.has(i.id)) continue;
      this.#seen.add(i.id);
      if (now - i.createdAt <= this.#freshMs) news.push(i);
    }
    const fresh = news.sort((a, b) => a.createdAt - b.createdAt).map((i) => i.id);
    // an id that left the open set will not come back as news: forget it, so the set stays small
    for (const id of this.#seen) if (!openIds.has(id)) this.#seen.delete(id);
    const waiting = [...this.#waiting, ...fresh].filter((id) => openIds.has(id));
    if (waiting.length !== this.#waiting.length || fresh.length > 0) this.#waiting = waiting;
    if (this.#current !== null && !openIds.has(this.#current)) this.#next();
    else if (this.#current === null && this.#waiting.length > 0) this.#next();
  }

  /** Ends the current turn now (the next P1, or the district view). */
  skip(): void {
    this.#next();
  }

  dispose(): void {
    this.#stop();
  }

  #next(): void {
    this.#stop();
    const [head, ...rest] = this.#waiting;
    this.#current = head ?? null;
    this.#waiting = rest;
    this.#endsAt = head === undefined ? 0 : Date.now() + this.#holdMs;
    if (head !== undefined) this.#timer = setTimeout(() => this.#next(), this.#holdMs);
  }

  #stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
