import type { Role } from './access.ts';
import { OPEN_STATUSES, RECENT_MS, type Incident, type IncidentStatus } from './domain.ts';

/**
 * The incident lifecycle's rule table, once for both ends: the server's state machine (`step()` in
 * server/dispatch/plans.ts refuses anything else, with its error codes) and the desk, which offers only the actions that can succeed
 * (client/src/lib/desk-actions.ts). Each action names the states it starts from, the state it leads to, and the
 * actors that may take it.
 *
 *   reported → dispatched → accepted → en_route → on_scene → resolved → closed
 *   any open state → cancelled;  resolved → reported (reopen);  back to reported when its last unit is released
 *   (an offer declined, timed out or withdrawn, a unit recalled) before the incident was resolved
 *   A reassign (`dispatch:reassign`) is no action of its own: release then dispatch, both checked, in one commit.
 *
 * `system` is the server's own hand: offer timeouts, automatic re-offers, arrival detection, the simulator.
 */

export const LIFECYCLE_ACTIONS = [
  'dispatch',
  'accept',
  'release',
  'depart',
  'arrive',
  'resolve',
  'close',
  'reopen',
  'cancel'
] as const;
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];
export type Actor = Role | 'system';

export interface LifecycleRule {
  from: readonly IncidentStatus[];
  /** null: the status stays as it is (a second unit dispatched to an incident already under way) */
  to: IncidentStatus | null;
  by: readonly Actor[];
}

const DESK: readonly Actor[] = ['admin', 'commander', 'dispatcher', 'town_leader', 'system'];
const SENIOR: readonly Actor[] = ['admin', 'commander', 'system'];
const UNIT: readonly Actor[] = ['field', 'system'];

export const LIFECYCLE: Readonly<Record<LifecycleAction, LifecycleRule>> = {
  dispatch: { from: OPEN_STATUSES, to: null, by: DESK },
  accept: { from: ['dispatched', 'accepted', 'en_route', 'on_scene'], to: null, by: UNIT },
  // its last unit declined, timed out, was withdrawn or recalled: back to the queue
  release: {
    from: ['dispatched', 'accepted', 'en_route', 'on_scene'],
    to: 'reported',
    by: [...DESK, 'field']
  },
  depart: { from: ['accepted', 'en_route', 'on_scene'], to: null, by: UNIT },
  arrive: { from: ['accepted', 'en_route', 'on_scene'], to: null, by: UNIT },
  resolve: {
    from: ['on_scene'],
    to: 'resolved',
    by: [...UNIT, 'admin', 'commander', 'dispatcher']
  },
  close: { from: ['resolved'], to: 'closed', by: SENIOR },
  reopen: {
    from: ['resolved'],
    to: 'reported',
    by: ['admin', 'commander', 'dispatcher', 'system']
  },
  cancel: { from: OPEN_STATUSES, to: 'cancelled', by: SENIOR }
};

/** Where an action moves the incident, given what its units are doing: the furthest step any of them reached. */
const FORWARD: Partial<Record<LifecycleAction, IncidentStatus>> = {
  dispatch: 'dispatched',
  accept: 'accepted',
  depart: 'en_route',
  arrive: 'on_scene'
};
/** the open states in the order an incident goes through them */
const ORDER: readonly IncidentStatus[] = [
  'reported',
  'dispatched',
  'accepted',
  'en_route',
  'on_scene'
];

export function mayTake(action: LifecycleAction, by: Actor): boolean {
  return LIFECYCLE[action].by.includes(by);
}

export function startsFrom(action: LifecycleAction, from: IncidentStatus): boolean {
  return LIFECYCLE[action].from.includes(from);
}

/** The status the action leads to from `from`; the caller has checked that it may start there. */
export function leadsTo(action: LifecycleAction, from: IncidentStatus): IncidentStatus {
  const forward = FORWARD[action];
  // an incident moves forward only: a second unit accepting does not pull it back from on_scene
  if (forward) return ORDER.indexOf(forward) > ORDER.indexOf(from) ? forward : from;
  return LIFECYCLE[action].to ?? from;
}

export function isOpen(s: IncidentStatus): boolean {
  return OPEN_STATUSES.includes(s);
}

/** Whether both ends still hold the incident (at server time `now`): open, or finished within RECENT_MS. */
export function isKept(i: Pick<Incident, 'status' | 'updatedAt'>, now: number): boolean {
  return isOpen(i.status) || now - i.updatedAt <= RECENT_MS;
}
