/**
 * Sign-in back-off per username, beside the per-address limit: many addresses guessing one account's password
 * get one guess a minute at most between them, while the real user waits no more than a minute after a slip.
 *
 * After `FREE_FAILURES` failures in a row for a name (a streak ends when `STREAK_MS` pass without a failure), each
 * further attempt waits `BASE_MS`, doubling with every failure, up to `MAX_MS`, from the last failure. An attempt
 * let through counts as a failure at once and is cleared by its success: attempts that race each other see the
 * wait the first of them started. An attempt made during a wait is refused without checking the password and
 * does not lengthen the wait, so a flood of refused attempts cannot keep the real user out.
 *
 * Names are whatever was typed, known or not (an unknown name is treated exactly like a known one: nothing to
 * learn from the answers or their timing). Memory is bounded: names are kept in order of their last attempt,
 * those whose streak ended are dropped first, then the least recently tried.
 */

export const FREE_FAILURES = 5;
export const STREAK_MS = 15 * 60_000;
export const BASE_MS = 1000;
export const MAX_MS = 60_000;
export const MAX_NAMES = 10_000;

export type Attempt =
  /** go ahead and check the password; `failures` counts this attempt */
  | { ok: true; failures: number }
  /** refused: wait this long */
  | { ok: false; waitMs: number };

interface Streak {
  failures: number;
  /** when the last failure (or attempt let through) was */
  last: number;
}

export class LoginBackoff {
  /** insertion order is the order of last attempts: the first entry is the least recently tried */
  readonly #names = new Map<string, Streak>();
  readonly #maxNames: number;

  constructor(maxNames = MAX_NAMES) {
    this.#maxNames = maxNames;
  }

  get size(): number {
    return this.#names.size;
  }

  /** Before a password is checked: lets the attempt through (counting it as a failure for now) or says how long to wait. */
  attempt(username: string, now: number): Attempt {
    let s = this.#names.get(username);
    if (s && now - s.last >= STREAK_MS) s = undefined;
    this.#names.delete(username);
    const waitMs = s ? s.last + delayAfter(s.failures) - now : 0;
    if (s && waitMs > 0) {
      this.#names.set(username, s);
      return { ok: false, waitMs };
    }
    const next = { failures: (s?.failures ?? 0) + 1, last: now };
    this.#names.set(username, next);
    this.#prune(now);
    return { ok: true, failures: next.failures };
  }

  /** The password was right: the streak ends. */
  succeeded(username: string): void {
    this.#names.delete(username);
  }

  #prune(now: number): void {
    for (const [name, s] of this.#names) {
      if (this.#names.size <= this.#maxNames && now - s.last < STREAK_MS) return;
      this.#names.delete(name);
    }
  }
}

/** how long after the last of `failures` failures the next attempt must wait */
function delayAfter(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(BASE_MS * 2 ** (failures - FREE_FAILURES), MAX_MS);
}
