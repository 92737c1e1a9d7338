import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../../shared/domain.ts';
import { Kpis } from '../../../shared/kpis.ts';
import { validate } from '../../../shared/validate.ts';
import { P1_RESPONDERS } from '../../../server/dispatch/policy.ts';
import { dayStart } from '../../../server/kpi/day.ts';
import { startServer } from '../../fixtures/server.ts';
import { CHUNXI, pointIn, YAXI } from '../access/support.ts';

/**
 * `GET /api/kpis` through the real app on the real district: who may ask, the answer's shape (the shared schema),
 * and the cut to the caller's towns. The figures' own arithmetic is tested in tests/server/kpi/.
 */

type Server = Awaited<ReturnType<typeof startServer>>;

let server: Server;
beforeAll(async () => {
  server = await startServer({ units: 60 });
});
afterAll(async () => server.close());

async function kpis(username: string): Promise<Kpis> {
  const res = await server.as(username, { method: 'GET', url: '/api/kpis' });
  expect(res.statusCode, res.body).toBe(200);
  const body = validate(Kpis, res.json());
  if (!body.ok) throw new Error(`answer outside the schema: ${body.message}`);
  return body.data;
}

async function report(town: string, k: number, over: Partial<Incident> = {}): Promise<Incident> {
  const [lng, lat] = pointIn(server.app.gridwatch.district, town, k);
  const res = await server.as('dispatcher', {
    method: 'POST',
    url: '/api/incidents',
    payload: {
      category: 'dispute',
      priority: 3,
      lng,
      lat,
      source: 'hotline',
      description: '指标接口测试',
      ...over
    }
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Incident;
}

describe('GET /api/kpis', () => {
  it('answers every desk role and the wall in the shared schema, and refuses a field account', async () => {
    for (const who of ['admin', 'commander', 'dispatcher', 'leader-yaxi', 'wall']) await kpis(who);
    const field = await server.as('field', { method: 'GET', url: '/api/kpis' });
    expect(field.statusCode).toBe(403);
    const anonymous = await server.app.inject({ method: 'GET', url: '/api/kpis' });
    expect(anonymous.statusCode).toBe(401);
  });

  it("gives a town leader her town's figures and the district's desk and wall all towns'", async () => {
    await report(YAXI, 0, { priority: 1, category: 'fire' });
    await report(YAXI, 1, { priority: 3 });
    await report(CHUNXI, 0, { priority: 2, category: 'traffic' });

    const now = Date.now();
    const today = (
      await server.app.gridwatch.store.incidentsCreated(dayStart(now), now + 1)
    ).filter((i) => i.createdAt >= dayStart(now));
    const inYaxi = today.filter((i) => i.townCode === YAXI);
    expect(inYaxi.length).toBeGreaterThanOrEqual(2);

    const leader = await kpis('leader-yaxi');
    expect(leader.today.reported).toBe(inYaxi.length);
    expect(leader.today.byCategory.fire).toBe(inYaxi.filter((i) => i.category === 'fire').length);
    expect(leader.open.byPriority[1]).toBe(inYaxi.filter((i) => i.priority === 1).length);
    expect(leader.open.byPriority[2]).toBe(0);
    expect(leader.towns.map((t) => t.code)).toEqual([YAXI]);
    expect(leader.towns[0]).toMatchObject({ name: '桠溪街道', open: inYaxi.length });

    for (const who of ['dispatcher', 'wall']) {
      const whole = await kpis(who);
      expect(whole.today.reported).toBe(today.length);
      expect(whole.open.byPriority[2]).toBe(today.filter((i) => i.priority === 2).length);
      const codes = whole.towns.map((t) => t.code);
      expect(codes).toContain(CHUNXI);
      expect(codes).toContain(YAXI);
      expect(codes).toEqual([...codes].sort());
      expect(whole.towns.find((t) => t.code === CHUNXI)?.open).toBe(
        today.filter((i) => i.townCode === CHUNXI).length
      );
    }
  });

  it("counts a town's grids a P1 responder can reach in time from the last coverage computation", async () => {
    const { live, coverage, district } = server.app.gridwatch;
    const responder = live.all().find((u) => u.status === 'available' && P1_RESPONDERS.has(u.kind));
    expect(responder).toBeDefined();
    const [lng, lat] = pointIn(district, YAXI, 2);
    live.restoreFix(responder!.id, {
      lng,
      lat,
      time: Date.now(),
      speedMps: 0,
      headingDeg: 0,
      accuracyM: 5
    });
    coverage.compute(Date.now());

    const grids = coverage.grids.filter((g) => g.townCode === YAXI);
    const within5 = grids.filter((g) => g.etaS !== null && g.etaS <= 300).length;
    expect(within5).toBeGreaterThan(0);
    const leader = await kpis('leader-yaxi');
    expect(leader.towns[0]).toMatchObject({
      grids: grids.length,
      within5,
      within10: grids.filter((g) => g.etaS !== null && g.etaS <= 600).length,
      available: 1
    });
    expect(leader.coverage).toEqual({
      grids: leader.towns[0].grids,
      within5: leader.towns[0].within5,
      within10: leader.towns[0].within10
    });
    const whole = await kpis('commander');
    expect(whole.coverage.grids).toBe(district.grids.comprehensiveGrids.length);
  });
});
