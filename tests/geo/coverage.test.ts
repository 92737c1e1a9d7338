import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { TravelMode } from '../../shared/domain.ts';
import { band, coverage, CoverageIndex, suggestMoves } from '../../geo/coverage.ts';
import { etaS } from '../../geo/eta.ts';
import { distanceM } from '../../geo/unit-index.ts';

const AT: [number, number] = [118.9, 31.3];
/** a point `m` metres north of AT */
const north = (m: number): [number, number] => [AT[0], AT[1] + m / 111_195];

function rig(units: Array<{ at: [number, number]; mode: TravelMode; ok?: boolean }>) {
  const lng = Float64Array.from(units.map((u) => u.at[0]));
  const lat = Float64Array.from(units.map((u) => u.at[1]));
  return {
    count: units.length,
    lng,
    lat,
    modeOf: (i: number) => units[i].mode,
    eligible: (i: number) => units[i].ok !== false
  };
}

describe('coverage', () => {
  it('takes the fastest unit, not the nearest: a car 3 km off beats a walker 800 m off', () => {
    const r = rig([
      { at: north(800), mode: 'foot' },
      { at: north(3000), mode: 'car' }
    ]);
    const [hit] = coverage([AT], r);
    expect(hit.unit).toBe(1);
    expect(hit.etaS).toBeCloseTo(etaS(3000, 'car'), 0);
  });

  it('skips units that are not eligible, and says Infinity when nobody is', () => {
    const r = rig([
      { at: north(100), mode: 'car', ok: false },
      { at: north(2000), mode: 'ebike' }
    ]);
    expect(coverage([AT], r)[0].unit).toBe(1);
    const none = rig([{ at: north(100), mode: 'car', ok: false }]);
    expect(coverage([AT], none)[0]).toEqual({
      etaS: Infinity,
      unit: -1
    });
  });

  it('bands arrival times: green to 5 minutes, amber to 10, red beyond', () => {
    expect([band(300), band(301), band(600), band(601), band(Infinity)]).toEqual([
      'green',
      'amber',
      'amber',
      'red',
      'red'
    ]);
  });

  it('agrees with scoring every unit, for any placement', () => {
    const modes: TravelMode[] = ['car', 'ebike', 'foot'];
    const unitArb = fc.record({
      dx: fc.double({ min: -0.1, max: 0.1, noNaN: true }),
      dy: fc.double({ min: -0.1, max: 0.1, noNaN: true }),
      mode: fc.constantFrom(...modes),
      ok: fc.boolean()
    });
    fc.assert(
      fc.property(fc.array(unitArb, { minLength: 1, maxLength: 60 }), (us) => {
        const units = us.map((u) => ({
          at: [AT[0] + u.dx, AT[1] + u.dy] as [number, number],
          mode: u.mode,
          ok: u.ok
        }));
        const r = rig(units);
        const [hit] = coverage([AT], r);
        let best = Infinity;
        for (const u of units) {
          if (u.ok) best = Math.min(best, etaS(distanceM(AT[0], AT[1], u.at[0], u.at[1]), u.mode));
        }
        expect(hit.etaS).toBeCloseTo(best, 6);
      }),
      { numRuns: 200 }
    );
  });

  it('suggests a spare unit for a red point, never the only cover of another point', () => {
    const far = north(30_000); // 30 km: red for everyone
    // two cars share one point's cover; a lone car covers the other point
    const points = [AT, north(10_000), far];
    const r = rig([
      { at: north(100), mode: 'car' },
      { at: north(200), mode: 'car' },
      { at: north(10_050), mode: 'car' }
    ]);
    const index = new CoverageIndex(r);
    const hits = points.map(([lng, lat]) => index.fastest(lng, lat));
    expect(band(hits[2].etaS)).toBe('red');
    const moves = suggestMoves(points, hits, index, 5);
    // the lone car would leave its point red; of the pair, one may go (the nearer to the red point first)
    expect(moves).toHaveLength(1);
    expect(moves[0].point).toBe(2);
    expect([0, 1]).toContain(moves[0].unit);
  });
});
