/**
 * Communities and villages inside each town. Urban 社区 cluster around the town seat (that is where the
 * built-up area is); villages spread over the rest of the town. Each town is then partitioned into one
 * polygon per committee, so every community lies inside its own town.
 */
import type { LngLat } from '../../shared/district.ts';
import type { Community } from './admin.ts';
import { partition, relax, sampleSeeds } from './partition.ts';
import { Rng } from '../random.ts';
import { inPoly, KX, type Poly } from './rings.ts';
import type { TownArea } from './towns.ts';

export interface CommunityArea {
  community: Community;
  poly: Poly;
}

/** spread of the urban cluster around the seat, in degrees of latitude (~1.1 km per 0.01°) */
const URBAN_SIGMA = 0.0045;
/** minimum distance between urban seeds (~450 m), relaxed if a small town cannot fit them */
const URBAN_SPACING = 0.004;
const RELAX_ITERATIONS = 4;

function urbanSeeds(town: TownArea, n: number, rng: Rng): LngLat[] {
  const out: LngLat[] = [];
  // The cluster widens with the number of 社区 so their cells stay street-block sized, not slivers.
  const sigma = URBAN_SIGMA * Math.sqrt(Math.max(1, n));
  for (let spacing = URBAN_SPACING; out.length < n; spacing *= 0.7) {
    for (let tries = 0; tries < 2000 && out.length < n; tries++) {
      const p: LngLat = [
        town.seat[0] + (rng.normal() * sigma) / KX,
        town.seat[1] + rng.normal() * sigma
      ];
      if (!inPoly(p, town.poly)) continue;
      const far = out.every((q) => Math.hypot((p[0] - q[0]) * KX, p[1] - q[1]) >= spacing);
      if (far) out.push(p);
    }
  }
  return out;
}

export function buildCommunities(town: TownArea, list: Community[]): CommunityArea[] {
  if (list.length === 1) return [{ community: list[0], poly: town.poly }];
  const rng = new Rng(`communities:${town.town.code}`);
  const urban = list.filter((c) => c.urban);
  const rural = list.filter((c) => !c.urban);
  const urbanPts = urbanSeeds(town, urban.length, rng);
  const ruralPts = sampleSeeds(town.poly, rural.length, rng, urbanPts);
  const seeds = [...urbanPts, ...ruralPts];
  // Only the villages relax; the urban cluster stays put around the seat.
  const relaxed = relax(town.poly, seeds, (i) => i >= urbanPts.length, RELAX_ITERATIONS);
  const polys = partition(town.poly, relaxed);
  return [...urban, ...rural].map((community, i) => ({ community, poly: polys[i] }));
}
