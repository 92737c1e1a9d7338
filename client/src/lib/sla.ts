import { OPEN_STATUSES, type Incident, type Offer } from '../../../shared/domain.ts';

/**
 * Deadlines on the desk besides the SLA clock (which clock runs and when it has run out is shared/sla.ts, the rule
 * the wall's figures count by too): the offers still waiting for an answer and the escalations nobody has
 * acknowledged. Pure functions of an incident and the server's time; a countdown reads by lib/format.ts `formatLeft`.
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
