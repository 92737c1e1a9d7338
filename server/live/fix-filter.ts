import type { PositionReport } from '../../shared/commands.ts';

/**
 * Decides whether a schema-valid position report may move a unit's live marker. A rejected fix never reaches a
 * screen; each rejection is counted by its reason so operators can see a misbehaving device.
 */

export const REJECT_REASONS = [
  'unknown_unit',
  'null_island',
  'outside_area',
  'future',
  'stale',
  'duplicate',
  'inaccurate'
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export interface FilterLimits {
  /** the district's bounding box grown by a margin: [minLng, minLat, maxLng, maxLat] */
  area: [number, number, number, number];
  /** a fix may be this far ahead of the server clock (device clocks drift) */
  maxFutureMs: number;
  maxAccuracyM: number;
}

export interface LastFix {
  time: number;
  lng: number;
  lat: number;
}

export function checkFix(
  r: PositionReport,
  last: LastFix | null,
  now: number,
  limits: FilterLimits
): RejectReason | null {
  if (r.lng === 0 && r.lat === 0) return 'null_island';
  const [minLng, minLat, maxLng, maxLat] = limits.area;
  if (r.lng < minLng || r.lng > maxLng || r.lat < minLat || r.lat > maxLat) return 'outside_area';
  if (r.time > now + limits.maxFutureMs) return 'future';
  if (r.accuracyM !== undefined && r.accuracyM > limits.maxAccuracyM) return 'inaccurate';
  if (last) {
    if (r.time < last.time) return 'stale';
    if (r.time === last.time && r.lng === last.lng && r.lat === last.lat) return 'duplicate';
  }
  return null;
}

export class RejectCounter {
  readonly #counts = new Map<RejectReason, number>();

  add(reason: RejectReason): void {
    this.#counts.set(reason, (this.#counts.get(reason) ?? 0) + 1);
  }

  snapshot(): Record<RejectReason, number> {
    return Object.fromEntries(REJECT_REASONS.map((r) => [r, this.#counts.get(r) ?? 0])) as Record<
      RejectReason,
      number
    >;
  }
}
