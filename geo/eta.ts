import type { TravelMode } from '../shared/domain.ts';

/**
 * Straight-line arrival estimate: roads are longer than the crow flies, so the distance is stretched by a detour
 * factor, then divided by a typical speed of the travel mode on Gaochun's roads (town streets and village lanes).
 */

export const DETOUR_FACTOR = 1.35;

/** metres per second */
export const TRAVEL_SPEED_MPS: Record<TravelMode, number> = {
  car: 40 / 3.6,
  ebike: 18 / 3.6,
  foot: 4.5 / 3.6
};

/** Seconds to cover `distanceM` by road in `mode`, plus a fixed start-up time (getting going, parking). */
export function etaS(distanceM: number, mode: TravelMode): number {
  if (!(distanceM >= 0)) throw new Error(`eta: distance ${distanceM} is not a non-negative number`);
  return START_S[mode] + (distanceM * DETOUR_FACTOR) / TRAVEL_SPEED_MPS[mode];
}

const START_S: Record<TravelMode, number> = { car: 60, ebike: 30, foot: 0 };

/** The inverse of `etaS`: the straight-line metres `mode` covers within `seconds` (0 when it cannot start). */
export function reachM(seconds: number, mode: TravelMode): number {
  return Math.max(0, ((seconds - START_S[mode]) * TRAVEL_SPEED_MPS[mode]) / DETOUR_FACTOR);
}
