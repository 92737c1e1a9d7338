import { describe, expect, it } from 'vitest';
import type { IncidentStatus, Offer } from '../../../shared/domain.ts';
import {
  escalationAlerts,
  formatCountdown,
  isOverdue,
  nextDeadline,
  openOffers,
  overdueCount
} from '../../../client/src/lib/sla.ts';
import { incidentFixture } from '../../fixtures/incidents.ts';

const DEADLINES = { dispatchBy: 1_000, arriveBy: 2_000, resolveBy: 3_000 };

function offer(over: Partial<Offer>): Offer {
  return {
    unitId: 'U',
    status: 'offered',
    offeredAt: 0,
    deadline: 60_000,
    by: 'dispatcher',
    answeredAt: null,
    reason: null,
    ...over
  };
}

describe('nextDeadline', () => {
  it('runs the dispatch clock while reported, arrive until on scene, resolve on scene', () => {
    const at = (status: IncidentStatus) => nextDeadline(incidentFixture({ ...DEADLINES, status }));
    expect(at('reported')).toEqual({ kind: 'dispatch', at: 1_000 });
    expect(at('dispatched')).toEqual({ kind: 'arrive', at: 2_000 });
    expect(at('accepted')).toEqual({ kind: 'arrive', at: 2_000 });
    expect(at('en_route')).toEqual({ kind: 'arrive', at: 2_000 });
    expect(at('on_scene')).toEqual({ kind: 'resolve', at: 3_000 });
  });

  it('has no deadline once resolved, closed or cancelled', () => {
    for (const status of ['resolved', 'closed', 'cancelled'] as const) {
      expect(nextDeadline(incidentFixture({ ...DEADLINES, status }))).toBeNull();
    }
  });
});

describe('overdue', () => {
  it('counts an incident past the deadline of its status, not one exactly at it', () => {
    const late = incidentFixture({ id: 'a', ...DEADLINES, status: 'reported' });
    const onTime = incidentFixture({ id: 'b', ...DEADLINES, status: 'on_scene' });
    expect(isOverdue(late, 1_000)).toBe(false);
    expect(isOverdue(late, 1_001)).toBe(true);
    expect(overdueCount([late, onTime], 2_500)).toBe(1);
    expect(overdueCount([], 2_500)).toBe(0);
  });
});

describe('openOffers', () => {
  it('lists only offers waiting for an answer, the one due first first', () => {
    const i = incidentFixture({
      offers: [
        offer({ unitId: 'late', deadline: 90_000 }),
        offer({ unitId: 'gone', status: 'declined' }),
        offer({ unitId: 'soon', deadline: 30_000 })
      ]
    });
    expect(openOffers(i).map((o) => o.unitId)).toEqual(['soon', 'late']);
  });
});

describe('escalationAlerts', () => {
  const escalation = (at: number, acknowledgedAt: number | null = null) => ({
    at,
    reason: 'r',
    acknowledgedAt,
    acknowledgedBy: acknowledgedAt === null ? null : 'commander'
  });

  it('keeps open, unacknowledged escalations, most urgent first, then the oldest', () => {
    const alerts = escalationAlerts([
      incidentFixture({ id: 'p3', priority: 3, escalation: escalation(1) }),
      incidentFixture({ id: 'p1-new', priority: 1, escalation: escalation(9) }),
      incidentFixture({ id: 'p1-old', priority: 1, escalation: escalation(5) }),
      incidentFixture({ id: 'acked', priority: 1, escalation: escalation(1, 2) }),
      incidentFixture({ id: 'calm', priority: 1 }),
      incidentFixture({ id: 'done', priority: 1, status: 'resolved', escalation: escalation(1) })
    ]);
    expect(alerts.map((i) => i.id)).toEqual(['p1-old', 'p1-new', 'p3']);
  });
});

describe('formatCountdown', () => {
  it('writes minutes and seconds, hours when there are any, and ignores the sign', () => {
    expect(formatCountdown(0)).toBe('0:00');
    expect(formatCountdown(59_999)).toBe('0:59');
    expect(formatCountdown(245_000)).toBe('4:05');
    expect(formatCountdown(3_723_000)).toBe('1:02:03');
    expect(formatCountdown(-61_000)).toBe('1:01');
  });
});
