/**
 * A plausible population model, and how many of the 704 comprehensive grids each community gets.
 * Town totals are rounded estimates in line with the district's ~430 000 residents (2020 census order of
 * magnitude); the split below town level is modelled, not surveyed.
 */
import type { Community } from './admin.ts';
import { Rng } from '../random.ts';

export const GRID_TOTAL = 704;

/** estimated residents per town */
export const TOWN_POPULATION: Record<string, number> = {
  '320118001': 142_000, // 淳溪街道: the urban seat
  '320118002': 39_000, // 古柏街道
  '320118003': 27_000, // 漆桥街道
  '320118004': 36_000, // 固城街道
  '320118005': 40_000, // 东坝街道
  '320118006': 42_000, // 桠溪街道
  '320118101': 66_000, // 阳江镇
  '320118102': 38_000 // 砖墙镇
};

/** towns in the rural east, where a grid worker covers more households, so grids are fewer and larger */
const RURAL_EAST = new Set(['320118005', '320118006']);

/**
 * Grids per resident relative to the district average: urban 社区 are split finer (dense housing, more
 * cases per household), the rural east coarser.
 */
function gridDensity(c: Community): number {
  if (c.urban) return 1.35;
  return RURAL_EAST.has(c.townCode) ? 0.72 : 1;
}

/**
 * Hamilton's method (largest remainder) with a floor: integer shares of `total` proportional to `weights`,
 * each at least `min`, summing exactly to `total`. Shares whose quota falls below the floor are pinned to
 * it and the rest is re-apportioned among the others. Ties break on index, so the result is deterministic.
 */
export function apportion(weights: number[], total: number, min = 0): number[] {
  const n = weights.length;
  if (n * min > total) throw new Error(`cannot give ${n} shares at least ${min} out of ${total}`);
  const pinned = new Array<boolean>(n).fill(false);
  let quota: number[] = [];
  for (let changed = true; changed;) {
    const free = weights.map((w, i) => (pinned[i] ? 0 : w));
    const budget = total - min * pinned.filter(Boolean).length;
    const wsum = free.reduce((s, w) => s + w, 0);
    const freeCount = pinned.filter((p) => !p).length;
    quota = free.map((w, i) =>
      pinned[i] ? min : wsum > 0 ? (w / wsum) * budget : budget / freeCount
    );
    changed = false;
    quota.forEach((q, i) => {
      if (!pinned[i] && q < min) pinned[i] = changed = true;
    });
  }
  const out = quota.map(Math.floor);
  let rest = total - out.reduce((s, x) => s + x, 0);
  const order = quota
    .map((q, i) => [q - Math.floor(q), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; rest > 0; k++, rest--) out[order[k % n][1]] += 1;
  return out;
}

export interface CommunityPlan {
  community: Community;
  population: number;
  grids: number;
}

/** residents per community (urban committees are much larger than villages) and grids per community */
export function planCommunities(byTown: Map<string, Community[]>): CommunityPlan[] {
  const plans: CommunityPlan[] = [];
  for (const [townCode, list] of byTown) {
    const rng = new Rng(`population:${townCode}`);
    const weights = list.map(
      (c) => (c.urban ? 3.2 : 1) * rng.jitter(0.3) * (c.name === '渔业村' ? 0.4 : 1)
    );
    const pops = apportion(weights, TOWN_POPULATION[townCode] ?? 0);
    list.forEach((c, i) => plans.push({ community: c, population: pops[i], grids: 0 }));
  }
  const grids = apportion(
    plans.map((p) => p.population * gridDensity(p.community)),
    GRID_TOTAL,
    1
  );
  plans.forEach((p, i) => (p.grids = grids[i]));
  if (plans.some((p) => p.grids > 99))
    throw new Error('a community got more than 99 grids; grid numbers are 2 digits');
  return plans;
}

/** splits a community's residents over its grids, roughly in proportion to each grid's share of the area */
export function splitPopulation(total: number, areas: number[], rng: Rng): number[] {
  const mean = areas.reduce((s, a) => s + a, 0) / areas.length;
  // Half even, half by area: housing clusters, so a big rural grid is not proportionally more populous.
  return apportion(
    areas.map((a) => (0.5 + (0.5 * a) / mean) * rng.jitter(0.15)),
    total
  );
}
