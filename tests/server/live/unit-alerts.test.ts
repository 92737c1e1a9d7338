import { describe, expect, it } from 'vitest';
import type { UnitAlert } from '../../../shared/unit-alerts.ts';
import { filterLimits } from '../../../server/live/fix-filter.ts';
import { LiveRegistry } from '../../../server/live/registry.ts';
import { UnitAlertMonitor } from '../../../server/live/unit-alert-monitor.ts';
import { alertsSeen, type AlertLimits } from '../../../server/live/unit-alerts.ts';
import { viewSeesTown, viewSeesUnit } from '../../../server/access/scope.ts';
import { unit } from '../../fixtures/units.ts';
import { T1, T2 } from '../../fixtures/mini-district.ts';

/** The rules for units that went quiet or strayed, swept over a real registry on a clock the test moves. */

const T0 = 1_800_000_000_000;
const MIN = 60_000;
const LIMITS: AlertLimits = {
  quietMs: { car: 5 * MIN, ebike: 5 * MIN, foot: 10 * MIN },
  lowBatteryPct: 20,
  strayGraceMs: 10 * MIN
};
/** T1 west of 118.92, T2 east of it, outside the district beyond 118.94 */
const townAt = (lng: number) => (lng < 118.92 ? T1 : lng < 118.94 ? T2 : null);
const IN_T1 = 118.91;
const IN_T2 = 118.93;
const OUTSIDE = 118.96;

function rig(units = [unit(0)]) {
  const live = new LiveRegistry(filterLimits([118.6, 31.1, 119.3, 31.6]), (lng) => townAt(lng));
  for (const u of units) live.put(u);
  const monitor = new UnitAlertMonitor(live, LIMITS, T0);
  // put straight in place: these tests are about the alerts, not the GPS filter's jump rule
  const fix = (id: string, time: number, lng = IN_T1) =>
    live.restoreFix(id, { lng, lat: 31.31, time, speedMps: 0, headingDeg: 0, accuracyM: 5 });
  const kinds = (now: number) => monitor.sweep(now).map((a) => `${a.unitId}:${a.kind}`);
  return { live, monitor, fix, kinds };
}

describe('unit alerts: gone quiet', () => {
  it('raises for a unit on duty silent past its travel mode’s threshold, and clears on its next fix', () => {
    const { monitor, fix, kinds } = rig([unit(0, { travel: 'car' }), unit(1, { travel: 'foot' })]);
    fix('U-0', T0);
    fix('U-1', T0);
    expect(kinds(T0 + 5 * MIN - 1)).toEqual([]);
    // the car is quiet at 5 minutes; the unit on foot has 10
    expect(kinds(T0 + 5 * MIN)).toEqual(['U-0:quiet']);
    const [quiet] = monitor.alerts as Array<Extract<UnitAlert, { kind: 'quiet' }>>;
    expect(quiet).toMatchObject({ since: T0 + 5 * MIN, lastFixAt: T0, thresholdMs: 5 * MIN });
    expect(quiet.name).toBe('单位0');
    expect(kinds(T0 + 10 * MIN)).toEqual(['U-0:quiet', 'U-1:quiet']);
    fix('U-0', T0 + 10 * MIN + 1000);
    expect(kinds(T0 + 10 * MIN + 1000)).toEqual(['U-1:quiet']);
  });

  it('raises none for a unit off duty, however long it is silent', () => {
    const { kinds, fix } = rig([unit(0, { status: 'off_duty' })]);
    fix('U-0', T0);
    expect(kinds(T0 + 24 * 60 * MIN)).toEqual([]);
  });

  it('counts a unit working a task as on duty', () => {
    const { live, kinds, fix } = rig();
    fix('U-0', T0);
    live.setStatus('U-0', 'en_route', 'INC-1', T1);
    expect(kinds(T0 + 5 * MIN)).toEqual(['U-0:quiet']);
  });

  it('gives a unit that just came on duty the threshold to send its first fix', () => {
    const { live, kinds, fix } = rig([unit(0, { status: 'off_duty' })]);
    fix('U-0', T0);
    expect(kinds(T0 + 60 * MIN)).toEqual([]);
    live.setStatus('U-0', 'available', null);
    // its last fix is an hour old, but its phone started sharing only now
    expect(kinds(T0 + 61 * MIN)).toEqual([]);
    // seen coming on duty by the sweep at 61 minutes: quiet from 66 on
    expect(kinds(T0 + 66 * MIN - 1)).toEqual([]);
    expect(kinds(T0 + 66 * MIN)).toEqual(['U-0:quiet']);
  });

  it('counts from the server’s start for a unit without a fix, or one whose fix is older', () => {
    const { monitor, kinds } = rig();
    expect(kinds(T0 + 5 * MIN - 1)).toEqual([]);
    expect(kinds(T0 + 5 * MIN)).toEqual(['U-0:quiet']);
    expect(monitor.alerts[0]).toMatchObject({ lastFixAt: null, since: T0 + 5 * MIN });
  });
});

describe('unit alerts: low battery', () => {
  it('raises at or below the threshold while not charging, and clears when charging or charged', () => {
    const { live, monitor, fix, kinds } = rig();
    fix('U-0', T0);
    live.noteBattery('U-0', { batteryPct: 21, charging: false });
    expect(kinds(T0 + 1000)).toEqual([]);
    live.noteBattery('U-0', { batteryPct: 20 });
    expect(kinds(T0 + 2000)).toEqual(['U-0:low_battery']);
    expect(monitor.alerts[0]).toMatchObject({ batteryPct: 20, thresholdPct: 20, since: T0 + 2000 });
    live.noteBattery('U-0', { batteryPct: 15 });
    // the level moved, the alert is the same one: it keeps its start
    expect(monitor.sweep(T0 + 3000)[0]).toMatchObject({ batteryPct: 15, since: T0 + 2000 });
    live.noteBattery('U-0', { charging: true });
    expect(kinds(T0 + 4000)).toEqual([]);
    live.noteBattery('U-0', { batteryPct: 12, charging: false });
    expect(kinds(T0 + 5000)).toEqual(['U-0:low_battery']);
    live.noteBattery('U-0', { batteryPct: 60 });
    expect(kinds(T0 + 6000)).toEqual([]);
  });

  it('raises none for a unit off duty, nor for one whose device never said its level', () => {
    const { live, fix, kinds } = rig([unit(0, { status: 'off_duty' }), unit(1)]);
    fix('U-0', T0);
    fix('U-1', T0);
    live.noteBattery('U-0', { batteryPct: 5, charging: false });
    live.noteBattery('U-1', { charging: false });
    expect(kinds(T0 + 1000)).toEqual([]);
  });
});

describe('unit alerts: left home town', () => {
  it('raises after the grace outside the home town, and clears when the unit is back', () => {
    const { monitor, fix, kinds } = rig();
    fix('U-0', T0, IN_T1);
    expect(kinds(T0)).toEqual([]);
    fix('U-0', T0 + 1000, IN_T2);
    expect(kinds(T0 + 1000)).toEqual([]);
    fix('U-0', T0 + 10 * MIN, IN_T2);
    expect(kinds(T0 + 10 * MIN)).toEqual([]);
    fix('U-0', T0 + 10 * MIN + 1000, IN_T2);
    expect(kinds(T0 + 10 * MIN + 1000)).toEqual(['U-0:left_home_town']);
    expect(monitor.alerts[0]).toMatchObject({ town: T2, homeTown: T1, since: T0 + 1000 });
    fix('U-0', T0 + 11 * MIN, IN_T1);
    expect(kinds(T0 + 11 * MIN)).toEqual([]);
  });

  it('takes a fix outside the district as outside the home town', () => {
    const { monitor, fix, kinds } = rig();
    fix('U-0', T0, OUTSIDE);
    kinds(T0);
    fix('U-0', T0 + 10 * MIN, OUTSIDE);
    expect(kinds(T0 + 10 * MIN)).toEqual(['U-0:left_home_town']);
    expect(monitor.alerts[0]).toMatchObject({ town: null, hidden: false });
  });

  it('raises none while the unit works a task in another town, and starts the grace when it is released', () => {
    const { live, fix, kinds } = rig();
    live.setStatus('U-0', 'en_route', 'INC-1', T2);
    fix('U-0', T0, IN_T2);
    kinds(T0);
    fix('U-0', T0 + 30 * MIN, IN_T2);
    expect(kinds(T0 + 30 * MIN)).toEqual([]);
    live.setStatus('U-0', 'available', null);
    expect(kinds(T0 + 30 * MIN + 1000)).toEqual([]);
    fix('U-0', T0 + 40 * MIN + 1000, IN_T2);
    expect(kinds(T0 + 40 * MIN + 1000)).toEqual(['U-0:left_home_town']);
  });
});

describe('unit alerts: who sees them', () => {
  it('shows an alert where the unit is seen, and tells its home town that it left without saying where', () => {
    const { live, monitor, fix } = rig([unit(0, { homeTown: T1 })]);
    fix('U-0', T0, IN_T2);
    monitor.sweep(T0);
    fix('U-0', T0 + 10 * MIN, IN_T2);
    monitor.sweep(T0 + 10 * MIN);
    const seenBy = (towns: ReadonlySet<string> | null) =>
      alertsSeen(
        monitor.alerts,
        (w) => viewSeesUnit(towns, w),
        (code) => viewSeesTown(towns, code),
        (id) => live.whereabouts(live.get(id)!.idx)
      );
    expect(seenBy(null)).toMatchObject([{ kind: 'left_home_town', town: T2, hidden: false }]);
    expect(seenBy(new Set([T2]))).toMatchObject([{ town: T2, hidden: false }]);
    expect(seenBy(new Set([T1]))).toEqual([{ ...monitor.alerts[0], town: null, hidden: true }]);
    expect(seenBy(new Set(['320118009']))).toEqual([]);
  });

  it('shows a quiet unit only where the unit itself is seen', () => {
    const { live, monitor, fix } = rig([unit(0, { homeTown: T1 })]);
    fix('U-0', T0, IN_T2);
    monitor.sweep(T0 + 5 * MIN);
    const seenBy = (towns: ReadonlySet<string>) =>
      alertsSeen(
        monitor.alerts,
        (w) => viewSeesUnit(towns, w),
        (code) => viewSeesTown(towns, code),
        (id) => live.whereabouts(live.get(id)!.idx)
      ).map((a) => a.kind);
    expect(seenBy(new Set([T2]))).toEqual(['quiet']);
    expect(seenBy(new Set([T1]))).toEqual([]);
  });
});
