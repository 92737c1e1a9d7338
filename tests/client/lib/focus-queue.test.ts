import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Incident } from '../../../shared/domain.ts';
import { FOCUS_FRESH_MS, FocusQueue } from '../../../client/src/lib/focus-queue.svelte.ts';
import { incidentFixture } from '../../fixtures/incidents.ts';

/** The wall's attention with fake timers: which P1 holds the focus, for how long, and what waits. */

const HOLD_MS = 45_000;
const T0 = 1_764_300_000_000;

const p1 = (id: string, createdAt: number, over: Partial<Incident> = {}) =>
  incidentFixture({ id, priority: 1, createdAt, ...over });

describe('FocusQueue', () => {
  let queue: FocusQueue;
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
    queue = new FocusQueue({ holdMs: HOLD_MS });
  });
  afterEach(() => {
    queue.dispose();
    vi.useRealTimers();
  });

  it('stays on the district with no incidents, or with none of priority 1', () => {
    queue.observe([], T0);
    queue.observe([incidentFixture({ id: 'p2', priority: 2, createdAt: T0 })], T0);
    expect(queue.current).toBeNull();
    expect(queue.endsAt).toBe(0);
  });

  it('gives a new P1 the focus for the hold time, then returns to the district', () => {
    const open = [p1('a', T0)];
    queue.observe(open, T0);
    expect(queue.current).toBe('a');
    expect(queue.endsAt).toBe(T0 + HOLD_MS);
    vi.advanceTimersByTime(HOLD_MS - 1);
    expect(queue.current).toBe('a');
    vi.advanceTimersByTime(1);
    expect(queue.current).toBeNull();
    // seen once is enough: the same P1 does not come back however often it is observed
    queue.observe(open, T0 + HOLD_MS);
    expect(queue.current).toBeNull();
  });

  it('leaves P1s reported before the wall looked (older than the fresh window) alone', () => {
    queue.observe([p1('old', T0 - FOCUS_FRESH_MS - 1), p1('recent', T0 - 10_000)], T0);
    expect(queue.current).toBe('recent');
    expect(queue.waiting).toEqual([]);
  });

  it('queues P1s that arrive during another’s turn, in the order they were reported', () => {
    queue.observe([p1('a', T0)], T0);
    queue.observe([p1('a', T0), p1('c', T0 + 2000), p1('b', T0 + 1000)], T0 + 3000);
    expect(queue.current).toBe('a');
    expect(queue.waiting).toEqual(['b', 'c']);
    vi.advanceTimersByTime(HOLD_MS);
    expect(queue.current).toBe('b');
    expect(queue.waiting).toEqual(['c']);
    vi.advanceTimersByTime(HOLD_MS);
    expect(queue.current).toBe('c');
    vi.advanceTimersByTime(HOLD_MS);
    expect(queue.current).toBeNull();
  });

  it('moves on at once when the P1 in focus is no longer open, and drops closed ones that wait', () => {
    queue.observe([p1('a', T0), p1('b', T0 + 1), p1('c', T0 + 2)], T0);
    expect(queue.current).toBe('a');
    queue.observe([p1('c', T0 + 2)], T0 + 5000);
    expect(queue.current).toBe('c');
    expect(queue.waiting).toEqual([]);
    // the new turn gets its full hold time
    expect(queue.endsAt).toBe(T0 + HOLD_MS);
    vi.advanceTimersByTime(HOLD_MS - 1);
    expect(queue.current).toBe('c');
    queue.observe([], T0 + HOLD_MS);
    expect(queue.current).toBeNull();
  });

  it('holds the next turn for a new hold time, the current one keeping its own', () => {
    queue.observe([p1('a', T0), p1('b', T0 + 1)], T0);
    queue.setHold(5000);
    vi.advanceTimersByTime(HOLD_MS);
    expect(queue.current).toBe('b');
    vi.advanceTimersByTime(5000);
    expect(queue.current).toBeNull();
  });

  it('ends a turn early on skip, and a disposed queue fires no more', () => {
    queue.observe([p1('a', T0), p1('b', T0 + 1)], T0);
    queue.skip();
    expect(queue.current).toBe('b');
    queue.dispose();
    vi.advanceTimersByTime(10 * HOLD_MS);
    expect(queue.current).toBe('b');
  });
});
