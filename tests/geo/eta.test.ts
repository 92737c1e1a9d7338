import { describe, expect, it } from 'vitest';
import { etaS } from '../../geo/eta.ts';

describe('etaS', () => {
  it('gets a volunteer on foot 300 m away there before a car 5 km away', () => {
    expect(etaS(300, 'foot')).toBeLessThan(etaS(5000, 'car'));
  });

  it('grows with distance for every travel mode', () => {
    for (const mode of ['car', 'ebike', 'foot'] as const)
      expect(etaS(2000, mode)).toBeGreaterThan(etaS(1000, mode));
  });

  it('refuses a negative or non-numeric distance', () => {
    expect(() => etaS(-1, 'car')).toThrow(/not a non-negative number/);
    expect(() => etaS(Number.NaN, 'car')).toThrow(/not a non-negative number/);
  });
});
