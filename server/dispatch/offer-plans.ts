import type { Incident, Offer, UnitStatus } from '../../shared/domain.ts';
import type {
  AssignCommand,
  OfferRespond,
  ReassignCommand,
  UnitStatusCommand,
  WithdrawCommand
} from '../../shared/commands.ts';
import type { UnitInfo } from '../../shared/protocol.ts';
import { CommandError, ErrorCode } from '../../shared/result.ts';
import type { Scope } from '../access/scope.ts';
import { isOpen } from '../../shared/lifecycle.ts';
import { note, said, type Note } from '../../shared/timeline-note.ts';
import {
  answer,
  byIncident,
  openOffer,
  release,
  resolveAll,
  step,
  SYSTEM,
  visibleIncident,
  visibleUnit,
  type Plan,
  type State
} from './plans.ts';

/** Plans for offers and the units that hold them: assign, answer, time out, withdraw, and a unit's own duty. */

/** An offer to a unit; the unit holds it (status `assigned`) until it answers or the deadline passes. */
export function planAssign(s: State, cmd: AssignCommand, scope: Scope): Plan<Incident> {
  const inc = visibleIncident(s, cmd.incidentId, scope);
  const unit = visibleUnit(s, cmd.unitId, scope);
  const to = step(inc, 'dispatch', scope);
  if (unit.status !== 'available') {
    // name the incident that has the unit only to someone who may see that incident
    const holder = unit.incidentId ? s.incident(unit.incidentId) : undefined;
    const values = { unit: unit.name, unitStatus: unit.status };
    throw holder && scope.seesIncident(holder)
      ? new CommandError(ErrorCode.UNIT_UNAVAILABLE, 'unit_busy', { ...values, id: holder.id })
      : new CommandError(ErrorCode.UNIT_UNAVAILABLE, 'unit_unavailable', values);
  }
  const deadline = s.now + s.policy.offerTimeoutMs[inc.priority];
  const offer: Offer = {
    unitId: unit.id,
    status: 'offered',
    offeredAt: s.now,
    deadline,
    by: scope.actor,
    ...(scope.actorName ? { byName: scope.actorName } : {}),
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
        note: note('answer_by', { at: deadline })
      }
    ],
    units: [{ ...unit, status: 'assigned', incidentId: inc.id }],
    result: byIncident,
    timers: { set: [[inc.id, unit.id, deadline]] }
  };
}

export function planRespond(s: State, cmd: OfferRespond, scope: Scope): Plan<Incident> {
  if (!scope.system && scope.unitId !== cmd.unitId) {
    throw new CommandError(ErrorCode.FORBIDDEN, 'not_your_unit', {
      own: scope.unitId ?? '',
      unit: cmd.unitId
    });
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
  return failOffer(s, inc, unit, 'declined', cmd.reason ? said(cmd.reason) : null);
}

/** The deadline passed with no answer: the server's own move. */
export function planTimeout(s: State, incidentId: string, unitId: string): Plan<Incident> | null {
  const inc = s.incident(incidentId);
  const offer = inc?.offers.find((o) => o.unitId === unitId && o.status === 'offered');
  if (!inc || !offer) return null; // answered or withdrawn meanwhile
  return failOffer(s, inc, s.unit(unitId)!, 'timed_out', note('no_answer'));
}

/** `withdrawReason` stands in for the command's words when the server supplies them (a reassignment's) */
export function planWithdraw(
  s: State,
  cmd: WithdrawCommand,
  scope: Scope,
  withdrawReason?: Note
): Plan<Incident> {
  const inc = visibleIncident(s, cmd.incidentId, scope);
  if (!inc.unitIds.includes(cmd.unitId)) {
    throw new CommandError(ErrorCode.INVALID_TRANSITION, 'unit_not_on_incident', {
      unit: cmd.unitId,
      id: inc.id
    });
  }
  const unit = s.unit(cmd.unitId)!;
  const offer = inc.offers.find((o) => o.unitId === unit.id && o.status === 'offered');
  const reason = withdrawReason ?? said(cmd.reason);
  const offers = offer ? answer(inc.offers, offer, 'withdrawn', s.now, reason) : inc.offers;
  return release(
    s,
    { ...inc, offers },
    unit,
    scope,
    offer ? 'offer_withdrawn' : 'unit_recalled',
    reason
  );
}

/**
 * Withdraw + assign as one plan: the second half is planned on the state the first leaves (the incident released,
 * the first unit free), so the lifecycle's own steps (release, then dispatch) decide it, and a refusal of either
 * half throws before anything is committed. The two changes are numbered together in one commit.
 */
export function planReassign(s: State, cmd: ReassignCommand, scope: Scope): Plan<Incident> {
  if (cmd.fromUnitId === cmd.toUnitId) {
    throw new CommandError(ErrorCode.INVALID, 'invalid_field', {
      path: '/toUnitId',
      problem: 'must differ from fromUnitId'
    });
  }
  const off = planWithdraw(
    s,
    {
      commandId: cmd.commandId,
      incidentId: cmd.incidentId,
      unitId: cmd.fromUnitId,
      reason: cmd.reason ?? 'reassigned'
    },
    scope,
    cmd.reason ? said(cmd.reason) : note('reassigned')
  );
  const released = off.changes[0].incident;
  const freed = off.units[0];
  const after: State = {
    ...s,
    incident: (id) => (id === released.id ? released : s.incident(id)),
    unit: (id) => (id === freed.id ? freed : s.unit(id))
  };
  const on = planAssign(
    after,
    { commandId: cmd.commandId, incidentId: cmd.incidentId, unitId: cmd.toUnitId },
    scope
  );
  return {
    changes: [...off.changes, ...on.changes],
    units: [...off.units, ...on.units],
    result: byIncident,
    timers: { clear: off.timers?.clear ?? [], set: on.timers?.set ?? [] }
  };
}

/** A unit reports its own duty state; for a unit on an incident this moves the incident along. */
export function planUnitStatus(s: State, cmd: UnitStatusCommand, scope: Scope): Plan<UnitInfo> {
  const unit = visibleUnit(s, cmd.unitId, scope);
  if (scope.role === 'field' && scope.unitId !== unit.id) {
    throw new CommandError(ErrorCode.FORBIDDEN, 'not_your_unit', {
      own: scope.unitId ?? '',
      unit: unit.id
    });
  }
  const next = cmd.status;
  if (!UNIT_MOVES[unit.status].includes(next)) {
    throw new CommandError(ErrorCode.INVALID_TRANSITION, 'unit_step', {
      unit: unit.name,
      unitStatus: unit.status,
      nextStatus: next
    });
  }
  const inc = unit.incidentId ? s.incident(unit.incidentId) : undefined;
  if (!inc || !isOpen(inc.status)) {
    // a note and photos belong on an incident's timeline; without one they would be dropped
    if (cmd.note || cmd.photos?.length) {
      throw new CommandError(ErrorCode.INVALID, 'nothing_to_attach', {
        field: cmd.note ? 'note' : 'photos',
        unit: unit.name
      });
    }
    const freed = next === 'available' || next === 'off_duty';
    return {
      changes: [],
      units: [{ ...unit, status: next, incidentId: freed ? null : unit.incidentId }],
      result: (_i, u) => u[0]
    };
  }
  const offer = inc.offers.find((o) => o.unitId === unit.id && o.status === 'offered');
  if (offer && next !== 'available') {
    throw new CommandError(ErrorCode.INVALID_TRANSITION, 'answer_offer_first', {
      unit: unit.name,
      id: inc.id
    });
  }
  let plan: Plan<Incident>;
  if (next === 'available' && offer)
    plan = failOffer(s, inc, unit, 'declined', note('released_by_unit'));
  else if (next === 'available' && unit.status === 'on_scene' && inc.unitIds.length === 1)
    plan = resolveAll(s, inc, scope, 'resolved', cmd.note ? said(cmd.note) : undefined);
  else if (next === 'available')
    plan = release(s, inc, unit, scope, 'unit_released', cmd.note ? said(cmd.note) : null);
  else {
    const to = step(inc, next === 'en_route' ? 'depart' : 'arrive', scope);
    plan = {
      changes: [
        {
          type: next,
          incident: { ...inc, status: to },
          unitId: unit.id,
          note: cmd.note ? said(cmd.note) : undefined
        }
      ],
      units: [{ ...unit, status: next }],
      result: byIncident
    };
  }
  return { ...plan, result: (_i, units) => units.find((u) => u.id === unit.id)! };
}

function failOffer(
  s: State,
  inc: Incident,
  unit: UnitInfo,
  status: 'declined' | 'timed_out',
  reason: Note | null
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

/** Which duty states a unit may move to from each state. */
const UNIT_MOVES: Record<UnitStatus, UnitStatus[]> = {
  off_duty: ['available'],
  available: ['off_duty'],
  assigned: ['en_route', 'on_scene', 'available'],
  en_route: ['on_scene', 'available'],
  on_scene: ['available']
};
