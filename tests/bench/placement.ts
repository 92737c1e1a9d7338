import type { AreaFeature } from '../../shared/district.ts';
import type { Rng } from '../../geo/random.ts';
import { randomPointIn, weightedPick } from '../../server/sim/sampler.ts';

/** `n` units placed by grid population, each available with probability 0.7, as the benchmarks share them. */
export function placeUnits(grids: readonly AreaFeature[], n: number, rng: Rng) {
  const lng = new Float64Array(n);
  const lat = new Float64Array(n);
  const available = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    [lng[i], lat[i]] = randomPointIn(
      weightedPick(grids, (g) => g.properties.population ?? 1, rng),
      rng
    );
    available[i] = rng.next() < 0.7 ? 1 : 0;
  }
  return { lng, lat, available };
}
