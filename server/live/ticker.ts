import type { LiveRegistry } from './registry.ts';
import type { ViewFrame } from '../realtime/frames.ts';
import type { Store } from '../store/store.ts';

/**
 * The heartbeat of the live map: every tick, the units that changed since the last tick go out as binary frames,
 * one per room; every second the kept history points are appended to the store in one batch.
 */

/** short, so each synchronous append stays small (about 1,300 rows for 20,000 units) and never stalls the loop */
const HISTORY_FLUSH_MS = 1_000;

export interface Ticker {
  stop(): Promise<void>;
}

export function startTicker(opts: {
  live: LiveRegistry;
  store: Store;
  tickMs: number;
  frames: (now: number) => Map<string, ViewFrame>;
  send: (room: string, frame: ViewFrame) => void;
  onError: (e: unknown) => void;
}): Ticker {
  const { live, store, send } = opts;
  let lastFlush = Date.now();
  let flushing: Promise<void> = Promise.resolve();

  const flush = () => {
    const rows = live.takeHistory();
    flushing = flushing.then(() => store.appendPositions(rows)).catch(opts.onError);
    return flushing;
  };

  const timer = setInterval(() => {
    try {
      const now = Date.now();
      for (const [room, frame] of opts.frames(now)) send(room, frame);
      if (now - lastFlush >= HISTORY_FLUSH_MS) {
        lastFlush = now;
        void flush();
      }
    } catch (e) {
      opts.onError(e);
    }
  }, opts.tickMs);
  timer.unref();

  return {
    async stop() {
      clearInterval(timer);
      await flush();
    }
  };
}
