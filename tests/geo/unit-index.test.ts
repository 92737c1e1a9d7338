import { describe, expect, it } from 'vitest';
import { distance } from '@turf/turf';
import { UnitIndex } from '../../geo/unit-index.ts';

function arrays(points: Array<[number, number]>) {
  const lng = new Float64Array(points.length);
  const lat = new Float64Array(points.length);
  points.forEach(([x, y], i) => {
    lng[i] = x;
    lat[i] = y;
  });
  return { lng, lat };
}

describe('UnitIndex', () => {
  it('returns nothing when there are zero units', () => {
    const idx = new UnitIndex(new Float64Array(0), new Float64Array(0), 0);
    expect(idx.nearest(118.9, 31.3, { limit: 10 })).toEqual([]);
  });

  it('returns nothing when no unit passes the filter', () => {
    const { lng, lat } = arrays([
      [118.9, 31.3],
      [118.91, 31.31]
    ]);
    const idx = new UnitIndex(lng, lat, 2);
    expect(idx.nearest(118.9, 31.3, { limit: 5, filter: () => false })).toEqual([]);
  });

  it('orders hits nearest first with great-circle distances in metres', () => {
    const { lng, lat } = arrays([
      [118.95, 31.3],
      [118.901, 31.3],
      [118.92, 31.3]
    ]);
    const hits = new UnitIndex(lng, lat, 3).nearest(118.9, 31.3, { limit: 3 });
    expect(hits.map((h) => h.i)).toEqual([1, 2, 0]);
    const turfM = distance([118.9, 31.3], [118.901, 31.3], { units: 'kilometers' }) * 1000;
    expect(hits[0].distanceM).toBeCloseTo(turfM, 0);
  });

  it('skips filtered units and positions marked absent, and keeps array indexes', () => {
    const { lng, lat } = arrays([
      [118.9, 31.3],
      [118.9001, 31.3],
      [118.9002, 31.3],
      [118.9003, 31.3]
    ]);
    const idx = new UnitIndex(lng, lat, 4, (i) => i !== 1);
    expect(idx.size).toBe(3);
    const hits = idx.nearest(118.9, 31.3, { limit: 2, filter: (i) => i !== 0 });
    expect(hits.map((h) => h.i)).toEqual([2, 3]);
  });

  it('respects a maximum distance', () => {
    const { lng, lat } = arrays([
      [118.9, 31.3],
      [119.0, 31.3]
    ]);
    const hits = new UnitIndex(lng, lat, 2).nearest(118.9, 31.3, { limit: 5, maxDistanceM: 1000 });
    expect(hits.map((h) => h.i)).toEqual([0]);
  });

  it('finds the same k nearest as a brute-force scan over 5,000 random units', () => {
    let s = 7;
    const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
    const pts: Array<[number, number]> = Array.from({ length: 5000 }, () => [
      118.7 + rnd() * 0.5,
      31.2 + rnd() * 0.3
    ]);
    const { lng, lat } = arrays(pts);
    const idx = new UnitIndex(lng, lat, pts.length);
    const q: [number, number] = [118.95, 31.33];
    const brute = pts
      .map((p, i) => ({ i, d: distance(q, p) }))
      .sort((a, b) => a.d - b.d)
      .slice(0, 10)
      .map((x) => x.i);
    expect(idx.nearest(q[0], q[1], { limit: 10 }).map((h) => h.i)).toEqual(brute);
  });

  it('refuses a count larger than its arrays', () => {
    expect(() => new UnitIndex(new Float64Array(2), new Float64Array(2), 3)).toThrow(
      /count 3 exceeds/
    );
  });
});
