import type { TravelMode } from '../../shared/domain.ts';
import type { UnitInfo } from '../../shared/protocol.ts';
import type { UnitAlert } from '../../shared/unit-alerts.ts';
import type { UnitWhereabouts } from '../access/scope.ts';

/**
 * The rules that make a unit's alerts, as pure functions of what is known of the unit now (the monitor beside this
 * file, unit-alert-monitor.ts, keeps the few times the rules need between sweeps), and the rule for who sees them.
 *
 * - quiet: on duty (not off_duty, whether available or on a task) and no fix for the travel mode's threshold,
 *   counted from the last fix or from when the unit came on duty (or the server started: it cannot tell a unit's
 *   silence from its own downtime), whichever is later. A phone starts sharing when its unit comes on duty, so a
 *   unit that just came on duty has the threshold to send its first fix.
 * - low_battery: on duty, its device said a level at or below the threshold and did not say it is charging.
 * - left_home_town: on duty, on no task (a unit sent to another town's incident went where it was sent), with a
 *   fix outside its home town (or outside the district) for longer than the grace period; the grace starts when
 *   it left or came off its task, so a unit walking home from another town's incident has time to get there.
 */

/** The thresholds (env: minutes, here ms, so a test can run them in a second). */
export interface AlertLimits {
  quietMs: Record<TravelMode, number>;
  lowBatteryPct: number;
  /** time outside the home town, on duty and on no task, before it is an alert */
  strayGraceMs: number;
}

/** What the rules read of one unit. Times are epoch ms. */
export interface UnitFacts {
  unit: UnitInfo;
  fixTime: number | null;
  /** the town of its last fix (null outside the district, or without one) */
  fixTown: string | null;
  battery: { pct: number; charging: boolean } | null;
  /** when it last came on duty, or when the server started if later */
  dutySince: number;
  /** since when it has stood outside its home town on duty and on no task; null while it is not */
  awaySince: number | null;
  /** since when its battery has been low by the rule; null while it is not */
  lowSince: number | null;
}

/** Whether the unit stands outside its home town while on duty and on no task (the grace not yet applied). */
export function isAway(f: Pick<UnitFacts, 'unit' | 'fixTime' | 'fixTown'>): boolean {
  return (
    f.unit.status !== 'off_duty' &&
    f.unit.incidentId === null &&
    f.fixTime !== null &&
    f.fixTown !== f.unit.homeTown
  );
}

/** Whether the unit's battery is low by the rule (the unit on duty, the level at or below it, not charging). */
export function isLow(f: Pick<UnitFacts, 'unit' | 'battery'>, limits: AlertLimits): boolean {
  return (
    f.unit.status !== 'off_duty' &&
    f.battery !== null &&
    !f.battery.charging &&
    f.battery.pct <= limits.lowBatteryPct
  );
}

/** The unit's alerts at `now`, in the order of UNIT_ALERT_KINDS. */
export function alertsOf(f: UnitFacts, limits: AlertLimits, now: number): UnitAlert[] {
  const u = f.unit;
  if (u.status === 'off_duty') return [];
  const out: UnitAlert[] = [];
  const quietMs = limits.quietMs[u.travel];
  const heardAt = Math.max(f.fixTime ?? -Infinity, f.dutySince);
  if (now - heardAt >= quietMs) {
    out.push({
      unitId: u.id,
      name: u.name,
      unitKind: u.kind,
      homeTown: u.homeTown,
      kind: 'quiet',
      since: heardAt + quietMs,
      travel: u.travel,
      lastFixAt: f.fixTime,
      thresholdMs: quietMs
    });
  }
  if (f.lowSince !== null && isLow(f, limits)) {
    out.push({
      unitId: u.id,
      name: u.name,
      unitKind: u.kind,
      homeTown: u.homeTown,
      kind: 'low_battery',
      since: f.lowSince,
      batteryPct: f.battery!.pct,
      thresholdPct: limits.lowBatteryPct
    });
  }
  if (f.awaySince !== null && isAway(f) && now - f.awaySince >= limits.strayGraceMs) {
    out.push({
      unitId: u.id,
      name: u.name,
      unitKind: u.kind,
      homeTown: u.homeTown,
      kind: 'left_home_town',
      since: f.awaySince,
      town: f.fixTown,
      hidden: false
    });
  }
  return out;
}

/**
 * The alerts a viewer may see, by the live map's rule: those of a unit it sees (its fix or its incident in the
 * viewer's towns). One more: a unit that left its home town is its home town's business, so the home town's
 * viewers learn that it left even when they no longer see the unit, but not where it went (`town` left out).
 */
export function alertsSeen(
  alerts: readonly UnitAlert[],
  seesUnit: (w: UnitWhereabouts) => boolean,
  seesTown: (code: string) => boolean,
  where: (unitId: string) => UnitWhereabouts | undefined
): UnitAlert[] {
  const out: UnitAlert[] = [];
  for (const a of alerts) {
    const w = where(a.unitId);
    if (w && seesUnit(w)) out.push(a);
    else if (a.kind === 'left_home_town' && seesTown(a.homeTown))
      out.push({ ...a, town: null, hidden: true });
  }
  return out;
}
