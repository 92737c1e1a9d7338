import { distanceM } from '../../../geo/unit-index.ts';

/**
 * When a phone passes a fix on. A gate holds the last fix it let through; for each new fix it answers "now", or
 * how long to wait before asking again (the fix may be the newest then), or never. Times are the caller's clock,
 * so the same rule throttles sending (live reports) and thins what is kept (the offline backlog).
 */

export interface GateRule {
  /** never two fixes closer together than this */
  minIntervalMs: number;
  /** a fix that moved at least this far from the last one passes */
  minMoveM: number;
  /** a fix that barely moved passes once this long has gone by */
  heartbeatMs: number;
}

/**
 * Live `unit:report`s: at most one a second (the server's bucket allows five), and a fix that moved less than 5 m
 * only every 10 s, so a phone lying on a desk does not chatter.
 */
export const LIVE_GATE: GateRule = { minIntervalMs: 1000, minMoveM: 5, heartbeatMs: 10_000 };

/** Kept while offline: what the server's own history keeps anyway (every 15 s or 50 m). */
export const BACKLOG_GATE: GateRule = { minIntervalMs: 1000, minMoveM: 50, heartbeatMs: 15_000 };

export interface GatedFix {
  lng: number;
  lat: number;
  /** when the fix was measured, epoch ms: two fixes with the same time are the same fix */
  time: number;
}

export interface Passed extends GatedFix {
  /** when the gate let it through, on the caller's clock */
  at: number;
}

/**
 * 0: pass `fix` now. A positive number: ask again after that many ms (with whatever fix is newest then).
 * Infinity: nothing to do until a new fix comes.
 */
export function waitMs(rule: GateRule, last: Passed | null, fix: GatedFix, now: number): number {
  if (!last) return 0;
  if (fix.time <= last.time) return Infinity;
  const since = now - last.at;
  const moved = distanceM(last.lng, last.lat, fix.lng, fix.lat) >= rule.minMoveM;
  if (since < rule.minIntervalMs) {
    return (moved ? rule.minIntervalMs : rule.heartbeatMs) - since;
  }
  if (moved || since >= rule.heartbeatMs) return 0;
  return rule.heartbeatMs - since;
}

/**
 * One gate with its memory and its timer: `offer` each fix; `pass` runs for those let through, at once or when
 * the wait is over (with the newest fix offered by then). A fix held back and then overtaken is dropped.
 */
export class Gate<F extends GatedFix> {
  readonly #rule: GateRule;
  readonly #pass: (fix: F) => void;
  readonly #now: () => number;
  #last: Passed | null = null;
  #held: F | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(rule: GateRule, pass: (fix: F) => void, now: () => number = Date.now) {
    this.#rule = rule;
    this.#pass = pass;
    this.#now = now;
  }

  offer(fix: F): void {
    this.#held = fix;
    this.#consider();
  }

  /** A fix that went out another way (a desk asked for it): the gate counts it as the last one passed. */
  passed(fix: F): void {
    if (this.#last && fix.time <= this.#last.time) return;
    this.#last = { lng: fix.lng, lat: fix.lat, time: fix.time, at: this.#now() };
    if (this.#held && this.#held.time <= fix.time) this.stop();
  }

  /** Forgets the last fix passed: the next one passes at once (after a reconnect, say). */
  reset(): void {
    this.#last = null;
    this.#clearTimer();
  }

  stop(): void {
    this.#held = null;
    this.#clearTimer();
  }

  #consider(): void {
    const fix = this.#held;
    if (!fix) return;
    this.#clearTimer();
    const now = this.#now();
    const wait = waitMs(this.#rule, this.#last, fix, now);
    if (wait === 0) {
      this.#held = null;
      this.#last = { lng: fix.lng, lat: fix.lat, time: fix.time, at: now };
      this.#pass(fix);
    } else if (Number.isFinite(wait)) {
      this.#timer = setTimeout(() => {
        this.#timer = null;
        this.#consider();
      }, wait);
    } else {
      this.#held = null;
    }
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
