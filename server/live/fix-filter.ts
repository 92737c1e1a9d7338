import type { PositionReport } from '../../shared/commands.ts';
import type { TravelMode } from '../../shared/domain.ts';
import { distanceM } from '../../geo/unit-index.ts';

/**
 * Decides what a schema-valid position report may do: move a unit's live marker, go into its history only (a late
 * fix a phone kept while offline), or nothing. A rejected fix never reaches a screen; each rejection is counted by
 * its reason and by the path it came in on, so operators can see a misbehaving device or tracker.
 */

export const REJECT_REASONS = [
  /** failed the shared schema: not a number, out of range, a string, missing fields */
  'invalid',
  'unknown_unit',
  /** an OsmAnd device id nobody registered */
  'unknown_device',
  'null_island',
  /** lat and lng exchanged: outside the district's neighbourhood, inside it the other way round */
  'swapped',
  'outside_area',
  'future',
  /**
   * further back than history takes late fixes (a day), with or without an earlier fix to compare: a late fix, or a
   * device clock reset to 1970 or thrown back by a GPS week rollover (1024 weeks)
   */
  'stale',
  'duplicate',
  'inaccurate',
  /** implies a speed the unit's travel mode cannot reach */
  'jump'
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export const FIX_SOURCES = ['socket', 'osmand', 'sim'] as const;
export type FixSource = (typeof FIX_SOURCES)[number];

/** live: moved the marker; history: a late fix, kept in history without moving the marker back */
export type FixVerdict = 'live' | 'history' | RejectReason;

export const isAccepted = (v: FixVerdict): v is 'live' | 'history' =>
  v === 'live' || v === 'history';

export interface FilterLimits {
  /** the district's bounding box grown by a margin: [minLng, minLat, maxLng, maxLat] */
  area: [number, number, number, number];
  /** a fix may be this far ahead of the server clock (device clocks drift) */
  maxFutureMs: number;
  maxAccuracyM: number;
  /**
   * a fix older than this (before the server's clock) is refused rather than shown or put into history, the unit's
   * first fix too
   */
  maxLateMs: number;
  /** the fastest each travel mode plausibly moves, m/s, with GPS noise on top */
  maxSpeedMps: Record<TravelMode, number>;
}

export const DEFAULT_MAX_SPEED_MPS: Record<TravelMode, number> = {
  // an expressway car with margin; an e-bike downhill; a volunteer on foot who may ride a bus
  car: 70,
  ebike: 30,
  foot: 20
};

/** The limits Gridwatch runs with, for a district's neighbourhood and an accuracy limit. */
export function filterLimits(area: FilterLimits['area'], maxAccuracyM = 150): FilterLimits {
  return {
    area,
    maxFutureMs: 60_000,
    maxAccuracyM,
    // a phone's offline queue keeps its fixes for up to a day
    maxLateMs: 24 * 3600_000,
    maxSpeedMps: DEFAULT_MAX_SPEED_MPS
  };
}

export interface LastFix {
  time: number;
  lng: number;
  lat: number;
  accuracyM: number;
}

/** metres of movement any two fixes may show without moving at all: GPS scatter */
const JITTER_M = 50;

export function checkFix(
  r: PositionReport,
  last: LastFix | null,
  travel: TravelMode,
  now: number,
  limits: FilterLimits
): FixVerdict {
  if (Math.abs(r.lng) < 1e-7 && Math.abs(r.lat) < 1e-7) return 'null_island';
  if (!inArea(r.lng, r.lat, limits.area)) {
    // lat is at most 90, so a swap is only possible where the longitude fits in a latitude
    return Math.abs(r.lng) <= 90 && inArea(r.lat, r.lng, limits.area) ? 'swapped' : 'outside_area';
  }
  if (r.time > now + limits.maxFutureMs) return 'future';
  // whether or not the unit has a fix yet: a first fix from 1970 would become the one every later fix is judged by
  if (now - r.time > limits.maxLateMs) return 'stale';
  if (r.accuracyM !== undefined && r.accuracyM > limits.maxAccuracyM) return 'inaccurate';
  if (!last) return 'live';
  if (r.time === last.time) return 'duplicate';
  if (implausible(r, last, limits.maxSpeedMps[travel])) return 'jump';
  return r.time < last.time ? 'history' : 'live';
}

/**
 * Why a report failed the schema: `swapped` when its lat and lng, exchanged, would lie in the district's
 * neighbourhood (in China a longitude is above 90, so a swapped fix fails the schema before the filter sees it),
 * else `invalid`.
 */
export function invalidReason(payload: unknown, area: FilterLimits['area']): 'swapped' | 'invalid' {
  if (typeof payload !== 'object' || payload === null) return 'invalid';
  const { lng, lat } = payload as { lng?: unknown; lat?: unknown };
  return typeof lng === 'number' && typeof lat === 'number' && inArea(lat, lng, area)
    ? 'swapped'
    : 'invalid';
}

/** Whether getting from one fix to the other needs more speed than the mode has, allowing for both fixes' error. */
export function implausible(r: PositionReport, last: LastFix, maxSpeedMps: number): boolean {
  const metres = distanceM(last.lng, last.lat, r.lng, r.lat);
  const slack = JITTER_M + last.accuracyM + (r.accuracyM ?? 0);
  return metres > (maxSpeedMps * Math.abs(r.time - last.time)) / 1000 + slack;
}

function inArea(lng: number, lat: number, [minLng, minLat, maxLng, maxLat]: FilterLimits['area']) {
  return lng >= minLng && lng <= maxLng && lat >= minLat && lat <= maxLat;
}

/** Rejections by reason and by the path the report came in on. */
export class RejectCounter {
  readonly #counts = new Map<string, number>();

  add(reason: RejectReason, source: FixSource): void {
    const key = `${reason}/${source}`;
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
  }

  count(reason: RejectReason, source?: FixSource): number {
    let n = 0;
    for (const s of source ? [source] : FIX_SOURCES) n += this.#counts.get(`${reason}/${s}`) ?? 0;
    return n;
  }

  /** totals by reason, every reason present */
  snapshot(): Record<RejectReason, number> {
    return Object.fromEntries(REJECT_REASONS.map((r) => [r, this.count(r)])) as Record<
      RejectReason,
      number
    >;
  }

  /** every non-zero count, for the metrics endpoint */
  entries(): Array<{ reason: RejectReason; source: FixSource; count: number }> {
    return [...this.#counts].map(([key, count]) => {
      const [reason, source] = key.split('/') as [RejectReason, FixSource];
      return { reason, source, count };
    });
  }
}
