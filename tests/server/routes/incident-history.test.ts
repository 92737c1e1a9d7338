import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentHistory } from '../../../shared/history.ts';
import { Scope } from '../../../server/access/scope.ts';
import { fakeClientDir, startServer } from '../../fixtures/server.ts';
import { CHUNXI, YAXI, cid, pointIn } from '../access/support.ts';

/**
 * `GET /api/incidents/history?days=1|7` over `inject`: the store's incidents of the window, as points, only those
 * the caller's Scope lets it see; a bad window is refused and changes nothing.
 */

type Server = Awaited<ReturnType<typeof startServer>>;
const DAY = 86_400_000;
const SYSTEM = Scope.system('history-test');

describe('GET /api/incidents/history', () => {
  let server: Server;
  const created: Record<string, number> = {};

  /** an incident made by the server's own hand, `agoMs` before now, in the town */
  async function incidentIn(town: string, agoMs: number, k: number): Promise<string> {
    const [lng, lat] = pointIn(server.app.gridwatch.district, town, k);
    const res = await server.app.gridwatch.dispatch.create(
      {
        commandId: cid('hist'),
        category: 'traffic',
        priority: 2,
        lng,
        lat,
        source: 'hotline',
        description: '历史'
      },
      SYSTEM,
      Date.now() - agoMs
    );
    if (!res.ok) throw new Error(`create: ${res.error} ${res.message}`);
    created[res.data.id] = res.data.createdAt;
    return res.data.id;
  }

  const history = async (username: string, query: string) =>
    server.as(username, { method: 'GET', url: `/api/incidents/history${query}` });

  beforeAll(async () => {
    server = await startServer({ units: 20, clientDir: fakeClientDir() });
    await incidentIn(CHUNXI, 60_000, 0);
    await incidentIn(YAXI, 2 * 3_600_000, 1);
    await incidentIn(YAXI, 3 * DAY, 2);
    await incidentIn(CHUNXI, 8 * DAY, 3);
  });
  afterAll(async () => server.close());

  it('gives the whole district’s last day to a district desk, oldest first', async () => {
    const res = await history('dispatcher', '?days=1');
    expect(res.statusCode).toBe(200);
    const body = res.json() as IncidentHistory;
    expect(body.days).toBe(1);
    expect(body.to - body.from).toBe(DAY + 1);
    expect(body.points).toHaveLength(2);
    const times = body.points.map((p) => p[2]);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(body.points[0]).toEqual([
      expect.any(Number),
      expect.any(Number),
      times[0],
      2,
      'traffic'
    ]);
  });

  it('reaches back a week with days=7, and no further', async () => {
    const body = (await history('dispatcher', '?days=7')).json() as IncidentHistory;
    expect(body.points).toHaveLength(3);
    expect(Math.min(...body.points.map((p) => p[2]))).toBeGreaterThanOrEqual(body.from);
  });

  it('gives a town leader its own towns only, and the wall what its scope allows', async () => {
    const leader = (await history('leader-yaxi', '?days=7')).json() as IncidentHistory;
    expect(leader.points).toHaveLength(2);
    for (const [lng, lat] of leader.points) {
      expect(server.app.gridwatch.district.grids.locate(lng, lat)?.townCode).toBe(YAXI);
    }
    const wall = (await history('wall', '?days=7')).json() as IncidentHistory;
    expect(wall.points).toHaveLength(3);
  });

  it('refuses a phone: it has no map to draw history on', async () => {
    const res = await history('field', '?days=1');
    expect(res.statusCode).toBe(403);
  });

  it('refuses any window but 1 or 7 days with a message naming the field', async () => {
    for (const query of ['', '?days=3', '?days=1&days=7', '?days=one', '?days=1&extra=x']) {
      const res = await history('dispatcher', query);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error).toBe('INVALID');
    }
    expect((await history('dispatcher', '?days=3')).json().message).toMatch(/days/);
  });
});
