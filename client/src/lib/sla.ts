import {
  OPEN_STATUSES,
  type Incident,
  type IncidentStatus,
  type Offer
} from '../../../shared/domain.ts';

/**
 * Deadlines on the desk: the SLA step an incident must make next, the offers still waiting for an answer, and the
 * escalations nobody has acknowledged. Pure functions of an incident and the server's time.
 */

export type SlaKind = 'dispatch' | 'arrive' | 'resolve';

export interface SlaDeadline {
  kind: SlaKind;
  /** epoch ms */
  at: number;
}

/** which SLA clock runs in each open status: dispatch until an offer is out, arrive until on scene, then resolve */
const CLOCK: Partial<Record<IncidentStatus, SlaKind>> = {
  reported: 'dispatch',
  dispatched: 'arrive',
  accepted: 'arrive',
  en_route: 'arrive',
  on_scene: 'resolve'
};

/** The next deadline that applies to the incident's status, or null once it is resolved, closed or cancelled. */
export function nextDeadline(incident: Incident): SlaDeadline | null {
  const kind = CLOCK[incident.status];
  if (!kind) return null;
  const at =
    kind === 'dispatch'
      ? incident.dispatchBy
      : kind === 'arrive'
        ? incident.arriveBy
        : incident.resolveBy;
  return { kind, at };
}

export function isOverdue(incident: Incident, now: number): boolean {
  const d = nextDeadline(incident);
  return d !== null && d.at < now;
}

export function overdueCount(incidents: readonly Incident[], now: number): number {
  let n = 0;
  for (const i of incidents) if (isOverdue(i, now)) n++;
  return n;
}

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

/** `4:05`, `1:02:03`; the sign is the caller's business (an overdue clock says so in words). */
export function formatCountdown(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
