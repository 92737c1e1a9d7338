import type { TrackPoint } from '../../../shared/commands.ts';
import type { LngLat } from '../../../shared/district.ts';
import { distanceM } from '../../../geo/unit-index.ts';

/**
 * A unit's kept positions (`GET /api/units/:id/track`) as the map draws them: one path per run of segments in the
 * same speed band, so a stop, a walk and a drive read apart at a glance. A segment across a long silence (the
 * phone was off or out of coverage) is its own band, `gap`: the straight line there is a guess, drawn faint.
 */

/** the windows a desk can ask for, in hours back from now */
export const TRACK_HOURS = [1, 8, 24] as const;
export type TrackHours = (typeof TRACK_HOURS)[number];

export const SPEED_BANDS = ['still', 'foot', 'ride', 'drive'] as const;
export type SpeedBand = (typeof SPEED_BANDS)[number];
export type TrackBand = SpeedBand | 'gap';

/** upper bound of each band in m/s: standing about, walking pace, a bicycle or e-bike; above that a vehicle */
const BAND_MAX_MPS: Record<Exclude<SpeedBand, 'drive'>, number> = {
  still: 0.5,
  foot: 2.5,
  ride: 7
};

/**
 * Longer than this between two kept points means the device said nothing in between. History keeps a point at
 * least every 15 s while a unit reports, so ten minutes is a silence, not a slow walk.
 */
export const TRACK_GAP_MS = 10 * 60_000;

export interface TrackPath {
  band: TrackBand;
  /** [lng, lat] vertices, oldest first; consecutive paths share their joining vertex */
  path: LngLat[];
  /** epoch ms of the first and last vertex */
  from: number;
  to: number;
}

export interface TrackSummary {
  points: number;
  /** along the kept points, silences included */
  distanceM: number;
  first: TrackPoint;
  last: TrackPoint;
}

/** the server takes fixes from devices whose clocks run up to a minute ahead; the window reaches that far */
const AHEAD_MS = 60_000;

/** The window `hours` back from `nowMs` (server time), as the track route takes it. */
export function trackWindow(hours: number, nowMs: number): { from: number; to: number } {
  const now = Math.floor(nowMs);
  return { from: Math.max(0, now - hours * 3_600_000), to: now + AHEAD_MS };
}

/** Points with finite coordinates and times, oldest first; the route's answer is not trusted blindly. */
export function cleanTrack(points: unknown): TrackPoint[] {
  if (!Array.isArray(points)) return [];
  return (points as TrackPoint[])
    .filter(
      (p) =>
        p !== null &&
        typeof p === 'object' &&
        Number.isFinite(p.lng) &&
        Number.isFinite(p.lat) &&
        Number.isFinite(p.time)
    )
    .sort((a, b) => a.time - b.time);
}

export function speedBand(mps: number): SpeedBand {
  if (mps < BAND_MAX_MPS.still) return 'still';
  if (mps < BAND_MAX_MPS.foot) return 'foot';
  if (mps < BAND_MAX_MPS.ride) return 'ride';
  return 'drive';
}

/** Paths by band over points sorted oldest first (cleanTrack); fewer than two points make no path. */
export function trackPaths(points: readonly TrackPoint[]): TrackPath[] {
  const paths: TrackPath[] = [];
  let current: TrackPath | null = null;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    const band = segmentBand(a, b);
    const to: LngLat = [b.lng, b.lat];
    if (current && current.band === band) {
      current.path.push(to);
      current.to = b.time;
    } else {
      current = { band, path: [[a.lng, a.lat], to], from: a.time, to: b.time };
      paths.push(current);
    }
  }
  return paths;
}

export function trackSummary(points: readonly TrackPoint[]): TrackSummary | null {
  if (points.length === 0) return null;
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    total += distanceM(a.lng, a.lat, b.lng, b.lat);
  }
  return {
    points: points.length,
    distanceM: total,
    first: points[0],
    last: points[points.length - 1]
  };
}

/**
 * The band of one segment from the speed it implies (distance over time), which is what the line shows; the
 * device's own speed figure is missing on many trackers. Two points at the same time take the faster of their
 * reported speeds.
 */
function segmentBand(a: TrackPoint, b: TrackPoint): TrackBand {
  const dtMs = b.time - a.time;
  if (dtMs > TRACK_GAP_MS) return 'gap';
  if (dtMs <= 0) return speedBand(Math.max(a.speedMps || 0, b.speedMps || 0));
  return speedBand((distanceM(a.lng, a.lat, b.lng, b.lat) * 1000) / dtMs);
}
