import { OPEN_STATUSES, type Incident, type Offer } from '../../../shared/domain.ts';
import { deadlineAlarm, type DeadlineAlarm } from '../../../shared/sla.ts';

/**
 * Deadlines on the desk (which clock runs, when it warns and when it has run out is shared/sla.ts, the rule the
 * wall's figures count by too): the SLA clocks that alarm, the offers still waiting for an answer and the
 * escalations nobody has acknowledged. Pure functions of an incident and the server's time; a countdown reads by
 * lib/format.ts `formatLeft`.
 */

/** Offers still waiting for their unit's answer, the one due first first. */
export function openOffers(incident: Incident): Offer[] {
  return incident.offers
    .filter((o) => o.status === 'offered')
    .sort((a, b) => a.deadline - b.deadline);
}

/** An escalation stays on every desk until someone acknowledges it. */
export function hasOpenEscalation(incident: Incident): boolean {
  return incident.escalation !== null && incident.escalation.acknowledgedAt === null;
}

/**
 * The alarms a desk sounds: open incidents with an unacknowledged escalation, most urgent first. A resolved or
 * cancelled incident no longer needs anyone's attention, whatever its escalation says.
 */
export function escalationAlerts(incidents: Iterable<Incident>): Incident[] {
  const out: Incident[] = [];
  for (const i of incidents) {
    if (OPEN_STATUSES.includes(i.status) && hasOpenEscalation(i)) out.push(i);
  }
  return out.sort(
    (a, b) => a.priority - b.priority || (a.escalation?.at ?? 0) - (b.escalation?.at ?? 0)
  );
}

/** An incident whose dispatch or arrival clock warns or has run out. */
export interface DeadlineAlert extends DeadlineAlarm {
  incident: Incident;
  /** names this clock of this incident (`id:step`): a breach acknowledged is this key */
  key: string;
}

/**
 * The deadline alarms of the open incidents at server time `now`: breaches first, then warnings, each by priority
 * and then the deadline due (or passed) first. A clock that was fixed (a unit sent, a unit on scene) alarms no more.
 */
export function deadlineAlerts(incidents: Iterable<Incident>, now: number): DeadlineAlert[] {
  const out: DeadlineAlert[] = [];
  for (const incident of incidents) {
    const alarm = deadlineAlarm(incident, now);
    if (alarm) out.push({ ...alarm, incident, key: `${incident.id}:${alarm.step}` });
  }
  return out.sort(
    (a, b) => rank(a) - rank(b) || a.incident.priority - b.incident.priority || a.at - b.at
  );
}

function rank(a: DeadlineAlert): number {
  return a.level === 'breach' ? 0 : 1;
}
