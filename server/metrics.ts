import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/**
 * Process health figures for /healthz and the benchmarks: event-loop delay percentiles since the last reset.
 * The histogram samples every 5 ms, so it sees stalls from the position hot path and command handling alike.
 */
const RESOLUTION_MS = 5;

export class LoopMonitor {
  readonly #h: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });

  constructor() {
    this.#h.enable();
  }

  /** milliseconds */
  snapshot(): { p50Ms: number; p99Ms: number; maxMs: number } {
    // the histogram records whole timer intervals; the delay is what exceeds the sampling interval
    const ms = (ns: number) => Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 100) / 100);
    return {
      p50Ms: ms(this.#h.percentile(50)),
      p99Ms: ms(this.#h.percentile(99)),
      maxMs: ms(this.#h.max)
    };
  }

  reset(): void {
    this.#h.reset();
  }

  stop(): void {
    this.#h.disable();
  }
}
