import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, type PositionRow } from '../../../shared/position-codec.ts';
import { UnitTrails, type TrailData } from '../../../client/src/lib/unit-trails.ts';

/**
 * The trail ring buffer fed by real encoded frames (shared/position-codec.ts): what moves leaves a trail, what
 * stands or jitters does not, the last minute only, capped per unit and in all.
 */

const T0 = 1_764_300_000_000;
/** about 111 m of latitude */
const STEP = 0.001;

function frame(rows: Array<Partial<PositionRow> & { idx: number; lat: number }>, time: number) {
  const full: PositionRow[] = rows.map((r) => ({
    lng: 118.9,
    time,
    speedMps: 5,
    headingDeg: 0,
    status: 'available',
    ...r
  }));
  return decodeFrame(encodeFrame(full, time));
}

/** the paths of a build, as [lng, lat, alpha][] per path */
function paths(d: TrailData): Array<Array<[number, number, number]>> {
  const out: Array<Array<[number, number, number]>> = [];
  const vertices = d.attributes.getPath.value.length / 2;
  for (let p = 0; p < d.length; p++) {
    const end = p + 1 < d.length ? d.startIndices[p + 1] : vertices;
    const path: Array<[number, number, number]> = [];
    for (let v = d.startIndices[p]; v < end; v++) {
      path.push([
        d.attributes.getPath.value[2 * v],
        d.attributes.getPath.value[2 * v + 1],
        d.attributes.getColor.value[4 * v + 3]
      ]);
    }
    out.push(path);
  }
  return out;
}

const eager = (extra = {}) => new UnitTrails({ rebuildMs: 0, ...extra });

describe('UnitTrails', () => {
  it('draws nothing before any frame, and nothing for a unit that never moved', () => {
    const trails = eager();
    expect(trails.data(T0).length).toBe(0);
    trails.record(frame([{ idx: 3, lat: 31.3 }], T0), T0);
    trails.record(frame([{ idx: 3, lat: 31.3 }], T0 + 1000), T0 + 1000);
    expect(trails.data(T0 + 1000).length).toBe(0);
    expect(trails.activeUnits).toBe(0);
  });

  it('draws a moving unit oldest point first, the tail fainter than the head', () => {
    const trails = eager();
    for (let k = 0; k < 4; k++) {
      trails.record(frame([{ idx: 7, lat: 31.3 + k * STEP }], T0 + k * 5000), T0 + k * 5000);
    }
    const [path] = paths(trails.data(T0 + 15_000));
    expect(path.map(([, lat]) => Number(lat.toFixed(6)))).toEqual([31.3, 31.301, 31.302, 31.303]);
    const alphas = path.map(([, , a]) => a);
    expect(alphas).toEqual([...alphas].sort((a, b) => a - b));
    expect(alphas[0]).toBeLessThan(alphas[3]);
    expect(trails.stats).toEqual({ paths: 1, vertices: 4 });
  });

  it('takes a step shorter than GPS scatter as standing still', () => {
    const trails = eager({ minStepM: 8 });
    trails.record(frame([{ idx: 1, lat: 31.3 }], T0), T0);
    // 0.00005° of latitude is about 5.5 m
    trails.record(frame([{ idx: 1, lat: 31.30005 }], T0 + 1000), T0 + 1000);
    expect(trails.data(T0 + 1000).length).toBe(0);
    // a slow walker still shows up once the steps add up past the threshold from the last kept point
    trails.record(frame([{ idx: 1, lat: 31.3001 }], T0 + 2000), T0 + 2000);
    expect(paths(trails.data(T0 + 2000))[0]).toHaveLength(2);
  });

  it('keeps the last minute: older points drop, and a unit that stopped gives its slot back', () => {
    const trails = eager({ windowMs: 60_000 });
    trails.record(frame([{ idx: 2, lat: 31.3 }], T0), T0);
    trails.record(frame([{ idx: 2, lat: 31.3 + STEP }], T0 + 10_000), T0 + 10_000);
    trails.record(frame([{ idx: 2, lat: 31.3 + 2 * STEP }], T0 + 50_000), T0 + 50_000);
    expect(paths(trails.data(T0 + 50_000))[0]).toHaveLength(3);
    // the trail started when the unit first moved (T0 + 10 s): at T0 + 71 s those points are over a minute old
    expect(paths(trails.data(T0 + 71_000))[0]).toBeUndefined();
    expect(trails.activeUnits).toBe(1);
    expect(trails.data(T0 + 111_000).length).toBe(0);
    expect(trails.activeUnits).toBe(0);
    // moving again starts a fresh trail from where it stood
    trails.record(frame([{ idx: 2, lat: 31.3 + 3 * STEP }], T0 + 120_000), T0 + 120_000);
    const [path] = paths(trails.data(T0 + 120_000));
    expect(path.map(([, lat]) => Number(lat.toFixed(6)))).toEqual([31.302, 31.303]);
  });

  it('keeps at most perUnit points of a unit, the newest', () => {
    const trails = eager({ perUnit: 5 });
    for (let k = 0; k < 20; k++) {
      trails.record(frame([{ idx: 0, lat: 31.3 + k * STEP }], T0 + k * 1000), T0 + k * 1000);
    }
    const [path] = paths(trails.data(T0 + 19_000));
    expect(path.map(([, lat]) => Number(lat.toFixed(6)))).toEqual([
      31.315, 31.316, 31.317, 31.318, 31.319
    ]);
  });

  it('forgets everything on clear and gives its memory back', () => {
    const trails = eager();
    for (let k = 0; k < 3; k++)
      trails.record(frame([{ idx: 2000, lat: 31.3 + k * STEP }], T0 + k * 1000), T0 + k * 1000);
    expect(trails.data(T0 + 2000).length).toBe(1);
    expect(trails.bytes).toBeGreaterThan(0);
    trails.clear();
    expect(trails.bytes).toBe(0);
    expect(trails.activeUnits).toBe(0);
    expect(trails.data(T0 + 2000).length).toBe(0);
    expect(trails.stats).toEqual({ paths: 0, vertices: 0 });
    // the unit's last position went too: its next fix starts afresh, no line drawn from before the clear
    trails.record(frame([{ idx: 2000, lat: 31.4 }], T0 + 3000), T0 + 3000);
    expect(trails.data(T0 + 3000).length).toBe(0);
  });

  it('forgets a unit that left this screen’s sight (GONE)', () => {
    const trails = eager();
    trails.record(frame([{ idx: 4, lat: 31.3 }], T0), T0);
    trails.record(frame([{ idx: 4, lat: 31.3 + STEP }], T0 + 1000), T0 + 1000);
    trails.record(frame([{ idx: 4, lat: 0, lng: 0, status: 'gone' }], T0 + 2000), T0 + 2000);
    expect(trails.data(T0 + 2000).length).toBe(0);
    expect(trails.activeUnits).toBe(0);
    // back in sight far away: no line is drawn across the gap
    trails.record(frame([{ idx: 4, lat: 31.4 }], T0 + 3000), T0 + 3000);
    expect(trails.data(T0 + 3000).length).toBe(0);
  });

  it('hands over at most maxVertices, the units that moved last first', () => {
    const trails = eager({ maxVertices: 6 });
    // units 0..3 each move twice (3 points); unit k's last move is at T0 + 10 s + k s
    for (let k = 0; k < 4; k++) trails.record(frame([{ idx: k, lat: 31.3 }], T0), T0);
    for (let k = 0; k < 4; k++) {
      trails.record(frame([{ idx: k, lat: 31.3 + STEP }], T0 + 5000), T0 + 5000);
      const t = T0 + 10_000 + k * 1000;
      trails.record(frame([{ idx: k, lat: 31.3 + 2 * STEP }], t), t);
    }
    const d = trails.data(T0 + 14_000);
    expect(trails.stats).toEqual({ paths: 2, vertices: 6 });
    expect(d.attributes.getPath.value).toHaveLength(12);
    expect(d.attributes.getColor.value).toHaveLength(24);
  });

  it('covers thousands of movers in one frame', () => {
    const trails = eager();
    const n = 5000;
    const at = (dLat: number) => Array.from({ length: n }, (_, idx) => ({ idx, lat: 31 + dLat }));
    trails.record(frame(at(0), T0), T0);
    trails.record(frame(at(STEP), T0 + 3000), T0 + 3000);
    expect(trails.data(T0 + 3000).length).toBe(n);
    expect(trails.stats.vertices).toBe(2 * n);
  });

  it('rebuilds at most once a rebuildMs, handing the same object in between', () => {
    const trails = new UnitTrails({ rebuildMs: 1000 });
    trails.record(frame([{ idx: 1, lat: 31.3 }], T0), T0);
    const first = trails.data(T0);
    trails.record(frame([{ idx: 1, lat: 31.3 + STEP }], T0 + 250), T0 + 250);
    expect(trails.data(T0 + 250)).toBe(first);
    expect(trails.data(T0 + 1000)).not.toBe(first);
    expect(trails.data(T0 + 1000).length).toBe(1);
  });

  it('refuses a ring too short to hold a path', () => {
    expect(() => new UnitTrails({ perUnit: 1 })).toThrow(/perUnit/);
  });
});
