import { coverage } from '../../geo/coverage.ts';
import { etaS } from '../../geo/eta.ts';
import { Rng } from '../../geo/random.ts';
import { distanceM } from '../../geo/unit-index.ts';
import { loadDistrict } from '../../server/district.ts';
import { P1_RESPONDERS } from '../../server/dispatch/policy.ts';
import { makeForce } from '../../server/sim/force.ts';
import { placeUnits } from './placement.ts';
import { fmt, line, percentile, timeEach } from './stats.ts';

/**
 * Blind spots: for each of the 704 comprehensive grids, the arrival time of the fastest available P1 responder
 * among 20,000 units, as the wall recomputes it every few seconds. The kd-tree search per travel mode (bounded by
 * the best arrival so far) against scoring every unit for every grid, both in this process.
 */

const UNITS = 20_000;

export function benchCoverage(): void {
  const district = loadDistrict();
  const rng = new Rng(5);
  const grids = district.grids.comprehensiveGrids;
  const force = makeForce(district, UNITS, 11);
  const { lng, lat, available } = placeUnits(grids, UNITS, rng);
  const points = grids.map((g) => g.properties.labelAt);
  const modeOf = (i: number) => force[i].travel;
  const eligible = (i: number) => available[i] === 1 && P1_RESPONDERS.has(force[i].kind);
  const responders = force.filter((_, i) => eligible(i)).length;

  const fast = () => coverage(points, { count: UNITS, lng, lat, modeOf, eligible });
  const naive = () =>
    points.map(([x, y]) => {
      let best = Infinity;
      for (let i = 0; i < UNITS; i++) {
        if (eligible(i)) best = Math.min(best, etaS(distanceM(x, y, lng[i], lat[i]), modeOf(i)));
      }
      return best;
    });

  // the two must agree, or the speed means nothing
  const a = fast();
  const b = naive();
  a.forEach((hit, k) => {
    if (Math.abs(hit.etaS - b[k]) > 1e-6) throw new Error(`coverage disagrees at grid ${k}`);
  });
  for (let k = 0; k < 3; k++) fast();
  const fastUs = timeEach(30, fast);
  const naiveUs = timeEach(5, naive);
  const reach = (s: number) => a.filter((h) => h.etaS <= s).length / a.length;

  console.log(
    `coverage of ${points.length} grids by ${UNITS.toLocaleString('en-US')} units (${responders.toLocaleString('en-US')} available P1 responders)`
  );
  line('a kd-tree per mode, built + queried', {
    p50: `${fmt(percentile(fastUs, 50) / 1000, 2)} ms`,
    p99: `${fmt(percentile(fastUs, 99) / 1000, 2)} ms`,
    n: `${fastUs.length}`
  });
  line('every unit for every grid (baseline)', {
    p50: `${fmt(percentile(naiveUs, 50) / 1000, 1)} ms`,
    n: `${naiveUs.length}`
  });
  line('speed-up', { p50: `${fmt(percentile(naiveUs, 50) / percentile(fastUs, 50), 0)}×` });
  line('grids reachable', {
    '5 min': `${fmt(reach(300) * 100)} %`,
    '10 min': `${fmt(reach(600) * 100)} %`
  });
}
