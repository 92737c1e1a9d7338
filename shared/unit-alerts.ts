import { Type, type Static } from '@sinclair/typebox';
import { TravelMode, UnitKind } from './domain.ts';

/**
 * Units that went quiet or strayed: derived state, worked out by the server from the live picture every second
 * (server/live/unit-alerts.ts), never stored and never acknowledged. An alert lasts while its cause does.
 *
 * - `quiet`: a unit on duty (any status but off_duty) sent no fix for its travel mode's threshold
 * - `low_battery`: the unit's GPS device said its battery is at or below the threshold and it is not charging
 * - `left_home_town`: a unit on duty and on no task stood outside its home town for longer than a grace period
 */

export const UNIT_ALERT_KINDS = ['quiet', 'low_battery', 'left_home_town'] as const;
export const UnitAlertKind = Type.Union(UNIT_ALERT_KINDS.map((k) => Type.Literal(k)));
export type UnitAlertKind = (typeof UNIT_ALERT_KINDS)[number];

/** What every alert carries: which unit (named, since a viewer may get an alert about a unit it cannot see) */
const Common = {
  unitId: Type.String(),
  name: Type.String(),
  unitKind: UnitKind,
  homeTown: Type.String(),
  /** epoch ms from which the cause holds by the rule (for `quiet`: the last fix plus the threshold) */
  since: Type.Number()
};

export const QuietAlert = Type.Object({
  ...Common,
  kind: Type.Literal('quiet'),
  travel: TravelMode,
  /** the unit's last fix, null when it never had one */
  lastFixAt: Type.Union([Type.Number(), Type.Null()]),
  /** the threshold that applied, ms */
  thresholdMs: Type.Integer({ minimum: 1 })
});

export const LowBatteryAlert = Type.Object({
  ...Common,
  kind: Type.Literal('low_battery'),
  batteryPct: Type.Integer({ minimum: 0, maximum: 100 }),
  thresholdPct: Type.Integer({ minimum: 0, maximum: 100 })
});

export const LeftHomeTownAlert = Type.Object({
  ...Common,
  kind: Type.Literal('left_home_town'),
  /** the town it stands in; null outside the district, or when hidden */
  town: Type.Union([Type.String(), Type.Null()]),
  /** its home town's viewer who may no longer see the unit learns that it left, not where it is */
  hidden: Type.Boolean()
});

export const UnitAlert = Type.Union([QuietAlert, LowBatteryAlert, LeftHomeTownAlert]);
export type UnitAlert = Static<typeof UnitAlert>;

/** The alerts one view may see, whole: each update replaces the last (sent when the set changed). */
export const UnitAlertUpdate = Type.Object({
  /** server time of the computation, epoch ms */
  at: Type.Number(),
  alerts: Type.Array(UnitAlert)
});
export type UnitAlertUpdate = Static<typeof UnitAlertUpdate>;

/** One alert's identity: a unit has at most one alert of each kind. */
export function unitAlertKey(a: Pick<UnitAlert, 'unitId' | 'kind'>): string {
  return `${a.unitId}:${a.kind}`;
}
