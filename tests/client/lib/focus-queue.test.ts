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

  describe('SLA breaches', () => {
    /** an open incident of `priority` reported at `createdAt`, with a minute to dispatch and ten to arrive */
    const due = (id: string, createdAt: number, over: Partial<Incident> = {}) =>
      incidentFixture({
        id,
        priority: 2,
        createdAt,
        dispatchBy: createdAt + 60_000,
        arriveBy: createdAt + 600_000,
        resolveBy: createdAt + 3_600_000,
        ...over
      });

    it('gives a dispatch deadline that passes the focus once, naming the clock', () => {
      const open = [due('a', T0)];
      queue.observe(open, T0 + 60_000);
      expect(queue.current).toBeNull();
      queue.observe(open, T0 + 60_001);
      expect(queue.turn).toEqual({ incidentId: 'a', breach: 'dispatch' });
      vi.advanceTimersByTime(HOLD_MS);
      expect(queue.current).toBeNull();
      // one turn per breach, however long it stays breached
      queue.observe(open, T0 + 60_001 + HOLD_MS);
      expect(queue.current).toBeNull();
    });

    it('queues a breach behind the turn under way, and drops it once the clock is met', () => {
      queue.observe([p1('first', T0)], T0);
      const late = due('late', T0 - 61_000);
      queue.observe([p1('first', T0), late], T0);
      expect(queue.current).toBe('first');
      expect(queue.waiting).toEqual(['late']);
      // a unit is sent before its turn comes: the wall need not fly to it
      queue.observe([p1('first', T0), { ...late, status: 'dispatched' }], T0 + 1000);
      expect(queue.waiting).toEqual([]);
    });

    it('gives up the focus at once when the breach in focus is fixed', () => {
      const late = due('late', T0 - 61_000);
      queue.observe([late], T0);
      expect(queue.current).toBe('late');
      queue.observe([{ ...late, status: 'en_route' }], T0 + 1000);
      expect(queue.current).toBeNull();
    });

    it('leaves breaches older than the fresh window alone when the wall opens', () => {
      queue.observe([due('old', T0 - 60_000 - FOCUS_FRESH_MS - 1)], T0);
      expect(queue.current).toBeNull();
    });

    it('lets a P1’s breach take over its own turn with a full hold, rather than queue the place twice', () => {
      // a dispatch window shorter than the wall's hold (SLA is configurable)
      const fire = p1('fire', T0, { dispatchBy: T0 + 20_000, arriveBy: T0 + 600_000 });
      queue.observe([fire], T0);
      expect(queue.turn).toEqual({ incidentId: 'fire', breach: null });
      vi.advanceTimersByTime(20_001);
      queue.observe([fire], T0 + 20_001);
      expect(queue.turn).toEqual({ incidentId: 'fire', breach: 'dispatch' });
      expect(queue.endsAt).toBe(T0 + 20_001 + HOLD_MS);
      expect(queue.waiting).toEqual([]);
    });

    it('rings the arrival breach of a dispatched incident as a turn of its own', () => {
      const sent = due('sent', T0 - 600_001, { status: 'accepted' });
      queue.observe([sent], T0);
      expect(queue.turn).toEqual({ incidentId: 'sent', breach: 'arrive' });
    });
  });
});
