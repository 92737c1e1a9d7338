import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BACKLOG_GATE,
  Gate,
  LIVE_GATE,
  waitMs,
  type GatedFix
} from '../../../client/src/lib/position-gate.ts';

/** ~1.1 m of latitude per 1e-5 degree near 高淳 */
const M = 1 / 111_195;
const at = (northM: number, time: number): GatedFix => ({
  lng: 118.87,
  lat: 31.33 + northM * M,
  time
});

describe('waitMs', () => {
  it('passes the first fix at once', () => {
    expect(waitMs(LIVE_GATE, null, at(0, 1000), 1000)).toBe(0);
  });

  it('passes a fix that moved 5 m a second or more after the last', () => {
    const last = { ...at(0, 1000), at: 1000 };
    expect(waitMs(LIVE_GATE, last, at(6, 2000), 2000)).toBe(0);
  });

  it('holds a moving fix until a second has gone by since the last one sent', () => {
    const last = { ...at(0, 1000), at: 1000 };
    expect(waitMs(LIVE_GATE, last, at(20, 1300), 1300)).toBe(700);
  });

  it('holds a fix that moved less than 5 m until ten seconds have gone by', () => {
    const last = { ...at(0, 1000), at: 1000 };
    expect(waitMs(LIVE_GATE, last, at(3, 4000), 4000)).toBe(7000);
    expect(waitMs(LIVE_GATE, last, at(3, 4000), 11_000)).toBe(0);
  });

  it('never passes the fix already sent, or an older one', () => {
    const last = { ...at(0, 5000), at: 5000 };
    expect(waitMs(LIVE_GATE, last, at(100, 5000), 60_000)).toBe(Infinity);
    expect(waitMs(LIVE_GATE, last, at(100, 4000), 60_000)).toBe(Infinity);
  });

  it('keeps a backlog fix every 50 m or every 15 s, like the server history', () => {
    const last = { ...at(0, 0), at: 0 };
    expect(waitMs(BACKLOG_GATE, last, at(40, 5000), 5000)).toBe(10_000);
    expect(waitMs(BACKLOG_GATE, last, at(55, 5000), 5000)).toBe(0);
    expect(waitMs(BACKLOG_GATE, last, at(10, 15_000), 15_000)).toBe(0);
  });
});

describe('Gate', () => {
  let now = 0;
  beforeEach(() => {
    vi.useFakeTimers();
    now = 0;
  });
  afterEach(() => vi.useRealTimers());

  const tick = (ms: number) => {
    now += ms;
    vi.advanceTimersByTime(ms);
  };

  it('sends at most one fix a second from a burst, the newest one last', () => {
    const sent: number[] = [];
    const gate = new Gate<GatedFix>(
      LIVE_GATE,
      (f) => sent.push(f.time),
      () => now
    );
    // ten fixes 100 ms apart, each 10 m further on
    for (let i = 0; i < 10; i++) {
      gate.offer(at(10 * i, now));
      tick(100);
    }
    tick(1000);
    expect(sent).toEqual([0, 900]);
  });

  it('sends a held fix of a phone that stopped once the quiet time is over', () => {
    const sent: number[] = [];
    const gate = new Gate<GatedFix>(
      LIVE_GATE,
      (f) => sent.push(f.time),
      () => now
    );
    gate.offer(at(0, 0));
    tick(2000);
    gate.offer(at(1, 2000));
    tick(7999);
    expect(sent).toEqual([0]);
    tick(1);
    expect(sent).toEqual([0, 2000]);
  });

  it('drops what it holds when stopped', () => {
    const sent: number[] = [];
    const gate = new Gate<GatedFix>(
      LIVE_GATE,
      (f) => sent.push(f.time),
      () => now
    );
    gate.offer(at(0, 0));
    gate.offer(at(50, 200));
    gate.stop();
    tick(60_000);
    expect(sent).toEqual([0]);
  });

  it('passes the next fix at once after a reset', () => {
    const sent: number[] = [];
    const gate = new Gate<GatedFix>(
      LIVE_GATE,
      (f) => sent.push(f.time),
      () => now
    );
    gate.offer(at(0, 0));
    tick(200);
    gate.reset();
    gate.offer(at(1, 200));
    expect(sent).toEqual([0, 200]);
  });
});
