import { describe, expect, it } from 'vitest';
import type { Offer } from '../../../shared/domain.ts';
import { deadlineAlerts, escalationAlerts, openOffers } from '../../../client/src/lib/sla.ts';
import { incidentFixture } from '../../fixtures/incidents.ts';

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
    reason: { key: 'said' as const, values: { text: 'r' } },
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

describe('deadlineAlerts', () => {
  const deadlines = (createdAt: number) => ({
    createdAt,
    dispatchBy: createdAt + 60_000,
    arriveBy: createdAt + 600_000,
    resolveBy: createdAt + 3_600_000
  });

  it('lists breaches first, then warnings, each by priority and the deadline due first', () => {
    const now = 1_000_000;
    const list = deadlineAlerts(
      [
        incidentFixture({ id: 'warnP1', priority: 1, ...deadlines(now - 50_000) }),
        incidentFixture({ id: 'lateP3', priority: 3, ...deadlines(now - 90_000) }),
        incidentFixture({ id: 'lateP1b', priority: 1, ...deadlines(now - 70_000) }),
        incidentFixture({ id: 'lateP1a', priority: 1, ...deadlines(now - 80_000) }),
        incidentFixture({ id: 'calm', priority: 1, ...deadlines(now) })
      ],
      now
    );
    expect(list.map((a) => [a.key, a.level])).toEqual([
      ['lateP1a:dispatch', 'breach'],
      ['lateP1b:dispatch', 'breach'],
      ['lateP3:dispatch', 'breach'],
      ['warnP1:dispatch', 'warning']
    ]);
    expect(list[0].incident.id).toBe('lateP1a');
  });

  it('is empty without incidents, and drops a clock once it is met', () => {
    expect(deadlineAlerts([], 0)).toEqual([]);
    const onScene = incidentFixture({ status: 'on_scene', ...deadlines(0) });
    expect(deadlineAlerts([onScene], 700_000)).toEqual([]);
  });
});
