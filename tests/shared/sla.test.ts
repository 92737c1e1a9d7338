import { describe, expect, it } from 'vitest';
import type { IncidentStatus } from '../../shared/domain.ts';
import {
  ALARMED_STEPS,
  WARN_SHARE,
  deadlineAlarm,
  deadlineOf,
  isOverdue,
  nextDeadline,
  overdueCount,
  warnAt
} from '../../shared/sla.ts';
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

describe('deadlineAlarm', () => {
  // a P1 reported at 0 with one minute to dispatch and ten to arrive
  const P1 = { createdAt: 0, dispatchBy: 60_000, arriveBy: 600_000, resolveBy: 3_600_000 };

  it('warns in the last WARN_SHARE of the window from the report', () => {
    const i = incidentFixture({ ...P1, status: 'reported' });
    expect(WARN_SHARE).toBe(0.3);
    expect(warnAt(i, 'dispatch')).toBe(42_000);
    expect(deadlineAlarm(i, 41_999)).toBeNull();
    expect(deadlineAlarm(i, 42_000)).toEqual({
      step: 'dispatch',
      at: 60_000,
      warnAt: 42_000,
      level: 'warning'
    });
  });

  it('breaches by the overdue rule: still a warning exactly at the deadline, a breach one ms after', () => {
    const i = incidentFixture({ ...P1, status: 'reported' });
    expect(deadlineAlarm(i, 60_000)?.level).toBe('warning');
    expect(isOverdue(i, 60_000)).toBe(false);
    expect(deadlineAlarm(i, 60_001)?.level).toBe('breach');
    expect(isOverdue(i, 60_001)).toBe(true);
  });

  it('follows the clock of the status: a dispatched P1 is judged by its arrival deadline', () => {
    const sent = incidentFixture({ ...P1, status: 'en_route' });
    // the dispatch deadline long passed no longer alarms once a unit is on its way
    expect(deadlineAlarm(sent, 300_000)).toBeNull();
    expect(warnAt(sent, 'arrive')).toBe(420_000);
    expect(deadlineAlarm(sent, 420_000)).toMatchObject({ step: 'arrive', level: 'warning' });
    expect(deadlineAlarm(sent, 600_001)).toMatchObject({ step: 'arrive', level: 'breach' });
  });

  it('never alarms for the resolve clock, nor once resolved, closed or cancelled', () => {
    expect(ALARMED_STEPS).toEqual(['dispatch', 'arrive']);
    expect(deadlineAlarm(incidentFixture({ ...P1, status: 'on_scene' }), 1e12)).toBeNull();
    for (const status of ['resolved', 'closed', 'cancelled'] as const)
      expect(deadlineAlarm(incidentFixture({ ...P1, status }), 1e12)).toBeNull();
  });

  it('warns from the report when the window is already shorter than the report (a deadline before it)', () => {
    const odd = incidentFixture({ createdAt: 10_000, dispatchBy: 5_000, status: 'reported' });
    expect(warnAt(odd, 'dispatch')).toBe(5_000);
    expect(deadlineAlarm(odd, 5_000)?.level).toBe('warning');
    expect(deadlineAlarm(odd, 10_000)?.level).toBe('breach');
  });
});
