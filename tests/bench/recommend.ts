import type { Incident, IncidentCategory } from '../../shared/domain.ts';
import { INCIDENT_CATEGORIES } from '../../shared/domain.ts';
import { etaS } from '../../geo/eta.ts';
import { Rng } from '../../geo/random.ts';
import { distanceM } from '../../geo/unit-index.ts';
import { loadDistrict } from '../../server/district.ts';
import { FRESH_FIX_MS, rank, recommend, type Candidate } from '../../server/dispatch/recommend.ts';
import { DEFAULT_CATEGORY_RULES as RULES } from '../../server/dispatch/category-defaults.ts';
import { filterLimits } from '../../server/live/fix-filter.ts';
import { LiveRegistry } from '../../server/live/registry.ts';
import { makeForce } from '../../server/sim/force.ts';
import { randomPointIn, weightedPick } from '../../server/sim/sampler.ts';
import { incidentFixture } from '../fixtures/incidents.ts';
import { fmt, line, percentile, timeEach } from './stats.ts';

/**
 * Ranked recommendations for an incident among 20,000 units placed by population over the real district, each
 * with a fix up to a minute old: `recommend` (the 60 nearest available units and the 60 nearest of the
 * category's first-line kinds from the kd-tree, then first-line kinds first, each scored by ETA, skill, home grid
 * and fix age, by the default category table) against a naive ranking that scores every available unit with the
 * same rule (`rank` over all of them) and sorts. Also how often the two agree, since the pools are a heuristic.
 */

const UNITS = 20_000;
const LIMIT = 5;
const QUERIES = 5000;
const NAIVE_QUERIES = 200;

export function benchRecommend(): void {
  const district = loadDistrict();
  const rng = new Rng(7);
  const grids = district.grids.comprehensiveGrids;
  const now = 1_800_000_000_000;
  const [minLng, minLat, maxLng, maxLat] = district.bbox;
  const live = new LiveRegistry(
    filterLimits([minLng - 0.1, minLat - 0.1, maxLng + 0.1, maxLat + 0.1]),
    (lng, lat) => district.grids.locate(lng, lat)?.townCode ?? null
  );
  // the force the simulator makes (homes weighted by grid population), each unit somewhere in its home grid
  const force = makeForce(district, UNITS, 7);
  for (const u of force) {
    // a tenth are busy on some incident; the force already has a share of volunteers off duty
    live.put(u.status === 'available' && rng.next() < 0.1 ? { ...u, status: 'assigned' } : u);
    const [lng, lat] = randomPointIn(district.grids.area(u.homeGrid)!, rng);
    const why = live.report(
      { unitId: u.id, lng, lat, time: now - Math.floor(rng.next() * 60_000), accuracyM: 10 },
      now
    );
    if (why !== 'live') throw new Error(`fix of ${u.id} rejected: ${why}`);
  }
  const available = live.all().filter((u) => u.status === 'available').length;

  const incidents: Incident[] = Array.from({ length: QUERIES }, (_, k) => {
    const grid = weightedPick(grids, (g) => g.properties.population ?? 1, rng);
    const [lng, lat] = randomPointIn(grid, rng);
    const hit = district.grids.locate(lng, lat);
    const category: IncidentCategory =
      INCIDENT_CATEGORIES[Math.floor(rng.next() * INCIDENT_CATEGORIES.length)];
    return incidentFixture({
      id: `B-${k}`,
      category,
      lng,
      lat,
      gridCode: hit?.gridCode ?? grid.properties.code,
      townCode: hit?.townCode ?? grid.properties.townCode
    });
  });

  // the naive way: every available unit with a fresh fix is a candidate, scored by the same rule, then sorted
  const naive = (inc: Incident) => {
    const list: Candidate[] = [];
    for (const unit of live.all()) {
      if (unit.status !== 'available') continue;
      const fix = live.fix(unit.idx);
      if (!fix || now - fix.time > FRESH_FIX_MS) continue;
      list.push({ unit, fix, distanceM: distanceM(inc.lng, inc.lat, fix.lng, fix.lat) });
    }
    return rank(
      inc,
      RULES,
      list,
      list.map((c) => etaS(c.distanceM, c.unit.travel)),
      now,
      LIMIT
    );
  };

  // the first query builds the spatial index; warm the JIT so the figures are steady-state
  for (let k = 0; k < 500; k++) recommend(incidents[k], RULES, live, now, LIMIT);
  for (let k = 0; k < 20; k++) naive(incidents[k]);
  const fastUs = timeEach(QUERIES, (k) => recommend(incidents[k], RULES, live, now, LIMIT));
  const naiveUs = timeEach(NAIVE_QUERIES, (k) => naive(incidents[k]));

  // how often the pool of 60 nearest holds what a full scan ranks best
  let sameFirst = 0;
  let sameSet = 0;
  for (let k = 0; k < NAIVE_QUERIES; k++) {
    const a = recommend(incidents[k], RULES, live, now, LIMIT).map((r) => r.unitId);
    const b = naive(incidents[k]).map((r) => r.unitId);
    if (a[0] === b[0]) sameFirst++;
    if (a.join() === b.join()) sameSet++;
  }

  console.log(
    `recommend top ${LIMIT} among ${UNITS.toLocaleString('en-US')} units ` +
      `(${available.toLocaleString('en-US')} available, fixes up to 60 s old)`
  );
  line('recommend (kd-tree pools of 60)', {
    p50: `${fmt(percentile(fastUs, 50))} µs`,
    p99: `${fmt(percentile(fastUs, 99))} µs`,
    n: `${fastUs.length}`
  });
  line('score every unit, sort (baseline)', {
    p50: `${fmt(percentile(naiveUs, 50))} µs`,
    p99: `${fmt(percentile(naiveUs, 99))} µs`,
    n: `${naiveUs.length}`
  });
  line('speed-up', {
    p50: `${fmt(percentile(naiveUs, 50) / percentile(fastUs, 50), 0)}×`,
    p99: `${fmt(percentile(naiveUs, 99) / percentile(fastUs, 99), 0)}×`
  });
  line('agreement with the full scan', {
    'same first': `${fmt((100 * sameFirst) / NAIVE_QUERIES, 1)}%`,
    'same top 5': `${fmt((100 * sameSet) / NAIVE_QUERIES, 1)}%`,
    n: `${NAIVE_QUERIES}`
  });
}
