import { describe, expect, it } from 'vitest';
import { INCIDENT_STATUSES, type IncidentStatus } from '../../../shared/domain.ts';
import {
  LIFECYCLE_ACTIONS,
  transition,
  type LifecycleAction
} from '../../../server/dispatch/lifecycle.ts';

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

describe('incident lifecycle', () => {
  const legal = new Map(LEGAL.map(([a, from, to]) => [`${a}:${from}`, to]));

  for (const action of LIFECYCLE_ACTIONS) {
    for (const from of INCIDENT_STATUSES) {
      const to = legal.get(`${action}:${from}`);
      it(`${to ? 'allows' : 'refuses'} ${action} from ${from}${to ? ` → ${to}` : ''}`, () => {
        // `system` may take every action, so legality alone decides for it
        const r = transition(from, action, 'system');
        if (to) expect(r).toEqual({ ok: true, to });
        else expect(r).toMatchObject({ ok: false, error: 'INVALID_TRANSITION' });
      });
    }
  }

  it('never leaves closed or cancelled', () => {
    for (const action of LIFECYCLE_ACTIONS) {
      for (const from of ['closed', 'cancelled'] as const)
        expect(transition(from, action, 'system').ok).toBe(false);
    }
  });

  it('lets only a commander or admin close and cancel', () => {
    expect(transition('resolved', 'close', 'dispatcher')).toMatchObject({
      ok: false,
      error: 'FORBIDDEN'
    });
    expect(transition('reported', 'cancel', 'town_leader')).toMatchObject({
      ok: false,
      error: 'FORBIDDEN'
    });
    expect(transition('resolved', 'close', 'commander')).toEqual({ ok: true, to: 'closed' });
    expect(transition('on_scene', 'cancel', 'admin')).toEqual({ ok: true, to: 'cancelled' });
  });

  it('lets a unit accept, depart and arrive but not dispatch; a wall does nothing', () => {
    expect(transition('dispatched', 'accept', 'field')).toEqual({ ok: true, to: 'accepted' });
    expect(transition('reported', 'dispatch', 'field')).toMatchObject({
      ok: false,
      error: 'FORBIDDEN'
    });
    for (const action of LIFECYCLE_ACTIONS) {
      expect(transition('reported', action, 'wall')).toMatchObject({
        ok: false,
        error: 'FORBIDDEN'
      });
    }
  });

  it('checks the role before the state, so a forbidden actor learns nothing of the state', () => {
    expect(transition('closed', 'close', 'dispatcher')).toMatchObject({
      ok: false,
      error: 'FORBIDDEN'
    });
  });
});
