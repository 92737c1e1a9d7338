import { afterEach, describe, expect, it } from 'vitest';
import {
  formatAverage,
  formatCount,
  formatDuration,
  formatShare,
  shareOf
} from '../../../client/src/lib/kpi-format.ts';
import { locale } from '../../../client/src/lib/locale.svelte.ts';

/** The wall's figures as printed, with Intl, in each language. */

const MIN = 60_000;

afterEach(() => locale.set('zh'));

describe('kpi-format', () => {
  it('prints shares as whole percentages and no share as a dash', () => {
    expect(shareOf(3, 4)).toBe(0.75);
    expect(shareOf(0, 0)).toBeNull();
    expect(formatShare(0.754)).toBe('75%');
    expect(formatShare(null)).toBe('—');
  });

  it('prints durations in seconds under a minute, minutes (a decimal under ten), hours from two', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(42_400)).toBe('42秒');
    expect(formatDuration(2.25 * MIN)).toBe('2.3分钟');
    expect(formatDuration(14.4 * MIN)).toBe('14分钟');
    expect(formatDuration(210 * MIN)).toBe('3.5小时');
    locale.set('en');
    // the unit's English abbreviation differs between ICU versions (min, mins)
    expect(formatDuration(2.25 * MIN)).toMatch(/^2\.3 min/);
    expect(formatDuration(210 * MIN)).toMatch(/^3\.5 h/);
  });

  it('groups thousands and keeps one decimal of an average', () => {
    expect(formatCount(12345)).toBe('12,345');
    expect(formatAverage(3 / 7)).toBe('0.4');
    expect(formatAverage(0)).toBe('0');
  });
});
