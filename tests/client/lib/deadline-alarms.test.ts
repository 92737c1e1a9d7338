import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../shared/domain.ts';
import {
  ACK_STORAGE_KEY,
  BREACH_FRESH_MS,
  DeadlineAlarms
} from '../../../client/src/lib/deadline-alarms.svelte.ts';
import { deadlineAlerts } from '../../../client/src/lib/sla.ts';
import { incidentFixture } from '../../fixtures/incidents.ts';

/** One desk's deadline alarms: what shows, what rings and what its dispatcher has acknowledged on it. */

const T0 = 1_764_300_000_000;

/** an undispatched P1 reported at `createdAt`, its minute to dispatch and ten to arrive */
const p1 = (id: string, createdAt: number, over: Partial<Incident> = {}) =>
  incidentFixture({
    id,
    priority: 1,
    createdAt,
    dispatchBy: createdAt + 60_000,
    arriveBy: createdAt + 600_000,
    resolveBy: createdAt + 3_600_000,
    ...over
  });

/** sessionStorage as a browser tab keeps it */
class MemoryStorage implements Storage {
  #items = new Map<string, string>();
  get length() {
    return this.#items.size;
  }
  clear() {
    this.#items.clear();
  }
  getItem(key: string) {
    return this.#items.get(key) ?? null;
  }
  key(n: number) {
    return [...this.#items.keys()][n] ?? null;
  }
  removeItem(key: string) {
    this.#items.delete(key);
  }
  setItem(key: string, value: string) {
    this.#items.set(key, value);
  }
}

const keys = (alerts: { key: string }[]) => alerts.map((a) => a.key);

describe('DeadlineAlarms', () => {
  it('rings nothing before the desk has started listening (its first sync)', () => {
    const alarms = new DeadlineAlarms(new MemoryStorage());
    const alerts = deadlineAlerts([p1('a', T0)], T0 + 61_000);
    expect(keys(alarms.shown(alerts))).toEqual(['a:dispatch']);
    expect(alarms.ringing(alerts)).toEqual([]);
  });

  it('rings a breach that happens while the desk listens until it is acknowledged on this desk', () => {
    const storage = new MemoryStorage();
    const alarms = new DeadlineAlarms(storage);
    alarms.start(T0 + 10_000);
    const open = [p1('a', T0)];
    expect(alarms.ringing(deadlineAlerts(open, T0 + 60_000))).toEqual([]);
    const late = deadlineAlerts(open, T0 + 60_001);
    expect(keys(alarms.ringing(late))).toEqual(['a:dispatch']);

    alarms.acknowledge('a:dispatch');
    expect(alarms.ringing(late)).toEqual([]);
    // off this desk's bar too; the acknowledgement outlives a reload of the tab
    expect(alarms.shown(late)).toEqual([]);
    const reloaded = new DeadlineAlarms(storage);
    reloaded.start(T0 + 70_000);
    expect(reloaded.ringing(late)).toEqual([]);
    expect(JSON.parse(storage.getItem(ACK_STORAGE_KEY)!)).toEqual(['a:dispatch']);
  });

  it('shows an old breach found when the desk opens without ringing it, but rings one just passed', () => {
    const alarms = new DeadlineAlarms(new MemoryStorage());
    const opened = T0 + 3_600_000;
    alarms.start(opened);
    const ancient = p1('old', T0);
    // its dispatch deadline passed 10 s before the desk opened: still news
    const recent = p1('new', opened - 70_000);
    const alerts = deadlineAlerts([ancient, recent], opened);
    expect(keys(alarms.shown(alerts)).sort()).toEqual(['new:dispatch', 'old:dispatch']);
    expect(keys(alarms.ringing(alerts))).toEqual(['new:dispatch']);
    // the window's edge: exactly BREACH_FRESH_MS before the start is no longer news
    const edge = p1('edge', opened - BREACH_FRESH_MS - 60_000);
    expect(alarms.ringing(deadlineAlerts([edge], opened))).toEqual([]);
  });

  it('lets a fixed breach go by itself, and rings the next clock’s breach again', () => {
    const alarms = new DeadlineAlarms(new MemoryStorage());
    alarms.start(T0);
    const a = p1('a', T0);
    alarms.acknowledge('a:dispatch');
    // dispatched: the dispatch clock no longer alarms anywhere
    const sent = { ...a, status: 'en_route' as const };
    expect(deadlineAlerts([sent], T0 + 300_000)).toEqual([]);
    // the arrival deadline passes: another breach, which the dispatch acknowledgement does not cover
    const late = deadlineAlerts([sent], T0 + 600_001);
    expect(keys(alarms.ringing(late))).toEqual(['a:arrive']);
  });

  it('never rings or hides a warning, and chimes only warnings that began while it listened', () => {
    const alarms = new DeadlineAlarms(new MemoryStorage());
    const opened = T0 + 3_600_000;
    alarms.start(opened);
    const old = p1('old', T0, { status: 'dispatched' }); // arrival warned long ago… and breached
    const fresh = p1('fresh', opened - 45_000); // dispatch warns from 42 s
    const alerts = deadlineAlerts([old, fresh], opened);
    expect(alerts.map((a) => [a.key, a.level])).toEqual([
      ['old:arrive', 'breach'],
      ['fresh:dispatch', 'warning']
    ]);
    alarms.acknowledge('fresh:dispatch');
    expect(keys(alarms.shown(alerts))).toContain('fresh:dispatch');
    expect(keys(alarms.newWarnings(alerts))).toEqual(['fresh:dispatch']);
    expect(alarms.ringing(alerts)).toEqual([]);
  });

  it('reads a damaged or missing store as nothing acknowledged', () => {
    const storage = new MemoryStorage();
    storage.setItem(ACK_STORAGE_KEY, '{not json');
    const alarms = new DeadlineAlarms(storage);
    alarms.start(T0);
    expect(keys(alarms.ringing(deadlineAlerts([p1('a', T0)], T0 + 61_000)))).toEqual([
      'a:dispatch'
    ]);
    const none = new DeadlineAlarms(null);
    none.start(T0);
    none.acknowledge('a:dispatch');
    expect(none.ringing(deadlineAlerts([p1('a', T0)], T0 + 61_000))).toEqual([]);
  });
});
