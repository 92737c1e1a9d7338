/**
 * Comprehensive grids (综合网格): each community is cut into the number of grids the population plan gives
 * it, by relaxed Voronoi cells clipped to the community. Grids are numbered north to south, so 第1网格 is
 * the northernmost one, the way a grid map on an office wall is usually read.
 */
import type { LngLat } from '../../shared/district.ts';
import type { CommunityArea } from './communities.ts';
import { partition, relax, sampleSeeds } from './partition.ts';
import { splitPopulation } from './population.ts';
import { Rng } from '../random.ts';
import { polyArea, type Poly } from './rings.ts';

export interface GridArea {
  /** e.g. 320118001-001-05 */
  code: string;
  /** e.g. 凤岭社区第5网格 */
  name: string;
  townCode: string;
  communityCode: string;
  population: number;
  poly: Poly;
}

const RELAX_ITERATIONS = 5;

export function buildGrids(area: CommunityArea, count: number, population: number): GridArea[] {
  const { community } = area;
  const rng = new Rng(`grids:${community.code}`);
  let seeds: LngLat[] = sampleSeeds(area.poly, count, rng);
  seeds = relax(area.poly, seeds, () => true, RELAX_ITERATIONS);
  const polys = partition(area.poly, seeds);

  // North to south, then west to east for seeds at the same latitude.
  const order = seeds.map((s, i) => ({ s, i })).sort((a, b) => b.s[1] - a.s[1] || a.s[0] - b.s[0]);
  const sorted = order.map((o) => polys[o.i]);
  const pops = splitPopulation(population, sorted.map(polyArea), rng);
  const suffix = community.code.slice(-3);
  return sorted.map((poly, k) => ({
    code: `${community.townCode}-${suffix}-${String(k + 1).padStart(2, '0')}`,
    name: `${community.name}第${k + 1}网格`,
    townCode: community.townCode,
    communityCode: community.code,
    population: pops[k],
    poly
  }));
}
