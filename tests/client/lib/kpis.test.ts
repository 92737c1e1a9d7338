import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Api, ApiResult } from '../../../client/src/lib/api.ts';
import { KpiFeed } from '../../../client/src/lib/kpis.svelte.ts';
import { computeKpis } from '../../../server/kpi/figures.ts';

/**
 * When the wall fetches its figures: once per burst of incident changes, at least every 5 s while changes never
 * stop, every 15 s regardless, one request at a time. The API answers from a counter here (the timing is what is
 * tested; the route itself is tested in tests/server/routes/kpis.test.ts), with figures the server would compute.
 */

const FIGURES = computeKpis({
  now: 0,
  reported: [],
  weekHours: new Array(24).fill(0),
  open: [],
  units: [],
  unitAlerts: [],
  coverage: [],
  towns: []
});

class CountingApi {
  calls = 0;
  answer: () => ApiResult<unknown> = () => ({ ok: true, status: 200, data: FIGURES });
  /** resolves the answer only when `release` is called, to hold a request in flight */
  hold = false;
  #waiting: Array<() => void> = [];

  async call<T>(): Promise<ApiResult<T>> {
    this.calls++;
    if (this.hold) await new Promise<void>((r) => this.#waiting.push(r));
    return this.answer() as ApiResult<T>;
  }

  release(): void {
    for (const r of this.#waiting.splice(0)) r();
  }
}

let api: CountingApi;
let feed: KpiFeed;

beforeEach(() => {
  vi.useFakeTimers();
  api = new CountingApi();
  feed = new KpiFeed(api as unknown as Api);
});
afterEach(() => {
  feed.close();
  vi.useRealTimers();
});

describe('KpiFeed', () => {
  it('fetches at start and every 15 s', async () => {
    feed.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(api.calls).toBe(1);
    expect(feed.data).toEqual(FIGURES);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(api.calls).toBe(3);
  });

  it('fetches once a second after a burst of changes ends', async () => {
    for (let k = 0; k < 8; k++) {
      feed.changed();
      await vi.advanceTimersByTimeAsync(200);
    }
    expect(api.calls).toBe(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(api.calls).toBe(1);
  });

  it('still fetches every 5 s while changes never stop', async () => {
    for (let k = 0; k < 20; k++) {
      feed.changed();
      await vi.advanceTimersByTimeAsync(500);
    }
    expect(api.calls).toBe(2);
  });

  it('sends one request at a time and fetches once more for changes made during one', async () => {
    api.hold = true;
    const first = feed.refresh();
    void feed.refresh();
    void feed.refresh();
    expect(api.calls).toBe(1);
    api.hold = false;
    api.release();
    await first;
    expect(api.calls).toBe(2);
  });

  it('keeps the last figures and says why when a refresh fails or answers outside the schema', async () => {
    await feed.refresh();
    api.answer = () => ({ ok: false, status: 0, error: 'OFFLINE', message: '' });
    await feed.refresh();
    expect(feed.data).toEqual(FIGURES);
    expect(feed.error).not.toBe('');
    api.answer = () => ({ ok: true, status: 200, data: { ...FIGURES, breaches: -1 } });
    await feed.refresh();
    expect(feed.data).toEqual(FIGURES);
    expect(feed.error).toBe('指标数据格式有误');
    api.answer = () => ({ ok: true, status: 200, data: FIGURES });
    await feed.refresh();
    expect(feed.error).toBe('');
  });
});
