import { describe, expect, it } from 'vitest';
import { INCIDENT_STATUSES, type Incident, type IncidentStatus } from '../../../shared/domain.ts';
import type { Role } from '../../../shared/access.ts';
import {
  LIFECYCLE_ACTIONS,
  leadsTo,
  startsFrom,
  type LifecycleAction
} from '../../../shared/lifecycle.ts';
import { CommandError } from '../../../shared/result.ts';
import { Scope } from '../../../server/access/scope.ts';
import { step } from '../../../server/dispatch/plans.ts';

/**
 * The server's side of the lifecycle: a step by the shared rule table (its pairs are tested in
 * tests/shared/lifecycle.test.ts), or a refusal the screens can word (a key and its values).
 */

const as = (role: Role) =>
  new Scope({
    id: `a-${role}`,
    username: role,
    role,
    towns: null,
    unitId: role === 'field' ? 'U1' : null
  });

function tried(status: IncidentStatus, action: LifecycleAction, scope: Scope) {
  try {
    return { to: step({ id: 'INC-1', status } as Incident, action, scope) };
  } catch (e) {
    if (!(e instanceof CommandError)) throw e;
    return { refused: e.code, detail: e.detail };
  }
}

describe('a lifecycle step', () => {
  it('moves by the shared table and refuses every pair outside it as INVALID_TRANSITION, naming both', () => {
    const server = Scope.system('test');
    for (const action of LIFECYCLE_ACTIONS) {
      for (const from of INCIDENT_STATUSES) {
        expect(tried(from, action, server)).toEqual(
          startsFrom(action, from)
            ? { to: leadsTo(action, from) }
            : {
                refused: 'INVALID_TRANSITION',
                detail: { key: 'cannot_transition', values: { action, status: from } }
              }
        );
      }
    }
  });

  it('lets only a commander or admin close and cancel, and says which role may not', () => {
    expect(tried('resolved', 'close', as('dispatcher'))).toEqual({
      refused: 'FORBIDDEN',
      detail: { key: 'role_may_not', values: { role: 'dispatcher', action: 'close' } }
    });
    expect(tried('reported', 'cancel', as('town_leader'))).toMatchObject({ refused: 'FORBIDDEN' });
    expect(tried('resolved', 'close', as('commander'))).toEqual({ to: 'closed' });
    expect(tried('on_scene', 'cancel', as('admin'))).toEqual({ to: 'cancelled' });
  });

  it('lets a unit accept, depart and arrive but not dispatch; a wall does nothing', () => {
    expect(tried('dispatched', 'accept', as('field'))).toEqual({ to: 'accepted' });
    expect(tried('reported', 'dispatch', as('field'))).toMatchObject({ refused: 'FORBIDDEN' });
    for (const action of LIFECYCLE_ACTIONS) {
      expect(tried('reported', action, as('wall'))).toMatchObject({ refused: 'FORBIDDEN' });
    }
  });

  it('checks the role before the state, so a forbidden actor learns nothing of the state', () => {
    expect(tried('closed', 'close', as('dispatcher'))).toMatchObject({ refused: 'FORBIDDEN' });
  });

  it('keeps an incident where it is when a second unit accepts after the first arrived', () => {
    expect(tried('on_scene', 'accept', as('field'))).toEqual({ to: 'on_scene' });
  });
});
