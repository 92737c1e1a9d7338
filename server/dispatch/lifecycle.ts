import type { Role } from '../../shared/access.ts';
import type { IncidentStatus } from '../../shared/domain.ts';

/**
 * The incident lifecycle as a pure state machine. Each action names the states it starts from, the state it
 * leads to, and the roles that may take it; anything else is INVALID_TRANSITION (or FORBIDDEN for the role).
 *
 *   reported → dispatched → accepted → en_route → on_scene → resolved → closed
 *   any open state → cancelled;  resolved → reported (reopen);  back to reported when its last unit is released
 *   (an offer declined, timed out or withdrawn, a unit recalled) before the incident was resolved
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

interface Rule {
  from: readonly IncidentStatus[];
  /** null: the status stays as it is (a second unit dispatched to an incident already under way) */
  to: IncidentStatus | null;
  by: readonly Actor[];
}

const DESK: readonly Actor[] = ['admin', 'commander', 'dispatcher', 'town_leader', 'system'];
const SENIOR: readonly Actor[] = ['admin', 'commander', 'system'];
const UNIT: readonly Actor[] = ['field', 'system'];

export const OPEN: readonly IncidentStatus[] = [
  'reported',
  'dispatched',
  'accepted',
  'en_route',
  'on_scene'
];

const RULES: Record<LifecycleAction, Rule> = {
  dispatch: {
    from: ['reported', 'dispatched', 'accepted', 'en_route', 'on_scene'],
    to: null,
    by: DESK
  },
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
  cancel: { from: OPEN, to: 'cancelled', by: SENIOR }
};

/** Where an action moves the incident, given what its units are doing: the furthest step any of them reached. */
const FORWARD: Partial<Record<LifecycleAction, IncidentStatus>> = {
  dispatch: 'dispatched',
  accept: 'accepted',
  depart: 'en_route',
  arrive: 'on_scene'
};
const ORDER: readonly IncidentStatus[] = [
  'reported',
  'dispatched',
  'accepted',
  'en_route',
  'on_scene'
];

export type Transition =
  | { ok: true; to: IncidentStatus }
  | { ok: false; error: 'INVALID_TRANSITION' | 'FORBIDDEN'; message: string };

export function transition(from: IncidentStatus, action: LifecycleAction, by: Actor): Transition {
  const rule = RULES[action];
  if (!rule.by.includes(by))
    return { ok: false, error: 'FORBIDDEN', message: `${by} may not ${action} an incident` };
  if (!rule.from.includes(from)) {
    return {
      ok: false,
      error: 'INVALID_TRANSITION',
      message: `cannot ${action} an incident that is ${from}`
    };
  }
  const forward = FORWARD[action];
  // an incident moves forward only: a second unit accepting does not pull it back from on_scene
  const to = forward
    ? ORDER.indexOf(forward) > ORDER.indexOf(from)
      ? forward
      : from
    : (rule.to ?? from);
  return { ok: true, to };
}

export function isOpen(s: IncidentStatus): boolean {
  return OPEN.includes(s);
}
