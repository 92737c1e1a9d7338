import { describe, expect, it } from 'vitest';
import { DAY_MS, dayStart, hourOf } from '../../../server/kpi/day.ts';

/** The district's calendar: days and hours in Asia/Shanghai (UTC+8, no daylight saving), whatever the host's zone. */

describe('dayStart', () => {
  it('starts the day at midnight in Shanghai, which is 16:00 UTC the day before', () => {
    expect(dayStart(Date.UTC(2026, 10, 28, 2, 0))).toBe(Date.UTC(2026, 10, 27, 16, 0));
  });

  it('puts the last millisecond before Shanghai midnight in the old day and midnight itself in the new one', () => {
    const midnight = Date.UTC(2026, 10, 28, 16, 0);
    expect(dayStart(midnight - 1)).toBe(midnight - DAY_MS);
    expect(dayStart(midnight)).toBe(midnight);
  });

  it('agrees with Intl in Asia/Shanghai on the date of each day start', () => {
    const f = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23'
    });
    for (const t of [
      0,
      Date.UTC(1999, 0, 1, 12),
      Date.UTC(2026, 5, 30, 23, 59),
      Date.UTC(2030, 2, 10, 7)
    ]) {
      expect(f.format(dayStart(t))).toMatch(/, 00:00$/);
      expect(f.format(dayStart(t)).slice(0, 10)).toBe(f.format(t).slice(0, 10));
    }
  });

  it('handles times before 1970', () => {
    const t = Date.UTC(1965, 3, 1, 20, 0);
    expect(dayStart(t)).toBe(Date.UTC(1965, 3, 1, 16, 0));
  });
});

describe('hourOf', () => {
  it('reads the wall-clock hour in Shanghai', () => {
    expect(hourOf(Date.UTC(2026, 10, 28, 2, 30))).toBe(10);
    expect(hourOf(Date.UTC(2026, 10, 27, 16, 0))).toBe(0);
    expect(hourOf(Date.UTC(2026, 10, 27, 15, 59, 59))).toBe(23);
  });
});
