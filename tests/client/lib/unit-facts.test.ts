import { describe, expect, it } from 'vitest';
import { fixAgeText, speedText } from '../../../client/src/lib/unit-facts.ts';

const NOW = Date.UTC(2026, 10, 28, 2, 0, 0);

describe('fixAgeText', () => {
  it('counts seconds, then minutes, then hours', () => {
    expect(fixAgeText(NOW - 12_400, NOW)).toBe('12 秒');
    expect(fixAgeText(NOW - 59_999, NOW)).toBe('59 秒');
    expect(fixAgeText(NOW - 60_000, NOW)).toBe('1 分钟');
    expect(fixAgeText(NOW - 3_599_000, NOW)).toBe('59 分钟');
    expect(fixAgeText(NOW - 2 * 3_600_000, NOW)).toBe('2 小时');
  });

  it('reads a fix from a device whose clock runs ahead as fresh, not negative', () => {
    expect(fixAgeText(NOW + 5000, NOW)).toBe('0 秒');
  });
});

describe('speedText', () => {
  it('gives whole km/h', () => {
    expect(speedText(0)).toBe('0 km/h');
    expect(speedText(1.4)).toBe('5 km/h');
    expect(speedText(13.9)).toBe('50 km/h');
  });
});
