import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../../../shared/position-codec.ts';
import { LiveRegistry } from '../../../server/live/registry.ts';
import { unit } from '../../fixtures/units.ts';

const NOW = 1_800_000_000_000;
const rig = (n = 2) => {
  const live = new LiveRegistry({
    area: [118.6, 31.1, 119.3, 31.6],
    maxFutureMs: 60_000,
    maxAccuracyM: 500
  });
  for (let i = 0; i < n; i++) live.put(unit(i));
  return live;
};
const report = (over: object = {}) => ({
  unitId: 'U-0',
  lng: 118.9,
  lat: 31.3,
  time: NOW,
  ...over
});

describe('LiveRegistry', () => {
  it('moves a unit on a good report and puts it in the next frame only', () => {
    const live = rig();
    expect(live.takeDirty()).toEqual([]); // registered, but no fix yet: nothing to draw
    expect(live.report(report(), NOW)).toBeNull();
    const dirty = live.takeDirty();
    expect(dirty).toEqual([0]);
    const f = decodeFrame(live.frame(NOW, dirty));
    expect([f.lng[0], f.lat[0], f.status[0]]).toEqual([118.9, 31.3, 1]);
    expect(live.takeDirty()).toEqual([]);
  });

  it('rejects and counts bad fixes by reason, leaving the marker where it was', () => {
    const live = rig();
    live.report(report(), NOW);
    const bad: Array<[object, string]> = [
      [{ unitId: 'NOPE' }, 'unknown_unit'],
      [{ lng: 0, lat: 0 }, 'null_island'],
      [{ lng: 31.3, lat: 31.3 }, 'outside_area'],
      [{ time: NOW + 3_600_000 }, 'future'],
      [{ time: NOW - 1000 }, 'stale'],
      [{}, 'duplicate'],
      [{ time: NOW + 1, accuracyM: 5000 }, 'inaccurate']
    ];
    for (const [over, reason] of bad) expect(live.report(report(over), NOW)).toBe(reason);
    expect(live.fix(0)).toMatchObject({ lng: 118.9, lat: 31.3, time: NOW });
    expect(live.rejected.snapshot()).toEqual({
      unknown_unit: 1,
      null_island: 1,
      outside_area: 1,
      future: 1,
      stale: 1,
      duplicate: 1,
      inaccurate: 1
    });
  });

  it('refuses a unit whose idx is not the next dense index', () => {
    const live = rig(1);
    expect(() => live.put(unit(5))).toThrow(/not the next dense index 1/);
  });

  it('keeps history every 15 s or 50 m, and on every status change', () => {
    const live = rig(1);
    live.report(report(), NOW);
    live.report(report({ time: NOW + 1000, lng: 118.9001 }), NOW); // 10 m, 1 s: dropped
    live.report(report({ time: NOW + 2000, lng: 118.9008 }), NOW); // 76 m: kept
    live.report(report({ time: NOW + 17_500, lng: 118.9009 }), NOW); // 15.5 s later: kept
    live.setStatus('U-0', 'assigned', 'I-1'); // status change: kept
    expect(live.takeHistory().map((h) => [h.time - NOW, h.status])).toEqual([
      [0, 'available'],
      [2000, 'available'],
      [17_500, 'available'],
      [17_500, 'assigned']
    ]);
    expect(live.takeHistory()).toEqual([]);
  });

  it('answers nearest queries with the positions as they are now', () => {
    const live = rig(2);
    live.report(report({ unitId: 'U-0', lng: 118.9 }), NOW);
    live.report(report({ unitId: 'U-1', lng: 118.95 }), NOW);
    expect(live.nearest(118.95, 31.3, 1, () => true)[0].unit.id).toBe('U-1');
    live.report(report({ unitId: 'U-0', lng: 118.951, time: NOW + 1 }), NOW);
    live.report(report({ unitId: 'U-1', lng: 118.9, time: NOW + 1 }), NOW);
    expect(live.nearest(118.95, 31.3, 1, () => true)[0].unit.id).toBe('U-0');
  });

  it('grows past its initial capacity without losing fixes', () => {
    const live = rig(1500);
    for (let i = 0; i < 1500; i++)
      live.report(report({ unitId: `U-${i}`, lng: 118.9 + i * 1e-5 }), NOW);
    const all = Array.from({ length: 1500 }, (_, i) => i);
    expect(all.every((i) => live.fix(i) !== null)).toBe(true);
    expect(decodeFrame(live.frame(NOW, all)).count).toBe(1500);
    expect(live.fix(1499)?.lng).toBeCloseTo(118.9 + 1499e-5, 9);
  });
});
