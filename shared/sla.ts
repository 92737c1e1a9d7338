import type { Incident, IncidentStatus } from './domain.ts';
import type { SlaStep } from './kpis.ts';

/**
 * The one overdue rule, for the desk's clocks and counts (client/src/lib/sla.ts) and the wall's figures
 * (server/kpi/figures.ts). An incident carries a deadline per SLA step (dispatchBy / arriveBy / resolveBy, set
 * from the policy's slaMinutes when it was reported); its status says which step's clock runs: dispatch until an
 * offer is out, arrive until a unit is on scene, then resolve. It is overdue once that clock has run out, and a
 * resolved, closed or cancelled incident has no clock at all.
 *
 * The same rule says when a deadline alarms (`deadlineAlarm`): the dispatch and arrival clocks warn once the last
 * `WARN_SHARE` of their window is left and breach once they have run out, so the desk's bar, the wall's focus and
 * the figures' overdue count agree to the millisecond. The resolve clock runs for hours and alarms nobody: the
 * queue's red countdown and the map's halo show it.
 */

export interface SlaDeadline {
  step: SlaStep;
  /** epoch ms */
  at: number;
}

/** which step's clock runs in each open status */
const CLOCK: Partial<Record<IncidentStatus, SlaStep>> = {
  reported: 'dispatch',
  dispatched: 'arrive',
  accepted: 'arrive',
  en_route: 'arrive',
  on_scene: 'resolve'
};

/** The step's deadline as the incident was given it when reported. */
export function deadlineOf(incident: Incident, step: SlaStep): number {
  return step === 'dispatch'
    ? incident.dispatchBy
    : step === 'arrive'
      ? incident.arriveBy
      : incident.resolveBy;
}

/** The deadline that applies to the incident's status now, or null once it is resolved, closed or cancelled. */
export function nextDeadline(incident: Incident): SlaDeadline | null {
  const step = CLOCK[incident.status];
  return step ? { step, at: deadlineOf(incident, step) } : null;
}

/** The clock of the incident's status has run out: a deadline exactly at `now` is still met. */
export function isOverdue(incident: Incident, now: number): boolean {
  const d = nextDeadline(incident);
  return d !== null && d.at < now;
}

export function overdueCount(incidents: readonly Incident[], now: number): number {
  let n = 0;
  for (const i of incidents) if (isOverdue(i, now)) n++;
  return n;
}

/** the clocks whose deadlines alarm: a unit must be sent, and must get there */
export const ALARMED_STEPS = ['dispatch', 'arrive'] as const satisfies readonly SlaStep[];
export type AlarmedStep = (typeof ALARMED_STEPS)[number];
/**
 * A deadline warns once this share of its window (from the report to the deadline) is left: 18 s of a P1's
 * one-minute dispatch window, 3 min of its ten-minute arrival, 18 min of a P4's hour. A share rather than a fixed
 * lead, so that every priority's warning comes with time to act and none warns for most of its window.
 */
export const WARN_SHARE = 0.3;

export type AlarmLevel = 'warning' | 'breach';

export interface DeadlineAlarm {
  step: AlarmedStep;
  /** the deadline, epoch ms */
  at: number;
  level: AlarmLevel;
  /** epoch ms from which the deadline warns */
  warnAt: number;
}

/** When the step's deadline starts to warn: the last WARN_SHARE of the window since the report. */
export function warnAt(incident: Incident, step: SlaStep): number {
  const at = deadlineOf(incident, step);
  return at - Math.max(0, at - incident.createdAt) * WARN_SHARE;
}

/**
 * Whether the clock running now alarms: `breach` once it is overdue (`isOverdue`, the figures' rule), `warning`
 * from its warnAt up to the deadline itself; null for a clock with time to spare or that alarms nobody (resolve).
 */
export function deadlineAlarm(incident: Incident, now: number): DeadlineAlarm | null {
  const d = nextDeadline(incident);
  if (!d || !isAlarmed(d.step)) return null;
  const alarm = { step: d.step, at: d.at, warnAt: warnAt(incident, d.step) };
  if (d.at < now) return { ...alarm, level: 'breach' };
  return now >= alarm.warnAt ? { ...alarm, level: 'warning' } : null;
}

function isAlarmed(step: SlaStep): step is AlarmedStep {
  return (ALARMED_STEPS as readonly SlaStep[]).includes(step);
}
