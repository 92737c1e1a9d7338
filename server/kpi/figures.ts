import {
  INCIDENT_CATEGORIES,
  OPEN_STATUSES,
  UNIT_KINDS,
  type Incident,
  type UnitKind,
  type UnitStatus
} from '../../shared/domain.ts';
import type { GridCoverage } from '../../shared/protocol.ts';
import {
  PRIORITY_KEYS,
  SLA_STEPS,
  type Kpis,
  type StepFigure,
  type TownFigures
} from '../../shared/kpis.ts';
import { UNIT_ALERT_KINDS, type UnitAlertKind } from '../../shared/unit-alerts.ts';
import { COVERAGE_BANDS } from '../../geo/coverage.ts';
import { dayStart, hourOf, WEEK_DAYS } from './day.ts';
import { overdueCount } from '../../shared/sla.ts';
import { outcome } from './steps.ts';

/**
 * The wall's figures as a pure function of what the caller may see, so a test can compute them from the same
 * inputs on its own. Everything handed in is already cut to the caller's towns (kpi/gather.ts asks the Scope).
 *
 * Definitions ("today" = since the last midnight in Asia/Shanghai, kpi/day.ts):
 * - open: incidents in an open status (reported … on_scene) whatever their day, by priority; overdue = open
 *   incidents whose current SLA clock ran out (shared/sla.ts `isOverdue`, the desk's rule)
 * - today.reported: incidents reported today, whatever their status now; byCategory the same by category
 * - response.<step> over today's incidents (steps and their times: kpi/steps.ts): `reached` those that reached the
 *   step, `medianMs` the median of (step time − report time) over them (the mean of the two middle values for an
 *   even count), `due` those reached or whose deadline passed unmet, `onTime` those reached by the deadline,
 *   `breached` = due − onTime; the share within SLA is onTime / due
 * - breaches: the three steps' `breached` added up
 * - units: units not off duty (`onDuty`) and available, by kind, from the live registry
 * - coverage: comprehensive grids whose fastest P1 arrival (live/coverage.ts) is within 300 s / 600 s
 * - unitAlerts: the active unit alerts (quiet, low battery, left home town: live/unit-alerts.ts) the caller sees,
 *   by kind
 * - towns: per town the caller may see: open, overdue, available units whose last fix lies in the town, the unit
 *   alerts a desk of that town sees (an alert may count in two towns: where the unit is and, once it left, its
 *   home town), and its grids' coverage as above
 * - hourly.today[h]: incidents reported today in Shanghai hour h (null for hours not begun); weekAverage[h]: those
 *   reported in hour h on the 7 days before today, divided by 7 (counted per day once, kpi/reported-days.ts)
 */

/** A unit as the figures need it: its kind, duty status and the town of its last fix (null without one). */
export interface UnitPlace {
  kind: UnitKind;
  status: UnitStatus;
  fixTown: string | null;
}

/** An active unit alert as the figures need it: its kind and the towns whose desks see it. */
export interface AlertPlace {
  kind: UnitAlertKind;
  towns: readonly string[];
}

export interface KpiInput {
  now: number;
  /** incidents reported today up to now, as they stand now */
  reported: readonly Incident[];
  /** incidents reported in each Shanghai hour (24 counts) on the 7 days before today, added up */
  weekHours: readonly number[];
  /** incidents open now, whatever day they were reported */
  open: readonly Incident[];
  units: readonly UnitPlace[];
  /** the unit alerts the caller sees */
  unitAlerts: readonly AlertPlace[];
  /** the comprehensive grids' coverage (a grid missing here counts as unreachable) */
  coverage: readonly GridCoverage[];
  /** the towns for the table, in display order */
  towns: ReadonlyArray<{ code: string; name: string }>;
}

export function computeKpis(input: KpiInput): Kpis {
  const { now } = input;
  const start = dayStart(now);
  const today = input.reported.filter((i) => i.createdAt >= start && i.createdAt <= now);
  const open = input.open.filter((i) => OPEN_STATUSES.includes(i.status));

  const byPriority = zeros(PRIORITY_KEYS);
  for (const i of open) byPriority[String(i.priority) as (typeof PRIORITY_KEYS)[number]]++;
  const byCategory = zeros(INCIDENT_CATEGORIES);
  for (const i of today) byCategory[i.category]++;
  const byKind = zeros(UNIT_KINDS);
  let onDuty = 0;
  let available = 0;
  for (const u of input.units) {
    if (u.status === 'off_duty') continue;
    onDuty++;
    byKind[u.kind]++;
    if (u.status === 'available') available++;
  }

  const alertsByKind = zeros(UNIT_ALERT_KINDS);
  for (const a of input.unitAlerts) alertsByKind[a.kind]++;

  const [dispatch, arrive, resolve] = SLA_STEPS.map((s) => stepFigure(today, s, now));
  return {
    at: now,
    dayStart: start,
    open: { total: open.length, overdue: overdueCount(open, now), byPriority },
    today: { reported: today.length, byCategory },
    response: { dispatch, arrive, resolve },
    breaches: dispatch.breached + arrive.breached + resolve.breached,
    units: { onDuty, available, byKind },
    unitAlerts: { total: input.unitAlerts.length, byKind: alertsByKind },
    coverage: reach(input.coverage),
    towns: input.towns.map((t) => townFigures(t, open, input, now)),
    hourly: hourly(today, input.weekHours, now)
  };
}

/** the median of the values (the mean of the middle two for an even count), null for none */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function stepFigure(
  today: readonly Incident[],
  step: (typeof SLA_STEPS)[number],
  now: number
): StepFigure {
  const durations: number[] = [];
  let due = 0;
  let onTime = 0;
  for (const i of today) {
    const o = outcome(i, step, now);
    if (o.at !== null) durations.push(o.at - i.createdAt);
    if (o.due) due++;
    if (o.onTime) onTime++;
  }
  return {
    reached: durations.length,
    medianMs: median(durations),
    due,
    onTime,
    breached: due - onTime
  };
}

function townFigures(
  town: { code: string; name: string },
  open: readonly Incident[],
  input: KpiInput,
  now: number
): TownFigures {
  const here = open.filter((i) => i.townCode === town.code);
  return {
    code: town.code,
    name: town.name,
    open: here.length,
    overdue: overdueCount(here, now),
    available: input.units.filter((u) => u.status === 'available' && u.fixTown === town.code)
      .length,
    unitAlerts: input.unitAlerts.filter((a) => a.towns.includes(town.code)).length,
    ...reach(input.coverage.filter((g) => g.townCode === town.code))
  };
}

function reach(grids: readonly GridCoverage[]): Kpis['coverage'] {
  let within5 = 0;
  let within10 = 0;
  for (const g of grids) {
    if (g.etaS === null) continue;
    if (g.etaS <= COVERAGE_BANDS.green) within5++;
    if (g.etaS <= COVERAGE_BANDS.amber) within10++;
  }
  return { grids: grids.length, within5, within10 };
}

function hourly(
  today: readonly Incident[],
  weekHours: readonly number[],
  now: number
): Kpis['hourly'] {
  if (weekHours.length !== 24)
    throw new Error(`kpis: the week's counts hold ${weekHours.length} hours, not 24`);
  const current = hourOf(now);
  const counts = new Array<number>(24).fill(0);
  for (const i of today) counts[hourOf(i.createdAt)]++;
  return {
    today: counts.map((n, h) => (h <= current ? n : null)),
    weekAverage: weekHours.map((n) => n / WEEK_DAYS)
  };
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}
