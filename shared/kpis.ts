import { Type, type Static, type TInteger, type TObject } from '@sinclair/typebox';
import { INCIDENT_CATEGORIES, UNIT_KINDS } from './domain.ts';
import { UNIT_ALERT_KINDS } from './unit-alerts.ts';

/**
 * The figures of the wall and the town leader's strip (`GET /api/kpis`), for the caller's towns. Each figure is
 * defined where the server computes it (server/kpi/figures.ts); "today" starts at midnight Asia/Shanghai.
 */

const Count = Type.Integer({ minimum: 0 });

/** one count per key, every key present (a zero is a figure too) */
function countsOf<K extends string>(keys: readonly K[]): TObject<Record<K, TInteger>> {
  return Type.Object(Object.fromEntries(keys.map((k) => [k, Count])) as Record<K, TInteger>);
}

export const PRIORITY_KEYS = ['1', '2', '3', '4'] as const;
export const SLA_STEPS = ['dispatch', 'arrive', 'resolve'] as const;
export type SlaStep = (typeof SLA_STEPS)[number];

/** One SLA step (report → first dispatch, → first arrival, → resolution) over today's incidents. */
export const StepFigure = Type.Object({
  /** today's incidents that reached the step */
  reached: Count,
  /** median ms from report to the step over those, null when none reached it */
  medianMs: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
  /** today's incidents whose outcome for the step is known: reached it, or its deadline passed without it */
  due: Count,
  /** those that reached it by its deadline; the share within SLA is onTime / due */
  onTime: Count,
  /** due − onTime: reached late, or deadline passed unmet */
  breached: Count
});
export type StepFigure = Static<typeof StepFigure>;

/** Comprehensive grids and how many of them a P1 responder could reach within 5 and 10 minutes. */
const Reach = {
  grids: Count,
  within5: Count,
  within10: Count
};

export const TownFigures = Type.Object({
  code: Type.String(),
  name: Type.String(),
  open: Count,
  overdue: Count,
  /** available units whose last fix lies in the town */
  available: Count,
  /** unit alerts (quiet, low battery, left home town) that the town's desk sees */
  unitAlerts: Count,
  ...Reach
});
export type TownFigures = Static<typeof TownFigures>;

const HOURS = { minItems: 24, maxItems: 24 };

export const Kpis = Type.Object({
  /** server time of the computation, epoch ms */
  at: Type.Number(),
  /** today's midnight in Asia/Shanghai, epoch ms */
  dayStart: Type.Number(),
  open: Type.Object({ total: Count, overdue: Count, byPriority: countsOf(PRIORITY_KEYS) }),
  today: Type.Object({ reported: Count, byCategory: countsOf(INCIDENT_CATEGORIES) }),
  response: Type.Object({ dispatch: StepFigure, arrive: StepFigure, resolve: StepFigure }),
  /** deadlines of today's incidents passed unmet or met late, all three steps together */
  breaches: Count,
  units: Type.Object({ onDuty: Count, available: Count, byKind: countsOf(UNIT_KINDS) }),
  /** units that went quiet or strayed, as the caller's desk sees them (shared/unit-alerts.ts) */
  unitAlerts: Type.Object({ total: Count, byKind: countsOf(UNIT_ALERT_KINDS) }),
  coverage: Type.Object(Reach),
  towns: Type.Array(TownFigures),
  hourly: Type.Object({
    /** incidents reported in each hour of today; null for hours still to come */
    today: Type.Array(Type.Union([Count, Type.Null()]), HOURS),
    /** the same hour's count over the previous 7 days, divided by 7 */
    weekAverage: Type.Array(Type.Number({ minimum: 0 }), HOURS)
  })
});
export type Kpis = Static<typeof Kpis>;
