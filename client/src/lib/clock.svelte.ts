/**
 * A coarse reactive clock for ages and SLA countdowns: one tick a second is enough for "12 分钟", and one shared
 * timer beats one per row.
 */
export class Clock {
  #now = $state(Date.now());
  #offsetMs: () => number;
  #timer: ReturnType<typeof setInterval>;

  /** `offsetMs` is the server's clock minus ours, so ages agree with server timestamps */
  constructor(offsetMs: () => number = () => 0, periodMs = 1000) {
    this.#offsetMs = offsetMs;
    this.#timer = setInterval(() => (this.#now = Date.now()), periodMs);
  }

  /** server time, epoch ms */
  get now(): number {
    return this.#now + this.#offsetMs();
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
