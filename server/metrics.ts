import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/**
 * Process health figures for /healthz and the benchmarks: event-loop delay percentiles since the last reset.
 * The histogram samples every 5 ms, so it sees stalls from the position hot path and command handling alike.
 */
export class LoopMonitor {
  readonly #h: IntervalHistogram = monitorEventLoopDelay({ resolution: 5 });

  constructor() {
    this.#h.enable();
  }

  /** milliseconds */
  snapshot(): { p50Ms: number; p99Ms: number; maxMs: number } {
    const ms = (ns: number) => Math.round((ns / 1e6) * 100) / 100;
    return { p50Ms: ms(this.#h.percentile(50)), p99Ms: ms(this.#h.percentile(99)), maxMs: ms(this.#h.max) };
  }

  reset(): void {
    this.#h.reset();
  }

  stop(): void {
    this.#h.disable();
  }
}
