import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  OPEN_STATUSES,
  RECENT_MS,
  type Incident,
  type IncidentStatus
} from '../../../shared/domain.ts';
import { IncidentStore, SWEEP_MS } from '../../../client/src/lib/incidents.svelte.ts';
import { incidentFixture } from '../../fixtures/incidents.ts';

/**
 * The screens' incident store over days of changes, with fake timers: it keeps what the server keeps (open
 * incidents, finished ones for RECENT_MS after their last change) and nothing older, whatever screen stays open.
 */

const T0 = 1_764_300_000_000;
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** the server's side of the wire: numbers every change as the dispatch service does */
class Server {
  seq = 0;
  constructor(readonly store: IncidentStore) {}

  /** the incident as changed now, broadcast to the store */
  change(id: string, status: IncidentStatus, over: Partial<Incident> = {}): Incident {
    const incident = incidentFixture({ id, status, createdAt: T0, updatedAt: Date.now(), ...over });
    this.store.applyChanges([{ seq: ++this.seq, type: status, incident }]);
    return incident;
  }
}

describe('IncidentStore', () => {
  let store: IncidentStore;
  let server: Server;
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
    store = new IncidentStore();
    server = new Server(store);
  });
  afterEach(() => {
    store.dispose();
    vi.useRealTimers();
  });

  it('holds only open and recent incidents after days of churn, with lastSeq at the last change', () => {
    // three days: an incident reported every 10 minutes, finished 40 minutes later; every 12th stays open
    const finished = ['resolved', 'closed', 'cancelled'] as const;
    const openIds: string[] = [];
    for (let n = 0; n < 3 * 24 * 6; n++) {
      server.change(`I${n}`, 'reported');
      if (n % 12 === 0) openIds.push(`I${n}`);
      const done = n - 4;
      if (done >= 0 && done % 12 !== 0) server.change(`I${done}`, finished[done % 3]);
      // the sweep runs on its timer between changes
      vi.advanceTimersByTime(10 * MINUTE_MS);
    }
    const now = Date.now();
    const all = store.all;
    expect(all.filter((i) => OPEN_STATUSES.includes(i.status)).map((i) => i.id)).toEqual(
      expect.arrayContaining(openIds)
    );
    for (const i of all) {
      if (!OPEN_STATUSES.includes(i.status))
        expect(now - i.updatedAt).toBeLessThanOrEqual(RECENT_MS);
    }
    // 36 kept open over three days, the last four not finished yet, 6 h of finished ones (about 33)
    expect(store.open.length).toBe(openIds.length + 4);
    expect(all.length).toBeLessThan(openIds.length + 4 + RECENT_MS / (10 * MINUTE_MS) + 1);
    expect(store.lastSeq).toBe(server.seq);
  });

  it('drops a finished incident once RECENT_MS has passed since its last change, on the sweep alone', () => {
    server.change('A', 'closed');
    server.change('B', 'resolved');
    server.change('C', 'on_scene');
    vi.advanceTimersByTime(RECENT_MS);
    expect(store.all.map((i) => i.id).sort()).toEqual(['A', 'B', 'C']);
    vi.advanceTimersByTime(SWEEP_MS);
    expect(store.all.map((i) => i.id)).toEqual(['C']);
    expect(store.resolved).toEqual([]);
    expect(store.lastSeq).toBe(3);
  });

  it('brings back a dropped incident that changes again (reopened)', () => {
    server.change('A', 'resolved');
    vi.advanceTimersByTime(RECENT_MS + SWEEP_MS);
    expect(store.get('A')).toBeUndefined();
    server.change('A', 'reported');
    expect(store.get('A')?.status).toBe('reported');
    expect(store.open.map((i) => i.id)).toEqual(['A']);
    expect(store.lastSeq).toBe(2);
  });

  it('does not take back a dropped incident from a replayed change it already applied', () => {
    const old = server.change('A', 'closed');
    vi.advanceTimersByTime(RECENT_MS + SWEEP_MS);
    expect(store.applyChanges([{ seq: 1, type: 'closed', incident: old }])).toBe(0);
    expect(store.get('A')).toBeUndefined();
  });

  it('counts but does not keep a change that finished an incident longer ago than RECENT_MS', () => {
    // a sync's replay after a night offline: the close is news, the incident is not kept
    server.change('A', 'reported');
    const closedAt = Date.now();
    vi.advanceTimersByTime(RECENT_MS + HOUR_MS);
    const closed = incidentFixture({ id: 'A', status: 'cancelled', updatedAt: closedAt });
    expect(store.applyChanges([{ seq: 2, type: 'cancelled', incident: closed }])).toBe(1);
    expect(store.get('A')).toBeUndefined();
    expect(store.lastSeq).toBe(2);
  });

  it('leaves old finished incidents out of a snapshot but keeps its seq', () => {
    const now = Date.now();
    store.replaceAll(
      [
        incidentFixture({ id: 'old', status: 'closed', updatedAt: now - RECENT_MS - 1 }),
        incidentFixture({ id: 'edge', status: 'closed', updatedAt: now - RECENT_MS }),
        incidentFixture({ id: 'open', status: 'reported', updatedAt: now - 3 * RECENT_MS })
      ],
      42
    );
    expect(store.all.map((i) => i.id).sort()).toEqual(['edge', 'open']);
    expect(store.lastSeq).toBe(42);
  });

  it('keeps the incident a screen holds open until the screen lets go', () => {
    let selected: string | null = null;
    const letGo = store.keep(() => [selected]);
    server.change('A', 'closed');
    server.change('B', 'closed');
    selected = 'A';
    vi.advanceTimersByTime(RECENT_MS + SWEEP_MS);
    expect(store.all.map((i) => i.id)).toEqual(['A']);
    // a change to the held incident is kept too, however old its last change
    server.change('A', 'closed', { updatedAt: Date.now() - 2 * RECENT_MS });
    expect(store.get('A')?.updatedAt).toBe(Date.now() - 2 * RECENT_MS);
    letGo();
    vi.advanceTimersByTime(SWEEP_MS);
    expect(store.all).toEqual([]);
    expect(store.lastSeq).toBe(3);
  });

  it('measures age on the clock it is given (the server’s)', () => {
    // the server's clock is 2 h behind this one: on ours the incident would look 2 h older than it is
    const offsetMs = -2 * HOUR_MS;
    const behind = new IncidentStore({ now: () => Date.now() + offsetMs });
    try {
      const incident = incidentFixture({ id: 'A', status: 'closed', updatedAt: T0 + offsetMs });
      behind.applyChanges([{ seq: 1, type: 'closed', incident }]);
      vi.advanceTimersByTime(RECENT_MS - HOUR_MS);
      expect(behind.get('A')).toBeDefined();
      vi.advanceTimersByTime(HOUR_MS + SWEEP_MS);
      expect(behind.get('A')).toBeUndefined();
    } finally {
      behind.dispose();
    }
  });

  it('stops sweeping once disposed', () => {
    server.change('A', 'closed');
    store.dispose();
    vi.advanceTimersByTime(RECENT_MS + 10 * SWEEP_MS);
    expect(store.get('A')).toBeDefined();
    expect(vi.getTimerCount()).toBe(0);
  });
});
