import { describe, expect, it } from 'vitest';
import type { IncidentStatus } from '../../shared/domain.ts';
import { deadlineOf, isOverdue, nextDeadline, overdueCount } from '../../shared/sla.ts';
import { incidentFixture } from '../fixtures/incidents.ts';

/** The one overdue rule the desk's clocks and the wall's figures both count by. */

const DEADLINES = { dispatchBy: 1_000, arriveBy: 2_000, resolveBy: 3_000 };

describe('deadlineOf', () => {
  it("reads each step's deadline from the incident", () => {
    const i = incidentFixture(DEADLINES);
    expect(deadlineOf(i, 'dispatch')).toBe(1_000);
    expect(deadlineOf(i, 'arrive')).toBe(2_000);
    expect(deadlineOf(i, 'resolve')).toBe(3_000);
  });
});

describe('nextDeadline', () => {
  it('runs the dispatch clock while reported, arrive until on scene, resolve on scene', () => {
    const at = (status: IncidentStatus) => nextDeadline(incidentFixture({ ...DEADLINES, status }));
    expect(at('reported')).toEqual({ step: 'dispatch', at: 1_000 });
    expect(at('dispatched')).toEqual({ step: 'arrive', at: 2_000 });
    expect(at('accepted')).toEqual({ step: 'arrive', at: 2_000 });
    expect(at('en_route')).toEqual({ step: 'arrive', at: 2_000 });
    expect(at('on_scene')).toEqual({ step: 'resolve', at: 3_000 });
  });

  it('has no deadline once resolved, closed or cancelled', () => {
    for (const status of ['resolved', 'closed', 'cancelled'] as const) {
      expect(nextDeadline(incidentFixture({ ...DEADLINES, status }))).toBeNull();
    }
  });
});

describe('isOverdue', () => {
  it('counts an incident past the deadline of its status, not one exactly at it', () => {
    const late = incidentFixture({ id: 'a', ...DEADLINES, status: 'reported' });
    const onTime = incidentFixture({ id: 'b', ...DEADLINES, status: 'on_scene' });
    expect(isOverdue(late, 1_000)).toBe(false);
    expect(isOverdue(late, 1_001)).toBe(true);
    expect(overdueCount([late, onTime], 2_500)).toBe(1);
    expect(overdueCount([], 2_500)).toBe(0);
  });

  it('judges only the clock of the status: a passed dispatch deadline no longer counts once a unit is sent', () => {
    const sent = incidentFixture({ ...DEADLINES, status: 'dispatched' });
    expect(isOverdue(sent, 1_500)).toBe(false);
    expect(isOverdue(sent, 2_001)).toBe(true);
  });

  it('never counts a resolved, closed or cancelled incident, however late', () => {
    for (const status of ['resolved', 'closed', 'cancelled'] as const)
      expect(isOverdue(incidentFixture({ ...DEADLINES, status }), 1e12)).toBe(false);
  });
});
