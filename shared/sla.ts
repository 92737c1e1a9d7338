import type { Incident, IncidentStatus } from './domain.ts';
import type { SlaStep } from './kpis.ts';

/**
 * The one overdue rule, for the desk's clocks and counts (client/src/lib/sla.ts) and the wall's figures
 * (server/kpi/figures.ts). An incident carries a deadline per SLA step (dispatchBy / arriveBy / resolveBy, set
 * from the policy's slaMinutes when it was reported); its status says which step's clock runs: dispatch until an
 * offer is out, arrive until a unit is on scene, then resolve. It is overdue once that clock has run out, and a
 * resolved, closed or cancelled incident has no clock at all.
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
