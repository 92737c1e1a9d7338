import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../../../shared/position-codec.ts';
import { filterLimits } from '../../../server/live/fix-filter.ts';
import { LiveRegistry } from '../../../server/live/registry.ts';
import { unit } from '../../fixtures/units.ts';

const NOW = 1_800_000_000_000;
const rig = (n = 2) => {
  const live = new LiveRegistry(filterLimits([118.6, 31.1, 119.3, 31.6]));
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
    expect(live.report(report(), NOW)).toBe('live');
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
      [{ lng: 31.3, lat: 118.9, time: NOW + 1 }, 'swapped'],
      [{ time: NOW - 25 * 3600_000 }, 'stale'],
      [{}, 'duplicate'],
      [{ time: NOW + 1, accuracyM: 5000 }, 'inaccurate'],
      [{ time: NOW + 10_000, lng: 119.2 }, 'jump']
    ];
    for (const [over, reason] of bad) expect(live.report(report(over), NOW)).toBe(reason);
    expect(live.fix(0)).toMatchObject({ lng: 118.9, lat: 31.3, time: NOW });
    expect(live.rejected.snapshot()).toEqual({
      invalid: 0,
      unknown_unit: 1,
      unknown_device: 0,
      null_island: 1,
      swapped: 1,
      outside_area: 1,
      future: 1,
      stale: 1,
      duplicate: 1,
      inaccurate: 1,
      jump: 1
    });
    expect(live.rejected.count('jump', 'socket')).toBe(1);
    expect(live.rejected.count('jump', 'osmand')).toBe(0);
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
    // 4.8 km in 10 minutes: a car's pace
    live.report(report({ unitId: 'U-0', lng: 118.951, time: NOW + 600_000 }), NOW + 600_000);
    live.report(report({ unitId: 'U-1', lng: 118.9, time: NOW + 600_000 }), NOW + 600_000);
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

  it('keeps a late fix in history without moving the marker back', () => {
    const live = rig(1);
    live.report(report({ time: NOW }), NOW);
    live.takeHistory();
    expect(live.report(report({ time: NOW - 60_000, lng: 118.899 }), NOW)).toBe('history');
    expect(live.fix(0)).toMatchObject({ lng: 118.9, time: NOW });
    expect(live.takeHistory().map((h) => [h.time, h.lng])).toEqual([[NOW - 60_000, 118.899]]);
    expect(live.late).toBe(1);
  });

  it('refuses a jump beyond the travel mode, but follows a unit whose next fixes confirm it', () => {
    const live = rig(1); // a car: 70 m/s at most
    live.report(report({ time: NOW }), NOW);
    // 9.5 km in 20 s is 475 m/s; each next fix agrees with the one before at a car's pace
    const far = (k: number) => report({ time: NOW + 20_000 + k * 1000, lng: 119.0 + k * 1e-4 });
    expect(live.report(far(0), NOW + 20_000)).toBe('jump');
    expect(live.report(far(1), NOW + 21_000)).toBe('jump');
    expect(live.fix(0)?.lng).toBe(118.9);
    expect(live.report(far(2), NOW + 22_000)).toBe('live');
    expect(live.fix(0)?.lng).toBeCloseTo(119.0002, 6);
  });

  it('does not let scattered wild fixes confirm one another', () => {
    const live = rig(1);
    live.report(report({ time: NOW }), NOW);
    const wild = [119.0, 118.7, 119.1, 118.75];
    wild.forEach((lng, k) =>
      expect(live.report(report({ time: NOW + 20_000 + k * 1000, lng }), NOW + 25_000)).toBe('jump')
    );
    expect(live.fix(0)?.lng).toBe(118.9);
  });

  it('refuses a first fix from 1970 or from a GPS week rollover as stale, counted by path', () => {
    const live = rig(1);
    const ROLLOVER_MS = 1024 * 7 * 24 * 3600_000;
    expect(live.report(report({ time: 0 }), NOW, 'socket')).toBe('stale');
    expect(live.report(report({ time: NOW - ROLLOVER_MS }), NOW, 'osmand')).toBe('stale');
    // just past the day history takes: refused with no earlier fix too
    expect(live.report(report({ time: NOW - 24 * 3600_000 - 1 }), NOW, 'osmand')).toBe('stale');
    expect(live.fix(0)).toBeNull();
    expect(live.takeDirty()).toEqual([]);
    expect(live.takeHistory()).toEqual([]);
    expect(live.rejected.count('stale', 'socket')).toBe(1);
    expect(live.rejected.count('stale', 'osmand')).toBe(2);
    expect(live.rejected.snapshot().stale).toBe(3);
    // the next fix is judged on its own, not against a fix from decades ago
    expect(live.report(report({ time: NOW - 60_000 }), NOW)).toBe('live');
    expect(live.report(report({ time: NOW - 120_000, lng: 118.899 }), NOW)).toBe('history');
  });

  it('takes a first fix up to a day old', () => {
    const live = rig(1);
    expect(live.report(report({ time: NOW - 24 * 3600_000 + 1000 }), NOW)).toBe('live');
  });

  it('restores a fix of any age at start-up without the filter, and judges the next fix on its own age', () => {
    const live = rig(1);
    const old = NOW - 3 * 24 * 3600_000;
    live.restoreFix('U-0', {
      lng: 118.9,
      lat: 31.3,
      time: old,
      speedMps: 0,
      headingDeg: 0,
      accuracyM: 5
    });
    expect(live.fix(0)).toMatchObject({ time: old });
    expect(live.takeDirty()).toEqual([0]);
    // newer than the restored fix, but still more than a day old
    expect(live.report(report({ time: old + 60_000 }), NOW)).toBe('stale');
    expect(live.report(report({ time: NOW }), NOW)).toBe('live');
  });

  it('lets a real device take a unit over from the simulator wherever it is', () => {
    const live = rig(1);
    live.report(report({ time: NOW }), NOW, 'sim');
    expect(live.fixSource(0)).toBe('sim');
    expect(live.report(report({ time: NOW + 5000, lng: 119.1 }), NOW + 5000, 'socket')).toBe(
      'live'
    );
    expect(live.fixSource(0)).toBe('socket');
    // from then on the real device's fixes are held to the jump rule
    expect(live.report(report({ time: NOW + 10_000, lng: 118.9 }), NOW + 10_000, 'sim')).toBe(
      'jump'
    );
  });
});
