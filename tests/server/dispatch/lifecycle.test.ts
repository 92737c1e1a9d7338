import { describe, expect, it } from 'vitest';
import { INCIDENT_STATUSES } from '../../../shared/domain.ts';
import { LIFECYCLE_ACTIONS, leadsTo, startsFrom } from '../../../shared/lifecycle.ts';
import { transition } from '../../../server/dispatch/lifecycle.ts';

/**
 * The server's state machine over the shared rule table (its own pairs are tested in tests/shared/lifecycle.test.ts):
 * what it answers for a legal step, and how it refuses the rest.
 */

describe('incident lifecycle', () => {
  it('moves by the shared table and refuses every pair outside it as INVALID_TRANSITION', () => {
    for (const action of LIFECYCLE_ACTIONS) {
      for (const from of INCIDENT_STATUSES) {
        // `system` may take every action, so legality alone decides for it
        const r = transition(from, action, 'system');
        if (startsFrom(action, from)) expect(r).toEqual({ ok: true, to: leadsTo(action, from) });
        else
          expect(r).toEqual({
            ok: false,
            error: 'INVALID_TRANSITION',
            message: `cannot ${action} an incident that is ${from}`
          });
      }
    }
  });

  it('lets only a commander or admin close and cancel', () => {
    expect(transition('resolved', 'close', 'dispatcher')).toEqual({
      ok: false,
      error: 'FORBIDDEN',
      message: 'dispatcher may not close an incident'
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

  it('keeps an incident where it is when a second unit accepts after the first arrived', () => {
    expect(transition('on_scene', 'accept', 'field')).toEqual({ ok: true, to: 'on_scene' });
  });
});
