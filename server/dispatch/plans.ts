import type { Incident, IncidentStatus, Offer, UnitStatus } from '../../shared/domain.ts';
import type { ReporterContact } from '../../shared/commands.ts';
import type { UnitInfo } from '../../shared/protocol.ts';
import { CommandError, ErrorCode } from '../../shared/result.ts';
import type { GridLocator } from '../../geo/grid-locator.ts';
import { Scope, type UnitWhereabouts } from '../access/scope.ts';
import { leadsTo, mayTake, startsFrom, type LifecycleAction } from '../../shared/lifecycle.ts';
import type { DispatchPolicy } from './policy.ts';
import type { CategoryRules } from '../../shared/category-rules.ts';
import type { Note } from '../../shared/timeline-note.ts';

/**
 * What each command would change, decided from the current state without touching it: a Plan lists the incident
 * states to record (each an event), the unit rows to update, the offer timers to set or clear and the incidents
 * whose escalation ladder should take its next step once the plan is committed. Refusals throw CommandError.
 * This file holds the types and the rules both kinds share; incident-plans.ts and offer-plans.ts the plans.
 */

export interface Change {
  type: string;
  incident: Incident;
  unitId?: string;
  note?: Note;
}

export interface Plan<T> {
  changes: Change[];
  units: UnitInfo[];
  result: (incidents: Incident[], units: UnitInfo[]) => T;
  timers?: {
    set?: Array<[incidentId: string, unitId: string, deadline: number]>;
    clear?: Array<[string, string]>;
  };
  /** incidents whose ladder takes its next step after the commit (an offer failed) */
  ladder?: string[];
  /** reporters' full contacts, stored apart from the incident */
  contacts?: Array<{ incidentId: string; contact: ReporterContact }>;
}

export interface State {
  now: number;
  nextSeq: number;
  policy: DispatchPolicy;
  /** the category table in force (who responds first, how many units an incident needs) */
  rules: CategoryRules;
  grids: GridLocator;
  incident(id: string): Incident | undefined;
  openIncidents(): Iterable<Incident>;
  unit(id: string): UnitInfo | undefined;
  /** the units of a standing group (a border zone's joint-mediation committee) */
  group(code: string): UnitInfo[];
  whereabouts(unit: UnitInfo): UnitWhereabouts;
}

export const byIncident = (incs: Incident[]) => incs[incs.length - 1];

export function escalate(inc: Incident, reason: Note, now: number): Plan<Incident> {
  const escalation = { at: now, reason, acknowledgedAt: null, acknowledgedBy: null };
  return {
    changes: [{ type: 'escalated', incident: { ...inc, escalation }, note: reason }],
    units: [],
    result: byIncident
  };
}

/** Takes one unit off an incident; with nobody left, an unresolved incident goes back to the queue. */
export function release(
  s: State,
  inc: Incident,
  unit: UnitInfo,
  scope: Scope,
  type: string,
  note: Note | null
): Plan<Incident> {
  const others = inc.unitIds.filter((id) => id !== unit.id);
  const status = others.length ? inc.status : step(inc, 'release', scope);
  return {
    changes: [
      {
        type,
        incident: { ...inc, status, unitIds: others },
        unitId: unit.id,
        note: note ?? undefined
      }
    ],
    units: [{ ...unit, status: 'available', incidentId: null }],
    result: byIncident,
    timers: { clear: [[inc.id, unit.id]] }
  };
}

/** Resolves or cancels an incident: open offers are withdrawn and every unit on it is freed. */
export function resolveAll(
  s: State,
  inc: Incident,
  scope: Scope,
  to: 'resolved' | 'cancelled',
  note?: Note
): Plan<Incident> {
  const offers = inc.offers.map((o) =>
    o.status === 'offered'
      ? {
          ...o,
          status: 'withdrawn' as const,
          answeredAt: s.now,
          reason: { key: 'closed_with' as const, values: { status: to } }
        }
      : o
  );
  const units = inc.unitIds
    .map((id) => s.unit(id)!)
    .map((u) => ({ ...u, status: 'available' as UnitStatus, incidentId: null }));
  // resolving or cancelling answers an open alert: it stays on record, acknowledged by whoever ended the incident
  const escalation =
    inc.escalation && inc.escalation.acknowledgedAt === null
      ? { ...inc.escalation, ...acknowledged(s.now, scope) }
      : inc.escalation;
  return {
    changes: [
      { type: to, incident: { ...inc, status: to, unitIds: [], offers, escalation }, note }
    ],
    units,
    result: byIncident,
    timers: { clear: inc.unitIds.map((id): [string, string] => [inc.id, id]) }
  };
}

/** who acknowledged an alert and when, with their display name as it was then */
export function acknowledged(
  now: number,
  scope: Scope
): { acknowledgedAt: number; acknowledgedBy: string; acknowledgedByName?: string } {
  return {
    acknowledgedAt: now,
    acknowledgedBy: scope.actor,
    ...(scope.actorName ? { acknowledgedByName: scope.actorName } : {})
  };
}

/** the server's hand, when a rule runs on its behalf (a failed offer releases the incident) */
export const SYSTEM = Scope.system('system');

/**
 * One step of the incident lifecycle (the rule table is shared/lifecycle.ts, which the desk reads too), or the
 * command's refusal. The actor is checked before the state, so a forbidden actor learns nothing of the incident.
 */
export function step(inc: Incident, action: LifecycleAction, scope: Scope): IncidentStatus {
  const by = scope.system ? 'system' : scope.role;
  if (!mayTake(action, by))
    throw new CommandError(ErrorCode.FORBIDDEN, 'role_may_not', { role: by, action });
  if (!startsFrom(action, inc.status)) {
    throw new CommandError(ErrorCode.INVALID_TRANSITION, 'cannot_transition', {
      action,
      status: inc.status
    });
  }
  return leadsTo(action, inc.status);
}

export function visibleIncident(s: State, id: string, scope: Scope): Incident {
  const inc = s.incident(id);
  if (!inc || !scope.seesIncident(inc))
    throw new CommandError(ErrorCode.NOT_FOUND, 'not_found', { kind: 'incident', id });
  return inc;
}

export function visibleUnit(s: State, id: string, scope: Scope): UnitInfo {
  const u = s.unit(id);
  if (!u || !scope.seesUnit(s.whereabouts(u)))
    throw new CommandError(ErrorCode.NOT_FOUND, 'not_found', { kind: 'unit', id });
  return u;
}

export function openOffer(inc: Incident, unitId: string): Offer {
  const o = inc.offers.find((x) => x.unitId === unitId && x.status === 'offered');
  if (!o)
    throw new CommandError(ErrorCode.INVALID_TRANSITION, 'no_open_offer', {
      unit: unitId,
      id: inc.id
    });
  return o;
}

export function answer(
  offers: Offer[],
  offer: Offer,
  status: Offer['status'],
  now: number,
  reason: Note | null
): Offer[] {
  return offers.map((o) => (o === offer ? { ...o, status, answeredAt: now, reason } : o));
}
