import { describe, expect, it } from 'vitest';
import type { Offer } from '../../../shared/domain.ts';
import { escalationAlerts, openOffers } from '../../../client/src/lib/sla.ts';
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
