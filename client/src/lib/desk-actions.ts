import type { Role } from '../../../shared/access.ts';
import { OPEN_STATUSES, type Incident, type IncidentStatus } from '../../../shared/domain.ts';
import { LIFECYCLE, type LifecycleAction } from '../../../shared/lifecycle.ts';
import { hasOpenEscalation } from './sla.ts';

/**
 * What a desk role may do to an incident in its current state, so the console offers only the actions that can
 * succeed. The server decides (a refusal is shown); this follows its rules: `SOCKET_ACCESS` in
 * server/access/permissions.ts for who may send each request (mirrored below), and for the actions that are steps
 * of the lifecycle (offer = dispatch, resolve, close, cancel, reopen) the one rule table in shared/lifecycle.ts for
 * which role may take them and from which status.
 */

/** the actions that ask for a reason (or a confirmation) before they are sent */
export const PROMPT_KINDS = [
  'escalate',
  'resolve',
  'close',
  'cancel',
  'reopen',
  'withdraw',
  'recall',
  'reassign',
  'merge'
] as const;
export type PromptKind = (typeof PROMPT_KINDS)[number];
export type DeskAction = PromptKind | 'offer' | 'acknowledge';

// who may send the request (server/access/permissions.ts)
const DESK: readonly Role[] = ['admin', 'commander', 'dispatcher', 'town_leader'];
const STAFF: readonly Role[] = ['admin', 'commander', 'dispatcher'];

/** a step of the lifecycle: the roles that may send its request and that the lifecycle lets take it */
function step(action: LifecycleAction, senders: readonly Role[]) {
  const rule = LIFECYCLE[action];
  return { roles: senders.filter((r) => rule.by.includes(r)), from: rule.from };
}

const RULES: Record<DeskAction, { roles: readonly Role[]; from: readonly IncidentStatus[] }> = {
  // dispatch:assign runs the lifecycle's dispatch; incident:transition its resolve, close, cancel and reopen
  offer: step('dispatch', DESK),
  resolve: step('resolve', STAFF),
  close: step('close', STAFF),
  cancel: step('cancel', STAFF),
  reopen: step('reopen', STAFF),
  withdraw: { roles: DESK, from: OPEN_STATUSES },
  recall: { roles: DESK, from: OPEN_STATUSES },
  reassign: { roles: DESK, from: OPEN_STATUSES },
  acknowledge: { roles: DESK, from: [...OPEN_STATUSES, 'resolved', 'closed', 'cancelled'] },
  escalate: { roles: STAFF, from: OPEN_STATUSES },
  merge: { roles: STAFF, from: OPEN_STATUSES }
};

/** a reason is required by the server (escalate, cancel, reopen, withdraw) or asked for anyway (recall, reassign) */
export const REASON_REQUIRED: Record<PromptKind, boolean> = {
  escalate: true,
  cancel: true,
  reopen: true,
  withdraw: true,
  recall: true,
  reassign: true,
  resolve: false,
  close: false,
  merge: false
};

/** Whether `role` may take `action` on the incident as it stands. */
export function allowed(action: DeskAction, role: Role | undefined, incident: Incident): boolean {
  if (
    !role ||
    !RULES[action].roles.includes(role) ||
    !RULES[action].from.includes(incident.status)
  ) {
    return false;
  }
  switch (action) {
    case 'escalate':
      return !hasOpenEscalation(incident);
    case 'acknowledge':
      return hasOpenEscalation(incident);
    case 'merge':
      return incident.possibleDuplicateOf !== null;
    default:
      return true;
  }
}

/** Whether the role may take the action on some incident: the console's key legend shows only these. */
export function roleMay(action: DeskAction, role: Role | undefined): boolean {
  return role !== undefined && RULES[action].roles.includes(role);
}

/** The actions of the console's action bar that `role` may take on the incident now, in display order. */
export function incidentActions(role: Role | undefined, incident: Incident): PromptKind[] {
  const order: PromptKind[] = ['resolve', 'close', 'reopen', 'escalate', 'merge', 'cancel'];
  return order.filter((a) => allowed(a, role, incident));
}

/** Which prompt withdraws a unit: an open offer is taken back (撤回), a working unit recalled (召回). */
export function withdrawKind(incident: Incident, unitId: string): 'withdraw' | 'recall' {
  return incident.offers.some((o) => o.unitId === unitId && o.status === 'offered')
    ? 'withdraw'
    : 'recall';
}

/**
 * Whether the screen may ask for the reporter's full contact (`incident:contact`, DispatchService.contact): the
 * desk roles that direct the work, and a field unit on an incident it is working. Town leaders and walls see the
 * masked contact only.
 */
export function mayReadContact(
  role: Role | undefined,
  incident: Incident,
  unitId: string | null = null
): boolean {
  if (role === 'field') return unitId !== null && incident.unitIds.includes(unitId);
  return role !== undefined && STAFF.includes(role);
}
