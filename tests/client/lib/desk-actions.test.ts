import { describe, expect, it } from 'vitest';
import {
  allowed,
  incidentActions,
  roleMay,
  withdrawKind
} from '../../../client/src/lib/desk-actions.ts';
import { ROLES, type Role } from '../../../shared/access.ts';
import { INCIDENT_STATUSES, type IncidentStatus } from '../../../shared/domain.ts';
import type { LifecycleAction } from '../../../shared/lifecycle.ts';
import { step as serverStep } from '../../../server/dispatch/plans.ts';
import { Scope } from '../../../server/access/scope.ts';
import { incidentFixture } from '../../fixtures/incidents.ts';

describe('desk actions', () => {
  it('lets only a commander or an admin close a resolved incident', () => {
    const resolved = incidentFixture({ status: 'resolved' });
    expect(allowed('close', 'commander', resolved)).toBe(true);
    expect(allowed('close', 'admin', resolved)).toBe(true);
    expect(allowed('close', 'dispatcher', resolved)).toBe(false);
    expect(allowed('close', 'town_leader', resolved)).toBe(false);
    expect(allowed('close', 'commander', incidentFixture({ status: 'on_scene' }))).toBe(false);
  });

  it('resolves only an incident on scene, and not from the town or the field', () => {
    const onScene = incidentFixture({ status: 'on_scene' });
    expect(allowed('resolve', 'dispatcher', onScene)).toBe(true);
    expect(allowed('resolve', 'town_leader', onScene)).toBe(false);
    expect(allowed('resolve', 'field', onScene)).toBe(false);
    expect(allowed('resolve', 'dispatcher', incidentFixture({ status: 'en_route' }))).toBe(false);
  });

  it('escalates an open incident once, and lets every desk acknowledge it', () => {
    const escalated = incidentFixture({
      escalation: {
        at: 1,
        reason: { key: 'said', values: { text: 'r' } },
        acknowledgedAt: null,
        acknowledgedBy: null
      }
    });
    expect(allowed('escalate', 'dispatcher', incidentFixture())).toBe(true);
    expect(allowed('escalate', 'dispatcher', escalated)).toBe(false);
    expect(allowed('escalate', 'town_leader', incidentFixture())).toBe(false);
    expect(allowed('acknowledge', 'town_leader', escalated)).toBe(true);
    expect(allowed('acknowledge', 'town_leader', incidentFixture())).toBe(false);
    expect(allowed('acknowledge', 'wall', escalated)).toBe(false);
  });

  it('offers a merge only for a possible duplicate', () => {
    expect(allowed('merge', 'dispatcher', incidentFixture())).toBe(false);
    expect(allowed('merge', 'dispatcher', incidentFixture({ possibleDuplicateOf: 'X' }))).toBe(
      true
    );
  });

  it("lists a commander's actions on a reported incident, and none for a signed-out page", () => {
    expect(incidentActions('commander', incidentFixture())).toEqual(['escalate', 'cancel']);
    expect(incidentActions('commander', incidentFixture({ status: 'resolved' }))).toEqual([
      'close',
      'reopen'
    ]);
    expect(incidentActions(undefined, incidentFixture())).toEqual([]);
    expect(roleMay('offer', undefined)).toBe(false);
  });

  it('withdraws an open offer and recalls a unit that accepted', () => {
    const base = {
      offeredAt: 0,
      deadline: 1,
      by: 'd',
      answeredAt: null,
      reason: null
    };
    const i = incidentFixture({
      unitIds: ['A', 'B'],
      offers: [
        { ...base, unitId: 'A', status: 'offered' },
        { ...base, unitId: 'B', status: 'accepted' }
      ]
    });
    expect(withdrawKind(i, 'A')).toBe('withdraw');
    expect(withdrawKind(i, 'B')).toBe('recall');
  });

  it('offers a lifecycle step exactly when the server would take it from a role that may send it', () => {
    // offer runs the lifecycle's dispatch; resolve, close, cancel and reopen are incident:transition (staff only)
    const steps = [
      ['offer', 'dispatch', ['admin', 'commander', 'dispatcher', 'town_leader']],
      ['resolve', 'resolve', ['admin', 'commander', 'dispatcher']],
      ['close', 'close', ['admin', 'commander', 'dispatcher']],
      ['cancel', 'cancel', ['admin', 'commander', 'dispatcher']],
      ['reopen', 'reopen', ['admin', 'commander', 'dispatcher']]
    ] as const;
    for (const [action, step, senders] of steps)
      for (const role of ROLES)
        for (const status of INCIDENT_STATUSES) {
          const server = (senders as readonly string[]).includes(role)
            ? serverTakes(status, step, role)
            : false;
          expect(
            allowed(action, role, incidentFixture({ status })),
            `${role} ${action} ${status}`
          ).toBe(server);
        }
  });
});

/** whether the server's own rule (server/dispatch/plans.ts) takes the step */
function serverTakes(status: IncidentStatus, action: LifecycleAction, role: Role): boolean {
  const scope = new Scope({ id: 'a', username: 'a', role, towns: null, unitId: null });
  try {
    serverStep(incidentFixture({ status }), action, scope);
    return true;
  } catch {
    return false;
  }
}
