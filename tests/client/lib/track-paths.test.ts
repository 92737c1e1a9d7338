import { describe, expect, it } from 'vitest';
import type { TrackPoint } from '../../../shared/commands.ts';
import {
  TRACK_GAP_MS,
  cleanTrack,
  speedBand,
  trackPaths,
  trackSummary,
  trackWindow
} from '../../../client/src/lib/track-paths.ts';

// 淳溪; one metre north is 1 / 111 195 of a degree of latitude
const LNG = 118.87;
const LAT = 31.32;
const M = 1 / 111_195;
const T0 = Date.UTC(2026, 10, 28, 2, 0, 0);

/** a point `northM` metres north of the start, `s` seconds after it */
function at(s: number, northM: number, over: Partial<TrackPoint> = {}): TrackPoint {
  return {
    time: T0 + s * 1000,
    lng: LNG,
    lat: LAT + northM * M,
    speedMps: 0,
    status: 'available',
    ...over
  };
}

describe('trackWindow', () => {
  it('reaches back the given hours from now, and a minute ahead for fast device clocks', () => {
    expect(trackWindow(8, T0 + 0.4)).toEqual({ from: T0 - 8 * 3_600_000, to: T0 + 60_000 });
  });

  it('never starts before the epoch', () => {
    expect(trackWindow(24, 1000)).toEqual({ from: 0, to: 61_000 });
  });
});

describe('speedBand', () => {
  it('tells standing, walking, riding and driving apart', () => {
    expect([0, 0.49, 0.5, 1.4, 2.5, 5, 7, 14].map(speedBand)).toEqual([
      'still',
      'still',
      'foot',
      'foot',
      'ride',
      'ride',
      'drive',
      'drive'
    ]);
  });
});

describe('trackPaths', () => {
  it('draws nothing for no point or a single point', () => {
    expect(trackPaths([])).toEqual([]);
    expect(trackPaths([at(0, 0)])).toEqual([]);
  });

  it('keeps one path while the speed band stays the same', () => {
    // 1.5 m/s the whole way: a walk
    const paths = trackPaths([at(0, 0), at(20, 30), at(40, 60), at(60, 90)]);
    expect(paths).toHaveLength(1);
    expect(paths[0].band).toBe('foot');
    expect(paths[0].path).toHaveLength(4);
    expect(paths[0].from).toBe(T0);
    expect(paths[0].to).toBe(T0 + 60_000);
  });

  it('starts a new path where the band changes, sharing the joining vertex', () => {
    // walk 30 m in 20 s, then drive 300 m in 20 s, then stand for 15 s
    const points = [at(0, 0), at(20, 30), at(40, 330), at(55, 330)];
    const paths = trackPaths(points);
    expect(paths.map((p) => p.band)).toEqual(['foot', 'drive', 'still']);
    expect(paths[0].path[1]).toEqual(paths[1].path[0]);
    expect(paths[1].path[1]).toEqual(paths[2].path[0]);
    expect(paths.reduce((n, p) => n + p.path.length, 0)).toBe(points.length + paths.length - 1);
  });

  it('marks a long silence as a gap, not as a slow walk', () => {
    const silence = TRACK_GAP_MS / 1000 + 1;
    const paths = trackPaths([at(0, 0), at(20, 30), at(20 + silence, 500), at(40 + silence, 530)]);
    expect(paths.map((p) => p.band)).toEqual(['foot', 'gap', 'foot']);
  });

  it('takes the reported speed for two points of the same time', () => {
    const paths = trackPaths([at(0, 0), at(0, 5, { speedMps: 12 })]);
    expect(paths.map((p) => p.band)).toEqual(['drive']);
  });
});

describe('cleanTrack', () => {
  it('drops points without finite coordinates or time and sorts the rest oldest first', () => {
    const bad = [
      at(30, 40),
      { ...at(10, 0), lng: Number.NaN },
      { ...at(20, 0), lat: Infinity },
      null,
      'x',
      at(0, 0)
    ];
    expect(cleanTrack(bad).map((p) => p.time)).toEqual([T0, T0 + 30_000]);
  });

  it('reads anything but an array as no track', () => {
    expect(cleanTrack(undefined)).toEqual([]);
    expect(cleanTrack({ points: [] })).toEqual([]);
  });
});

describe('trackSummary', () => {
  it('is null for an empty window', () => {
    expect(trackSummary([])).toBeNull();
  });

  it('counts the points and the distance along them', () => {
    const points = [at(0, 0), at(20, 30), at(40, 330)];
    const s = trackSummary(points);
    expect(s?.points).toBe(3);
    expect(s?.distanceM).toBeCloseTo(330, 0);
    expect(s?.first).toBe(points[0]);
    expect(s?.last).toBe(points[2]);
  });
});
