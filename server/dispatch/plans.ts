import { type Incident, type Offer, type UnitStatus } from '../../shared/domain.ts';
import type {
  AcknowledgeCommand,
  AssignCommand,
  EscalateCommand,
  IncidentCreate,
  IncidentTransition,
  MergeCommand,
  OfferRespond,
  ReporterContact,
  UnitStatusCommand,
  WithdrawCommand
} from '../../shared/commands.ts';
import type { UnitInfo } from '../../shared/protocol.ts';
import { CommandError, ErrorCode } from '../../shared/result.ts';
import { distanceM } from '../../geo/unit-index.ts';
import type { GridLocator } from '../../geo/grid-locator.ts';
import { Scope, type UnitWhereabouts } from '../access/scope.ts';
import { isOpen, transition, type LifecycleAction } from './lifecycle.ts';
import { unitsNeeded, type DispatchPolicy } from './policy.ts';

/**
 * What each command would change, decided from the current state without touching it: a Plan lists the incident
 * states to record (each an event), the unit rows to update, the offer timers to set or clear and the incidents
 * whose escalation ladder should take its next step once the plan is committed. Refusals throw CommandError.
 */

export interface Change {
  type: string;
  incident: Incident;
  unitId?: string;
  note?: string;
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
  grids: GridLocator;
  incident(id: string): Incident | undefined;
  openIncidents(): Iterable<Incident>;
  unit(id: string): UnitInfo | undefined;
  /** the units of a standing group (a border zone's joint-mediation committee) */
  group(code: string): UnitInfo[];
  whereabouts(unit: UnitInfo): UnitWhereabouts;
}

const byIncident = (incs: Incident[]) => incs[incs.length - 1];

export function planCreate(s: State, cmd: IncidentCreate, scope: Scope): Plan<Incident> {
  const hit = s.grids.locate(cmd.lng, cmd.lat);
  if (!hit) {
    throw new CommandError(
      ErrorCode.OUTSIDE_DISTRICT,
      `location ${cmd.lng.toFixed(6)},${cmd.lat.toFixed(6)} is outside the district`
    );
  }
  // a desk role creates inside its own towns; a unit in the field reports wherever it stands
  if (scope.role !== 'field' && !scope.seesTown(hit.townCode)) {
    throw new CommandError(
      ErrorCode.FORBIDDEN,
      `location is in town ${hit.townCode}, outside your jurisdiction`
    );
  }
  const now = s.now;
  const [d, a, r] = s.policy.slaMinutes[cmd.priority];
  const border = s.grids
    .specialisedAt(cmd.lng, cmd.lat)
    .find((code) => s.grids.area(code)?.properties.theme === 'border');
  const duplicate = [...s.openIncidents()].find(
    (i) =>
      i.category === cmd.category &&
      now - i.createdAt <= s.policy.duplicateWithinMs &&
      distanceM(i.lng, i.lat, cmd.lng, cmd.lat) <= s.policy.duplicateWithinM
  );
  const committee = border ? s.group(border) : [];
  const incident: Incident = {
    id: incidentId(s.nextSeq, now),
    category: cmd.category,
    priority: cmd.priority,
    lng: cmd.lng,
    lat: cmd.lat,
    gridCode: hit.gridCode,
    townCode: hit.townCode,
    source: cmd.source,
    reporter: cmd.reporter
      ? { name: maskName(cmd.reporter.name), phone: maskPhone(cmd.reporter.phone) }
      : null,
    reportedByUnit: scope.role === 'field' ? scope.unitId : null,
    description: cmd.description,
    status: 'reported',
    unitIds: [],
    createdAt: now,
    updatedAt: now,
    dispatchBy: now + d * 60_000,
    arriveBy: now + a * 60_000,
    resolveBy: now + r * 60_000,
    unitsNeeded: unitsNeeded(s.policy, cmd.category, cmd.priority),
    offers: [],
    escalation: null,
    possibleDuplicateOf: duplicate?.id ?? null,
    borderZone: border ?? null,
    notifiedUnits: committee.map((u) => u.id),
    timeline: []
  };
  const changes: Change[] = [{ type: 'reported', incident, note: `source: ${cmd.source}` }];
  if (duplicate) changes.push({ type: 'possible_duplicate', incident, note: duplicate.id });
  // the border joint-mediation committee of the zone is told; the incident is marked cross-jurisdiction
  if (border) {
    const names = committee.map((u) => u.name).join('、') || 'no committee members on record';
    changes.push({ type: 'border_notified', incident, note: `${border}: ${names}` });
  }
  const contacts = cmd.reporter ? [{ incidentId: incident.id, contact: cmd.reporter }] : [];
  return { changes, units: [], result: byIncident, contacts };
}

/** An offer to a unit; the unit holds it (status `assigned`) until it answers or the deadline passes. */
export function planAssign(s: State, cmd: AssignCommand, scope: Scope): Plan<Incident> {
  const inc = visibleIncident(s, cmd.incidentId, scope);
  const unit = visibleUnit(s, cmd.unitId, scope);
  const to = step(inc, 'dispatch', scope);
  if (unit.status !== 'available') {
    // name the incident that has the unit only to someone who may see that incident
    const holder = unit.incidentId ? s.incident(unit.incidentId) : undefined;
    const busy = holder && scope.seesIncident(holder) ? ` on incident ${holder.id}` : '';
    throw new CommandError(
      ErrorCode.UNIT_UNAVAILABLE,
      `unit ${unit.name} is ${unit.status}${busy}`
    );
  }
  const deadline = s.now + s.policy.offerTimeoutMs[inc.priority];
  const offer: Offer = {
    unitId: unit.id,
    status: 'offered',
    offeredAt: s.now,
    deadline,
    by: scope.actor,
    answeredAt: null,
    reason: null
  };
  const incident: Incident = {
    ...inc,
    status: to,
    unitIds: [...inc.unitIds, unit.id],
    offers: [...inc.offers, offer]
  };
  return {
    changes: [
      {
        type: 'offered',
        incident,
        unitId: unit.id,
        note: `answer by ${new Date(deadline).toISOString()}`
      }
    ],
    units: [{ ...unit, status: 'assigned', incidentId: inc.id }],
    result: byIncident,
    timers: { set: [[inc.id, unit.id, deadline]] }
  };
}

export function planRespond(s: State, cmd: OfferRespond, scope: Scope): Plan<Incident> {
  if (!scope.system && scope.unitId !== cmd.unitId) {
    throw new CommandError(
      ErrorCode.FORBIDDEN,
      `you answer for unit ${scope.unitId}, not ${cmd.unitId}`
    );
  }
  const inc = visibleIncident(s, cmd.incidentId, scope);
  const offer = openOffer(inc, cmd.unitId);
  const unit = s.unit(cmd.unitId)!;
  if (cmd.accept) {
    const to = step(inc, 'accept', scope);
    const incident = {
      ...inc,
      status: to,
      offers: answer(inc.offers, offer, 'accepted', s.now, null)
    };
    return {
      changes: [{ type: 'accepted', incident, unitId: unit.id }],
      units: [unit],
      result: byIncident,
      timers: { clear: [[inc.id, unit.id]] }
    };
  }
  return failOffer(s, inc, unit, 'declined', cmd.reason ?? null);
}

/** The deadline passed with no answer: the server's own move. */
export function planTimeout(s: State, incidentId: string, unitId: string): Plan<Incident> | null {
  const inc = s.incident(incidentId);
  const offer = inc?.offers.find((o) => o.unitId === unitId && o.status === 'offered');
  if (!inc || !offer) return null; // answered or withdrawn meanwhile
  return failOffer(s, inc, s.unit(unitId)!, 'timed_out', 'no answer before the deadline');
}

export function planWithdraw(s: State, cmd: WithdrawCommand, scope: Scope): Plan<Incident> {
  const inc = visibleIncident(s, cmd.incidentId, scope);
  if (!inc.unitIds.includes(cmd.unitId)) {
    throw new CommandError(
      ErrorCode.INVALID_TRANSITION,
      `unit ${cmd.unitId} is not on incident ${inc.id}`
    );
  }
  const unit = s.unit(cmd.unitId)!;
  const offer = inc.offers.find((o) => o.unitId === unit.id && o.status === 'offered');
  const offers = offer ? answer(inc.offers, offer, 'withdrawn', s.now, cmd.reason) : inc.offers;
  return release(
    s,
    { ...inc, offers },
    unit,
    scope,
    offer ? 'offer_withdrawn' : 'unit_recalled',
    cmd.reason
  );
}

/** A unit reports its own duty state; for a unit on an incident this moves the incident along. */
export function planUnitStatus(s: State, cmd: UnitStatusCommand, scope: Scope): Plan<UnitInfo> {
  const unit = visibleUnit(s, cmd.unitId, scope);
  if (scope.role === 'field' && scope.unitId !== unit.id) {
    throw new CommandError(
      ErrorCode.FORBIDDEN,
      `you report for unit ${scope.unitId}, not ${unit.id}`
    );
  }
  const next = cmd.status;
  if (!UNIT_MOVES[unit.status].includes(next)) {
    throw new CommandError(
      ErrorCode.INVALID_TRANSITION,
      `unit ${unit.name}: ${unit.status} → ${next} is not allowed`
    );
  }
  const inc = unit.incidentId ? s.incident(unit.incidentId) : undefined;
  if (!inc || !isOpen(inc.status)) {
    const freed = next === 'available' || next === 'off_duty';
    return {
      changes: [],
      units: [{ ...unit, status: next, incidentId: freed ? null : unit.incidentId }],
      result: (_i, u) => u[0]
    };
  }
  const offer = inc.offers.find((o) => o.unitId === unit.id && o.status === 'offered');
  if (offer && next !== 'available') {
    throw new CommandError(
      ErrorCode.INVALID_TRANSITION,
      `unit ${unit.name}: answer the offer for ${inc.id} first`
    );
  }
  let plan: Plan<Incident>;
  if (next === 'available' && offer)
    plan = failOffer(s, inc, unit, 'declined', 'released by the unit');
  else if (next === 'available' && unit.status === 'on_scene' && inc.unitIds.length === 1)
    plan = resolveAll(s, inc, scope, 'resolved');
  else if (next === 'available') plan = release(s, inc, unit, scope, 'unit_released', null);
  else {
    const to = step(inc, next === 'en_route' ? 'depart' : 'arrive', scope);
    plan = {
      changes: [{ type: next, incident: { ...inc, status: to }, unitId: unit.id }],
      units: [{ ...unit, status: next }],
      result: byIncident
    };
  }
  return { ...plan, result: (_i, units) => units.find((u) => u.id === unit.id)! };
}

export function planTransition(s: State, cmd: IncidentTransition, scope: Scope): Plan<Incident> {
  const inc = visibleIncident(s, cmd.incidentId, scope);
  if ((cmd.action === 'cancel' || cmd.action === 'reopen') && !cmd.reason) {
    throw new CommandError(ErrorCode.INVALID, `/reason: a reason is required to ${cmd.action}`);
  }
  if (cmd.action === 'resolve' || cmd.action === 'cancel') {
    step(inc, cmd.action, scope);
    return resolveAll(
      s,
      inc,
      scope,
      cmd.action === 'resolve' ? 'resolved' : 'cancelled',
      cmd.reason
    );
  }
  const to = step(inc, cmd.action, scope);
  return {
    changes: [
      {
        type: cmd.action === 'close' ? 'closed' : 'reopened',
        incident: { ...inc, status: to, escalation: null },
        note: cmd.reason
      }
    ],
    units: [],
    result: byIncident
  };
}

export function planEscalate(s: State, cmd: EscalateCommand, scope: Scope): Plan<Incident> {
  const inc = visibleIncident(s, cmd.incidentId, scope);
  if (!isOpen(inc.status))
    throw new CommandError(ErrorCode.INVALID_TRANSITION, `incident ${inc.id} is ${inc.status}`);
  if (scope.role === 'field' || scope.role === 'wall')
    throw new CommandError(ErrorCode.FORBIDDEN, `${scope.role} may not escalate`);
  return escalate(inc, cmd.reason, s.now);
}

export function planAcknowledge(s: State, cmd: AcknowledgeCommand, scope: Scope): Plan<Incident> {
  const inc = visibleIncident(s, cmd.incidentId, scope);
  if (!inc.escalation || inc.escalation.acknowledgedAt !== null) {
    throw new CommandError(
      ErrorCode.INVALID_TRANSITION,
      `incident ${inc.id} has no open escalation`
    );
  }
  const escalation = { ...inc.escalation, acknowledgedAt: s.now, acknowledgedBy: scope.actor };
  return {
    changes: [{ type: 'escalation_acknowledged', incident: { ...inc, escalation } }],
    units: [],
    result: byIncident
  };
}

export function planMerge(s: State, cmd: MergeCommand, scope: Scope): Plan<Incident> {
  if (cmd.incidentId === cmd.intoId)
    throw new CommandError(ErrorCode.INVALID, 'an incident cannot be merged into itself');
  const dup = visibleIncident(s, cmd.incidentId, scope);
  const into = visibleIncident(s, cmd.intoId, scope);
  if (!isOpen(into.status))
    throw new CommandError(ErrorCode.INVALID_TRANSITION, `incident ${into.id} is ${into.status}`);
  // merging is the caller's right (a dispatcher's too); the cancel it implies is the server's bookkeeping
  step(dup, 'cancel', SYSTEM);
  const closing = resolveAll(s, dup, SYSTEM, 'cancelled', `merged into ${into.id}`);
  return {
    ...closing,
    changes: [
      ...closing.changes,
      { type: 'merged', incident: into, note: `${dup.id} merged into this incident` }
    ]
  };
}

/** The ladder's next step after a failed offer: escalate after enough failures, and offer the next candidate. */
/**
 * The ladder's alert, planned from the incident as it stands when the command runs (not as it stood when the
 * ladder was scheduled): escalate an open incident whose offers failed enough times since the last acknowledged
 * alert, or that has nobody to offer to; never while an alert is still unacknowledged. Null: nothing to raise.
 */
export function planLadderAlert(
  s: State,
  incidentId: string,
  noCandidate: boolean
): Plan<Incident> | null {
  const inc = s.incident(incidentId);
  if (!inc || !isOpen(inc.status)) return null;
  if (inc.escalation && inc.escalation.acknowledgedAt === null) return null;
  const since = inc.escalation?.acknowledgedAt ?? 0;
  const failed = inc.offers.filter(
    (o) => (o.status === 'declined' || o.status === 'timed_out') && (o.answeredAt ?? 0) > since
  ).length;
  if (failed >= s.policy.escalateAfterFailures)
    return escalate(inc, `${failed} offers failed`, s.now);
  if (noCandidate && inc.unitIds.length === 0)
    return escalate(inc, 'no available unit to offer', s.now);
  return null;
}

function escalate(inc: Incident, reason: string, now: number): Plan<Incident> {
  const escalation = { at: now, reason, acknowledgedAt: null, acknowledgedBy: null };
  return {
    changes: [{ type: 'escalated', incident: { ...inc, escalation }, note: reason }],
    units: [],
    result: byIncident
  };
}

function failOffer(
  s: State,
  inc: Incident,
  unit: UnitInfo,
  status: 'declined' | 'timed_out',
  reason: string | null
): Plan<Incident> {
  const offer = openOffer(inc, unit.id);
  const offers = answer(inc.offers, offer, status, s.now, reason);
  // the queue takes the incident back on the ladder's authority, whoever declined
  const plan = release(
    s,
    { ...inc, offers },
    unit,
    SYSTEM,
    status === 'declined' ? 'declined' : 'offer_timed_out',
    reason
  );
  return { ...plan, ladder: [inc.id] };
}

/** Takes one unit off an incident; with nobody left, an unresolved incident goes back to the queue. */
function release(
  s: State,
  inc: Incident,
  unit: UnitInfo,
  scope: Scope,
  type: string,
  note: string | null
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
function resolveAll(
  s: State,
  inc: Incident,
  scope: Scope,
  to: 'resolved' | 'cancelled',
  note?: string
): Plan<Incident> {
  const offers = inc.offers.map((o) =>
    o.status === 'offered'
      ? { ...o, status: 'withdrawn' as const, answeredAt: s.now, reason: to }
      : o
  );
  const units = inc.unitIds
    .map((id) => s.unit(id)!)
    .map((u) => ({ ...u, status: 'available' as UnitStatus, incidentId: null }));
  // resolving or cancelling answers an open alert: it stays on record, acknowledged by whoever ended the incident
  const escalation =
    inc.escalation && inc.escalation.acknowledgedAt === null
      ? { ...inc.escalation, acknowledgedAt: s.now, acknowledgedBy: scope.actor }
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

/** the server's hand, when a rule runs on its behalf (a failed offer releases the incident) */
const SYSTEM = Scope.system('system');

function step(inc: Incident, action: LifecycleAction, scope: Scope) {
  const t = transition(inc.status, action, scope.system ? 'system' : scope.role);
  if (!t.ok)
    throw new CommandError(
      t.error === 'FORBIDDEN' ? ErrorCode.FORBIDDEN : ErrorCode.INVALID_TRANSITION,
      t.message
    );
  return t.to;
}

function visibleIncident(s: State, id: string, scope: Scope): Incident {
  const inc = s.incident(id);
  if (!inc || !scope.seesIncident(inc))
    throw new CommandError(ErrorCode.NOT_FOUND, `incident ${id} not found`);
  return inc;
}

function visibleUnit(s: State, id: string, scope: Scope): UnitInfo {
  const u = s.unit(id);
  if (!u || !scope.seesUnit(s.whereabouts(u)))
    throw new CommandError(ErrorCode.NOT_FOUND, `unit ${id} not found`);
  return u;
}

function openOffer(inc: Incident, unitId: string): Offer {
  const o = inc.offers.find((x) => x.unitId === unitId && x.status === 'offered');
  if (!o)
    throw new CommandError(
      ErrorCode.INVALID_TRANSITION,
      `unit ${unitId} has no open offer for ${inc.id}`
    );
  return o;
}

function answer(
  offers: Offer[],
  offer: Offer,
  status: Offer['status'],
  now: number,
  reason: string | null
): Offer[] {
  return offers.map((o) => (o === offer ? { ...o, status, answeredAt: now, reason } : o));
}

/** Which duty states a unit may move to from each state. */
const UNIT_MOVES: Record<UnitStatus, UnitStatus[]> = {
  off_duty: ['available'],
  available: ['off_duty'],
  assigned: ['en_route', 'on_scene', 'available'],
  en_route: ['on_scene', 'available'],
  on_scene: ['available']
};

function incidentId(seq: number, now: number): string {
  const d = new Date(now + 8 * 3600_000); // the district's calendar day (UTC+8)
  const day = d.toISOString().slice(0, 10).replaceAll('-', '');
  return `INC-${day}-${seq}`;
}

/** 张三丰 → 张**: enough to address someone on the phone, not enough to identify them */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  return chars.length ? chars[0] + '*'.repeat(Math.max(1, chars.length - 1)) : '';
}

/** 13812345678 → 138****5678 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/[^0-9]/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  const keep = digits.length >= 11 ? 3 : digits.length >= 7 ? 1 : 0;
  return digits.slice(0, keep) + '*'.repeat(digits.length - keep - 4) + digits.slice(-4);
}
