import { Value } from '@sinclair/typebox/value';
import { Kpis } from '../../../shared/kpis.ts';
import type { Api } from './api.ts';
import { errorText } from './errors.ts';
import { msg } from './i18n.ts';

/**
 * The wall's and the town leader's figures (`GET /api/kpis`, computed by the server for this account's towns),
 * kept fresh: fetched again about a second after incidents stop changing (a burst of changes costs one request;
 * a stream that never stops still gets one every 5 s) and every 15 s regardless, for what changes without an
 * incident event (units, coverage, the clock's overdue).
 * One request at a time; a change during a request fetches once more after it. The answer is checked against the
 * shared schema (interpreted, no code generation: the page's CSP allows no eval).
 */

const PERIOD_MS = 15_000;
const DEBOUNCE_MS = 1_000;
const MAX_WAIT_MS = 5_000;

export class KpiFeed {
  #api: Api;
  #data = $state.raw<Kpis | null>(null);
  #error = $state('');
  #periodMs: number;
  #debounceMs: number;
  #period: ReturnType<typeof setInterval> | null = null;
  #debounce: ReturnType<typeof setTimeout> | null = null;
  /** when the first change not yet fetched for arrived */
  #pendingSince: number | null = null;
  #inFlight = false;
  #again = false;
  #closed = false;

  constructor(api: Api, opts: { periodMs?: number; debounceMs?: number } = {}) {
    this.#api = api;
    this.#periodMs = opts.periodMs ?? PERIOD_MS;
    this.#debounceMs = opts.debounceMs ?? DEBOUNCE_MS;
  }

  /** the last figures the server gave, or null before the first answer */
  get data(): Kpis | null {
    return this.#data;
  }

  /** why the last fetch failed ('' when it did not); the last figures stay on screen meanwhile */
  get error(): string {
    return this.#error;
  }

  /** fetches now and then every period */
  start(): void {
    if (this.#period || this.#closed) return;
    void this.refresh();
    this.#period = setInterval(() => void this.refresh(), this.#periodMs);
  }

  /** incidents changed: fetch once they have been quiet for the debounce time, or have waited 5 s */
  changed(): void {
    if (this.#closed) return;
    const now = Date.now();
    this.#pendingSince ??= now;
    if (this.#debounce) clearTimeout(this.#debounce);
    const wait = Math.min(this.#debounceMs, this.#pendingSince + MAX_WAIT_MS - now);
    this.#debounce = setTimeout(
      () => {
        this.#debounce = null;
        this.#pendingSince = null;
        void this.refresh();
      },
      Math.max(0, wait)
    );
  }

  async refresh(): Promise<void> {
    if (this.#inFlight) {
      this.#again = true;
      return;
    }
    this.#inFlight = true;
    try {
      const res = await this.#api.call<unknown>('GET', '/api/kpis');
      if (this.#closed) return;
      if (!res.ok) this.#error = errorText(res);
      else if (!Value.Check(Kpis, res.data)) this.#error = msg.wall.badAnswer;
      else {
        this.#data = res.data;
        this.#error = '';
      }
    } finally {
      this.#inFlight = false;
    }
    if (this.#again && !this.#closed) {
      this.#again = false;
      await this.refresh();
    }
  }

  close(): void {
    this.#closed = true;
    if (this.#period) clearInterval(this.#period);
    if (this.#debounce) clearTimeout(this.#debounce);
    this.#period = null;
    this.#debounce = null;
  }
}
