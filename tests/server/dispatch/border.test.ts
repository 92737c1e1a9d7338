import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../../shared/domain.ts';
import { Scope } from '../../../server/access/scope.ts';
import { startServer } from '../../fixtures/server.ts';

type Server = Awaited<ReturnType<typeof startServer>>;
const ZONE = '320118-S18'; // 高溧交界（桠溪段）

describe('border incidents', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startServer({ units: 500 });
  });
  afterAll(async () => server.close());

  const createAt = async (
    [lng, lat]: [number, number],
    category: Incident['category'] = 'dispute'
  ) => {
    const res = await server.as('commander', {
      method: 'POST',
      url: '/api/incidents',
      payload: {
        category,
        priority: 2,
        lng,
        lat,
        source: 'hotline',
        description: '两省村民因灌溉水源发生纠纷'
      }
    });
    expect(res.statusCode).toBe(201);
    return res.json() as Incident;
  };

  it('gives every border zone a joint-mediation committee of four mediators, none on two', () => {
    const units = server.app.gridwatch.live.all();
    const zones = server.app.gridwatch.district.grids.specialisedGrids.filter(
      (g) => g.properties.theme === 'border'
    );
    expect(zones.length).toBeGreaterThan(0);
    for (const z of zones) {
      const members = units.filter((u) => u.group === z.properties.code);
      expect(members).toHaveLength(4);
      expect(members.every((u) => u.kind === 'mediator')).toBe(true);
    }
  });

  it('marks an incident in a border zone cross-jurisdiction and notifies the zone’s committee on its timeline', async () => {
    const zone = server.app.gridwatch.district.grids.area(ZONE)!;
    const inc = await createAt(zone.properties.labelAt);
    const committee = server.app.gridwatch.live.all().filter((u) => u.group === ZONE);
    expect(inc.borderZone).toBe(ZONE);
    expect(inc.notifiedUnits.sort()).toEqual(committee.map((u) => u.id).sort());
    const told = inc.timeline.find((t) => t.type === 'border_notified');
    expect(told?.note).toMatchObject({ key: 'border_notified', values: { zone: ZONE } });
    for (const u of committee) expect(told?.note?.values.members).toContain(u.name);
  });

  it('lets a committee member’s field account see the incident, and no other unit’s', async () => {
    const zone = server.app.gridwatch.district.grids.area(ZONE)!;
    const inc = await createAt(zone.properties.labelAt, 'petition');
    const member = inc.notifiedUnits[0];
    const other = server.app.gridwatch.live.all().find((u) => !inc.notifiedUnits.includes(u.id))!;
    const as = (unitId: string) =>
      new Scope({
        id: `acc-${unitId}`,
        username: `u-${unitId}`,
        role: 'field',
        towns: null,
        unitId
      });
    expect(as(member).seesIncident(inc)).toBe(true);
    expect(as(other.id).seesIncident(inc)).toBe(false);
  });

  it('leaves an incident away from the border zones without a zone or notice', async () => {
    const inc = await createAt([118.8745, 31.3235], 'fraud');
    expect(inc.borderZone).toBeNull();
    expect(inc.notifiedUnits).toEqual([]);
    expect(inc.timeline.map((t) => t.type)).toEqual(['reported']);
  });
});
