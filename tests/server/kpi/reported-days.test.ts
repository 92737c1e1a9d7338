import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Incident } from '../../../shared/domain.ts';
import { hourOf } from '../../../server/kpi/day.ts';
import {
  countHours,
  hoursOf,
  ReportedDays,
  SETTLE_MS,
  type TownHours
} from '../../../server/kpi/reported-days.ts';
import { dispatchRig, must } from '../../fixtures/dispatch.ts';
import { T1, T2 } from '../../fixtures/mini-district.ts';
import { incidentFixture } from '../../fixtures/incidents.ts';
import { unit } from '../../fixtures/units.ts';

/**
 * Today's incidents and the week's hourly counts through the real dispatch service and SQLite store, with a spy on
 * the store's `incidentsCreated` to see which days each request reads. `NOW` is 10:00 in Shanghai on 28 November;
 * `TODAY` its midnight (16:00 UTC the day before).
 */

const NOW = Date.UTC(2026, 10, 28, 2, 0);
const TODAY = Date.UTC(2026, 10, 27, 16, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T1_POINT: [number, number] = [118.905, 31.315];
const T2_POINT: [number, number] = [118.935, 31.315];

let n = 0;
let stop: (() => void) | null = null;
afterEach(() => {
  stop?.();
  vi.restoreAllMocks();
});

async function rig() {
  const r = await dispatchRig([unit(0)]);
  stop = () => r.dispatch.stop();
  const report = async (at: [number, number], now: number) =>
    must(
      await r.dispatch.create(
        {
          commandId: `days-${++n}`,
          category: 'dispute',
          priority: 3,
          lng: at[0],
          lat: at[1],
          source: 'hotline',
          description: '按日计数'
        },
        r.system,
        now
      )
    );
  const reads = vi.spyOn(r.store, 'incidentsCreated');
  return { ...r, report, reads };
}

/** the 24 counts of the towns kept, added up, as a plain array to compare */
const hours = (week: TownHours, towns = [T1, T2]) => hoursOf(week, (t) => towns.includes(t));

/** 24 counts with `n` at each hour given */
function counts(at: Record<number, number>): number[] {
  const out = new Array<number>(24).fill(0);
  for (const [h, k] of Object.entries(at)) out[Number(h)] = k;
  return out;
}

describe('ReportedDays', () => {
  it('reads the past 7 days once: a second request that day reads only today', async () => {
    const r = await rig();
    await r.report(T1_POINT, TODAY - 8 * DAY + 9 * HOUR); // eight days back: outside the week
    await r.report(T1_POINT, TODAY - 7 * DAY + 9 * HOUR);
    await r.report(T2_POINT, TODAY - DAY + 9 * HOUR + 30 * MIN);
    await r.report(T1_POINT, TODAY - 30 * MIN); // 23:30 yesterday
    const today = await r.report(T2_POINT, TODAY + 9 * HOUR);
    const days = new ReportedDays(r.store);

    const first = await days.read(NOW);
    expect(r.reads.mock.calls).toEqual([
      [TODAY - 7 * DAY, TODAY],
      [TODAY, TODAY + DAY]
    ]);
    expect(first.today.map((i) => i.id)).toEqual([today.id]);
    expect(hours(first.week)).toEqual(counts({ 9: 2, 23: 1 }));
    expect(hours(first.week, [T1])).toEqual(counts({ 9: 1, 23: 1 }));

    r.reads.mockClear();
    const second = await days.read(NOW + HOUR);
    expect(r.reads.mock.calls).toEqual([[TODAY, TODAY + DAY]]);
    expect(second).toEqual(first);
  });

  it('reads a past day once for requests that arrive together', async () => {
    const r = await rig();
    await r.report(T1_POINT, TODAY - 2 * DAY);
    const days = new ReportedDays(r.store);
    const [a, b] = await Promise.all([days.read(NOW), days.read(NOW)]);
    expect(r.reads.mock.calls.filter(([from]) => from < TODAY)).toHaveLength(1);
    expect(hours(a.week)).toEqual(hours(b.week));
    expect(hours(a.week).reduce((s, k) => s + k, 0)).toBe(1);
  });

  it('rolls over at midnight: the day that was today is read once, the eighth day back dropped', async () => {
    const r = await rig();
    await r.report(T1_POINT, TODAY - 7 * DAY + HOUR);
    await r.report(T1_POINT, TODAY + 9 * HOUR);
    const days = new ReportedDays(r.store);
    await days.read(NOW);
    expect(days.keptDays).toEqual([1, 2, 3, 4, 5, 6, 7].map((k) => TODAY - k * DAY).reverse());

    const next = TODAY + DAY;
    await r.report(T1_POINT, next + HOUR);
    r.reads.mockClear();
    const after = await days.read(next + SETTLE_MS + MIN);
    expect(r.reads.mock.calls).toEqual([
      [TODAY, next],
      [next, next + DAY]
    ]);
    expect(days.keptDays).toEqual([0, 1, 2, 3, 4, 5, 6].map((k) => TODAY - k * DAY).reverse());
    // the 01:00 seven days back has left the week; the 09:00 of the day before has joined it
    expect(hours(after.week)).toEqual(counts({ 9: 1 }));
    expect(after.today.map((i) => hourOf(i.createdAt))).toEqual([1]);
  });

  it('adds up the whole week for a request still waiting while one after midnight rolls the days over', async () => {
    const r = await rig();
    await r.report(T1_POINT, TODAY - 7 * DAY + HOUR);
    const days = new ReportedDays(r.store);
    await days.read(NOW);
    const late = TODAY + DAY - MIN;
    const before = days.read(late);
    // the next request lands before the first has added up its days, and drops the eighth day back
    const after = days.read(TODAY + DAY + SETTLE_MS + MIN);
    expect(hours((await before).week)).toEqual(counts({ 1: 1 }));
    expect(hours((await after).week)).toEqual(counts({}));
  });

  it('reads yesterday with today until it has settled, so a command committed after midnight still counts', async () => {
    const r = await rig();
    const days = new ReportedDays(r.store);
    await days.read(TODAY + MIN);
    expect(r.reads.mock.calls.at(-1)).toEqual([TODAY - DAY, TODAY + DAY]);
    expect(days.keptDays).not.toContain(TODAY - DAY);

    // timed a second before midnight, committed after the first request
    await r.report(T2_POINT, TODAY - 1000);
    const late = await days.read(TODAY + 2 * MIN);
    expect(hours(late.week)).toEqual(counts({ 23: 1 }));
    expect(late.today).toEqual([]);

    r.reads.mockClear();
    const settled = await days.read(TODAY + SETTLE_MS);
    expect(r.reads.mock.calls).toEqual([
      [TODAY - DAY, TODAY],
      [TODAY, TODAY + DAY]
    ]);
    expect(hours(settled.week)).toEqual(counts({ 23: 1 }));
  });

  it('reads a day again after a read that failed', async () => {
    const r = await rig();
    await r.report(T1_POINT, TODAY - 3 * DAY + 5 * HOUR);
    const days = new ReportedDays(r.store);
    r.reads.mockRejectedValueOnce(new Error('disk gone'));
    await expect(days.read(NOW)).rejects.toThrow('disk gone');
    expect(days.keptDays).toEqual([]);
    const again = await days.read(NOW);
    expect(hours(again.week)).toEqual(counts({ 5: 1 }));
  });
});

describe('countHours', () => {
  it('counts by town and Shanghai hour, and nothing for no incidents', () => {
    const at = (id: string, townCode: string, t: number): Incident =>
      incidentFixture({ id, townCode, createdAt: t });
    const week = countHours([
      at('a', T1, TODAY + 30 * MIN),
      at('b', T1, TODAY + 59 * MIN),
      at('c', T2, TODAY + 23 * HOUR + 59 * MIN)
    ]);
    expect(hoursOf(week, (t) => t === T1)).toEqual(counts({ 0: 2 }));
    expect(hoursOf(week, (t) => t === T2)).toEqual(counts({ 23: 1 }));
    expect(hoursOf(countHours([]), () => true)).toEqual(counts({}));
  });
});
