import { describe, expect, it } from 'vitest';
import type { Role } from '../../../shared/access.ts';
import type { Incident } from '../../../shared/domain.ts';
import {
  historyPoints,
  historyWindow,
  incidentHistory
} from '../../../server/dispatch/incident-history.ts';
import { Scope } from '../../../server/access/scope.ts';
import { incidentFixture } from '../../fixtures/incidents.ts';

/** The history layer's points: the window, the compact form, and the Scope's rule applied to every point. */

const NOW = Date.UTC(2026, 10, 28, 4, 0, 0);
const HOUR = 3_600_000;
const CHUNXI = '320118001';
const YAXI = '320118006';

const scopeOf = (role: Role, towns: string[] | null, unitId: string | null = null) =>
  new Scope({ id: `a-${role}`, username: role, role, towns, unitId });
const leader = scopeOf('town_leader', [YAXI]);
const wall = scopeOf('wall', null);
const field = scopeOf('field', null, 'u-7');

function incident(id: string, townCode: string, createdAt: number, extra: Partial<Incident> = {}) {
  return incidentFixture({ id, townCode, createdAt, ...extra });
}

describe('incident history points', () => {
  it('answers no points for no incidents', () => {
    expect(historyPoints([], () => true)).toEqual([]);
    expect(incidentHistory(1, NOW, [], () => true).points).toEqual([]);
  });

  it('gives each incident as [lng, lat, createdAt, priority, category], coordinates to about a metre', () => {
    const i = incident('i-1', CHUNXI, NOW - HOUR, {
      lng: 118.876543219,
      lat: 31.327654321,
      priority: 1,
      category: 'fire'
    });
    expect(historyPoints([i], () => true)).toEqual([[118.87654, 31.32765, NOW - HOUR, 1, 'fire']]);
  });

  it('keeps only the towns a town leader may see', () => {
    const list = [
      incident('c', CHUNXI, NOW - HOUR),
      incident('y', YAXI, NOW - 2 * HOUR),
      incident('y2', YAXI, NOW - 3 * HOUR)
    ];
    const seen = incidentHistory(7, NOW, list, (i) => leader.seesIncident(i));
    expect(seen.points.map((p) => p[2])).toEqual([NOW - 2 * HOUR, NOW - 3 * HOUR]);
    expect(incidentHistory(7, NOW, list, (i) => wall.seesIncident(i)).points).toHaveLength(3);
  });

  it('gives a field account only the incidents its unit worked or reported', () => {
    const list = [
      incident('mine', CHUNXI, NOW - HOUR, { unitIds: ['u-7'] }),
      incident('reported', CHUNXI, NOW - HOUR, { reportedByUnit: 'u-7' }),
      incident('other', CHUNXI, NOW - HOUR, { unitIds: ['u-8'] })
    ];
    expect(historyPoints(list, (i) => field.seesIncident(i))).toHaveLength(2);
  });

  it('takes the last 24 hours or 7 days up to now, an incident of this very millisecond included', () => {
    expect(historyWindow(1, NOW)).toEqual({ from: NOW - 24 * HOUR, to: NOW + 1 });
    expect(historyWindow(7, NOW)).toEqual({ from: NOW - 7 * 24 * HOUR, to: NOW + 1 });
    const list = [
      incident('old', CHUNXI, NOW - 24 * HOUR - 1),
      incident('edge', CHUNXI, NOW - 24 * HOUR),
      incident('now', CHUNXI, NOW),
      incident('future', CHUNXI, NOW + 1)
    ];
    const day = incidentHistory(1, NOW, list, () => true);
    expect(day.points.map((p) => p[2])).toEqual([NOW - 24 * HOUR, NOW]);
    expect(day).toMatchObject({ days: 1, from: NOW - 24 * HOUR, to: NOW + 1 });
  });
});
