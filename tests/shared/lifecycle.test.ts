import { describe, expect, it } from 'vitest';
import { ROLES } from '../../shared/access.ts';
import { INCIDENT_STATUSES, RECENT_MS, type IncidentStatus } from '../../shared/domain.ts';
import {
  isKept,
  isOpen,
  LIFECYCLE_ACTIONS,
  leadsTo,
  mayTake,
  startsFrom,
  type LifecycleAction
} from '../../shared/lifecycle.ts';

/** Every legal (action, from) pair and where it leads, written out by hand; every other pair is illegal. */
const LEGAL: Array<[LifecycleAction, IncidentStatus, IncidentStatus]> = [
  ['dispatch', 'reported', 'dispatched'],
  ['dispatch', 'dispatched', 'dispatched'],
  ['dispatch', 'accepted', 'accepted'],
  ['dispatch', 'en_route', 'en_route'],
  ['dispatch', 'on_scene', 'on_scene'],
  ['accept', 'dispatched', 'accepted'],
  ['accept', 'accepted', 'accepted'],
  ['accept', 'en_route', 'en_route'],
  ['accept', 'on_scene', 'on_scene'],
  ['release', 'dispatched', 'reported'],
  ['release', 'accepted', 'reported'],
  ['release', 'en_route', 'reported'],
  ['release', 'on_scene', 'reported'],
  ['depart', 'accepted', 'en_route'],
  ['depart', 'en_route', 'en_route'],
  ['depart', 'on_scene', 'on_scene'],
  ['arrive', 'accepted', 'on_scene'],
  ['arrive', 'en_route', 'on_scene'],
  ['arrive', 'on_scene', 'on_scene'],
  ['resolve', 'on_scene', 'resolved'],
  ['close', 'resolved', 'closed'],
  ['reopen', 'resolved', 'reported'],
  ['cancel', 'reported', 'cancelled'],
  ['cancel', 'dispatched', 'cancelled'],
  ['cancel', 'accepted', 'cancelled'],
  ['cancel', 'en_route', 'cancelled'],
  ['cancel', 'on_scene', 'cancelled']
];

/** Who may take each action, written out by hand (`system` is the server's own hand). */
const ACTORS: Record<LifecycleAction, string[]> = {
  dispatch: ['admin', 'commander', 'dispatcher', 'town_leader', 'system'],
  accept: ['field', 'system'],
  release: ['admin', 'commander', 'dispatcher', 'town_leader', 'field', 'system'],
  depart: ['field', 'system'],
  arrive: ['field', 'system'],
  resolve: ['admin', 'commander', 'dispatcher', 'field', 'system'],
  close: ['admin', 'commander', 'system'],
  reopen: ['admin', 'commander', 'dispatcher', 'system'],
  cancel: ['admin', 'commander', 'system']
};

describe('lifecycle rule table', () => {
  const legal = new Map(LEGAL.map(([a, from, to]) => [`${a}:${from}`, to]));

  for (const action of LIFECYCLE_ACTIONS) {
    for (const from of INCIDENT_STATUSES) {
      const to = legal.get(`${action}:${from}`);
      it(`${to ? 'starts' : 'does not start'} ${action} from ${from}${to ? ` → ${to}` : ''}`, () => {
        expect(startsFrom(action, from)).toBe(to !== undefined);
        if (to) expect(leadsTo(action, from)).toBe(to);
      });
    }
  }

  it('never leaves closed or cancelled', () => {
    for (const action of LIFECYCLE_ACTIONS)
      for (const from of ['closed', 'cancelled'] as const)
        expect(startsFrom(action, from)).toBe(false);
  });

  it('lets each action be taken by its actors only; a wall takes none', () => {
    for (const action of LIFECYCLE_ACTIONS)
      for (const actor of [...ROLES, 'system'] as const)
        expect(mayTake(action, actor), `${actor} ${action}`).toBe(ACTORS[action].includes(actor));
  });

  it('calls reported through on_scene open, and resolved, closed and cancelled not', () => {
    expect(INCIDENT_STATUSES.filter(isOpen)).toEqual([
      'reported',
      'dispatched',
      'accepted',
      'en_route',
      'on_scene'
    ]);
  });

  it('keeps an open incident however old, and a finished one until RECENT_MS after its last change', () => {
    const now = 1_800_000_000_000;
    for (const status of INCIDENT_STATUSES) {
      const old = { status, updatedAt: now - RECENT_MS - 1 };
      expect(isKept({ status, updatedAt: now - RECENT_MS }, now), status).toBe(true);
      expect(isKept(old, now), status).toBe(isOpen(status));
    }
  });
});
