import { afterEach, describe, expect, it } from 'vitest';
import {
  formatAge,
  formatClock,
  formatDate,
  formatDateTime,
  formatLeft,
  formatSpan
} from '../../../client/src/lib/format.ts';
import { locale } from '../../../client/src/lib/locale.svelte.ts';

/** Times that cannot be misread: countdowns in words, clock times in Asia/Shanghai, one date rule per locale. */

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const DAY = 24 * H;
// 2026-12-03 15:04:05 in Shanghai is 07:04:05 UTC
const AT = Date.UTC(2026, 11, 3, 7, 4, 5);

afterEach(() => locale.set('zh'));

describe('formatLeft', () => {
  it('says what is left and what is over, in Chinese', () => {
    expect(formatLeft(23 * H + 56 * MIN + 43 * S)).toBe('剩 23 小时 56 分');
    expect(formatLeft(-5 * MIN)).toBe('超时 5 分');
    expect(formatLeft(-(5 * MIN + 20 * S))).toBe('超时 5 分 20 秒');
  });

  it('says what is left and what is over, in English', () => {
    locale.set('en');
    expect(formatLeft(23 * H + 56 * MIN + 43 * S)).toBe('23 h 56 min left');
    expect(formatLeft(-5 * MIN)).toBe('5 min over');
  });

  it('counts seconds under a minute, and zero as nothing left', () => {
    expect(formatLeft(11 * S + 400)).toBe('剩 11 秒');
    expect(formatLeft(0)).toBe('剩 0 秒');
    expect(formatLeft(-400)).toBe('超时 0 秒');
    locale.set('en');
    expect(formatLeft(59_999)).toBe('59 s left');
  });

  it('counts days and hours over a day', () => {
    expect(formatLeft(DAY + 2 * H + 30 * MIN)).toBe('剩 1 天 2 小时');
    expect(formatLeft(-3 * DAY)).toBe('超时 3 天');
    locale.set('en');
    expect(formatLeft(-(DAY + 2 * H))).toBe('1 d 2 h over');
  });
});

describe('formatSpan', () => {
  it('keeps seconds under ten minutes, drops them above, never writes h:mm:ss', () => {
    expect(formatSpan(4 * MIN + 5 * S)).toBe('4 分 5 秒');
    expect(formatSpan(2 * MIN)).toBe('2 分');
    expect(formatSpan(12 * MIN + 59 * S)).toBe('12 分');
    expect(formatSpan(H + 2 * MIN + 3 * S)).toBe('1 小时 2 分');
    expect(formatSpan(3 * H)).toBe('3 小时');
    for (const ms of [0, 59 * S, 4 * MIN, H + 1, DAY + H])
      expect(formatSpan(ms)).not.toMatch(/\d:\d/);
  });
});

describe('dates and clock times', () => {
  it('writes a date one way per locale: 12月3日, 3 Dec', () => {
    expect(formatDate(AT)).toBe('12月3日');
    expect(formatDateTime(AT)).toBe('12月3日 15:04:05');
    locale.set('en');
    expect(formatDate(AT)).toBe('3 Dec');
    expect(formatDateTime(AT)).toBe('3 Dec 15:04:05');
  });

  it('shows Shanghai time whatever the zone, including across midnight UTC', () => {
    expect(formatClock(AT)).toBe('15:04:05');
    // 16:30 UTC on 3 Dec is already 4 Dec in Shanghai
    expect(formatDate(Date.UTC(2026, 11, 3, 16, 30))).toBe('12月4日');
  });
});

describe('formatAge', () => {
  it('says an age is past, so it never reads as a countdown', () => {
    expect(formatAge(AT, AT + 30 * S)).toBe('刚刚');
    expect(formatAge(AT, AT + 12 * MIN)).toBe('12 分钟前');
    expect(formatAge(AT, AT + 2 * H + 5 * MIN)).toBe('2 小时 5 分前');
    locale.set('en');
    expect(formatAge(AT, AT + 12 * MIN)).toBe('12 min ago');
  });
});
