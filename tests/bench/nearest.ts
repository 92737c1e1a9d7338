import { distance } from '@turf/turf';
import { Rng } from '../../geo/random.ts';
import { UnitIndex } from '../../geo/unit-index.ts';
import { loadDistrict } from '../../server/district.ts';
import { randomPointIn, weightedPick } from '../../server/sim/sampler.ts';
import { placeUnits } from './placement.ts';
import { fmt, line, percentile, timeEach } from './stats.ts';

/**
 * Nearest 10 available units among 20,000 placed by population over the real district: the kd-tree index
 * (geokdbush over kdbush) against a @turf/turf distance scan over every unit, both in this process.
 */

const UNITS = 20_000;
const K = 10;

export function benchNearest(): void {
  const district = loadDistrict();
  const rng = new Rng(42);
  const grids = district.grids.comprehensiveGrids;
  const { lng, lat, available } = placeUnits(grids, UNITS, rng);
  const queries = Array.from({ length: 20_000 }, () =>
    randomPointIn(
      weightedPick(grids, () => 1, rng),
      rng
    )
  );

  const buildUs = timeEach(20, () => new UnitIndex(lng, lat, UNITS));
  const index = new UnitIndex(lng, lat, UNITS);
  const isAvailable = (i: number) => available[i] === 1;
  // warm the JIT so the figures are steady-state
  for (let k = 0; k < 2000; k++)
    index.nearest(queries[k][0], queries[k][1], { limit: K, filter: isAvailable });
  const indexUs = timeEach(queries.length, (k) =>
    index.nearest(queries[k][0], queries[k][1], { limit: K, filter: isAvailable })
  );

  const points = Array.from({ length: UNITS }, (_, i) => [lng[i], lat[i]] as [number, number]);
  // the naive way: measure every unit, keep the available ones, sort
  const scan = (q: [number, number]) => {
    const d: Array<{ i: number; km: number }> = [];
    for (let i = 0; i < UNITS; i++) {
      const km = distance(q, points[i]);
      if (available[i]) d.push({ i, km });
    }
    return d.sort((a, b) => a.km - b.km).slice(0, K);
  };
  const scanUs = timeEach(200, (k) => scan(queries[k]));

  // the two must agree, or the speed means nothing
  for (let k = 0; k < 50; k++) {
    const a = index
      .nearest(queries[k][0], queries[k][1], { limit: K, filter: isAvailable })
      .map((h) => h.i);
    const b = scan(queries[k]).map((h) => h.i);
    if (a.join() !== b.join())
      throw new Error(`nearest disagrees with the turf scan at query ${k}`);
  }

  console.log(
    `nearest ${K} available among ${UNITS.toLocaleString('en-US')} units (70% available)`
  );
  line('index build', { p50: `${fmt(percentile(buildUs, 50) / 1000, 2)} ms` });
  line('kd-tree query (geokdbush)', {
    p50: `${fmt(percentile(indexUs, 50))} µs`,
    p99: `${fmt(percentile(indexUs, 99))} µs`,
    n: `${indexUs.length}`
  });
  line('turf distance scan (baseline)', {
    p50: `${fmt(percentile(scanUs, 50))} µs`,
    p99: `${fmt(percentile(scanUs, 99))} µs`,
    n: `${scanUs.length}`
  });
  line('speed-up', {
    p50: `${fmt(percentile(scanUs, 50) / percentile(indexUs, 50), 0)}×`,
    p99: `${fmt(percentile(scanUs, 99) / percentile(indexUs, 99), 0)}×`
  });
}
