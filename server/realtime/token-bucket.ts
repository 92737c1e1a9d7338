/**
 * A token bucket: `ratePerS` tokens a second up to `burst`. One per socket and kind of request, so one noisy or
 * hostile client is slowed without touching anyone else.
 */
export class TokenBucket {
  readonly #rate: number;
  readonly #burst: number;
  #tokens: number;
  #at: number;

  constructor(ratePerS: number, burst: number, now = Date.now()) {
    this.#rate = ratePerS / 1000;
    this.#burst = burst;
    this.#tokens = burst;
    this.#at = now;
  }

  /** Takes `n` tokens if there are that many; a request that costs more than one (a batch) says so. */
  take(now = Date.now(), n = 1): boolean {
    this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#at) * this.#rate);
    this.#at = now;
    if (this.#tokens < n) return false;
    this.#tokens -= n;
    return true;
  }
}
