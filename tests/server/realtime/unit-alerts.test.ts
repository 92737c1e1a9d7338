import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kpis } from '../../../shared/kpis.ts';
import type { UnitAlertKind, UnitAlertUpdate } from '../../../shared/unit-alerts.ts';
import { startServer, type TestSocket } from '../../fixtures/server.ts';
import { ask, CHUNXI, pointIn, until, YAXI, type Server } from '../access/support.ts';

/**
 * Units that went quiet or strayed, over real sockets: the server sweeps every second and sends each desk the
 * alerts it may see, whole, whenever they change; they clear themselves when the cause goes away. Thresholds are
 * shortened to seconds so the test does not wait minutes.
 */

const HOUR = 3_600_000;

/** every update a socket receives, newest last */
function record(socket: TestSocket): UnitAlertUpdate[] {
  const got: UnitAlertUpdate[] = [];
  socket.on('unit-alerts:changed', (u) => got.push(u));
  return got;
}

const kindsOf = (got: UnitAlertUpdate[], unitId: string) =>
  (got.at(-1)?.alerts ?? []).filter((a) => a.unitId === unitId).map((a) => a.kind);

/** the unit's alert of a kind in the last update received, if any */
const latest = (got: UnitAlertUpdate[], unitId: string, kind: UnitAlertKind) =>
  got.at(-1)?.alerts.find((a) => a.unitId === unitId && a.kind === kind);

/** every unit off duty but the one under test: an off-duty unit raises no alert */
function onlyOnDuty(server: Server, unitId: string): void {
  const { live } = server.app.gridwatch;
  for (const u of live.all())
    live.setStatus(u.id, u.id === unitId ? 'available' : 'off_duty', null);
}

async function kpis(server: Server, username: string): Promise<Kpis> {
  const res = await server.as(username, { method: 'GET', url: '/api/kpis' });
  expect(res.statusCode).toBe(200);
  return res.json() as Kpis;
}

describe('unit alerts: a unit gone quiet', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startServer({
      units: 40,
      unitAlerts: {
        quietMs: { car: 1500, ebike: 1500, foot: 1500 },
        lowBatteryPct: 20,
        strayGraceMs: HOUR
      }
    });
  });
  afterAll(async () => server.close());

  it('raises an alert for a unit silent past its threshold on the desks that see it, then clears it', async () => {
    const field = await server.client('field');
    const unitId = field.sync.account.unitId!;
    expect(field.sync.unitAlerts.alerts).toEqual([]);
    onlyOnDuty(server, unitId);
    const atPhone = record(field.socket);
    const desk = await server.client('dispatcher');
    const atDesk = record(desk.socket);
    const chunxi = await server.client('leader-chunxi');
    const atChunxi = record(chunxi.socket);
    const yaxi = await server.client('leader-yaxi');
    const atYaxi = record(yaxi.socket);

    const [lng, lat] = pointIn(server.app.gridwatch.district, CHUNXI, 3);
    const report = () => ask(field.socket, 'unit:report', { unitId, lng, lat, time: Date.now() });
    expect((await report()).ok).toBe(true);
    const reportedAt = Date.now();

    // silent: past the threshold, at the next sweep, the district's desk and the town it stands in learn of it
    const quietSince = (got: UnitAlertUpdate[]) => {
      const a = latest(got, unitId, 'quiet');
      return a?.kind === 'quiet' && a.lastFixAt !== null ? a : undefined;
    };
    await until(() => quietSince(atDesk) !== undefined, 6000, 'quiet alert at the desk');
    await until(() => quietSince(atChunxi) !== undefined, 3000, 'at the town');
    const alert = quietSince(atDesk)!;
    expect(alert.thresholdMs).toBe(1500);
    expect(alert.lastFixAt).toBeLessThanOrEqual(reportedAt);
    expect(Date.now() - alert.lastFixAt!).toBeGreaterThanOrEqual(1500);
    expect((await kpis(server, 'dispatcher')).unitAlerts.byKind.quiet).toBe(1);
    expect(
      (await kpis(server, 'leader-chunxi')).towns.find((t) => t.code === CHUNXI)
    ).toMatchObject({ unitAlerts: 1 });
    expect((await kpis(server, 'leader-yaxi')).unitAlerts.total).toBe(0);
    // a desk connecting now has it in its sync
    const late = await server.client('dispatcher');
    expect(late.sync.unitAlerts.alerts.map((a) => `${a.unitId}:${a.kind}`)).toEqual([
      `${unitId}:quiet`
    ]);

    // it reports again: the alert clears itself on the next sweep, nobody acknowledges anything
    expect((await report()).ok).toBe(true);
    await until(() => latest(atDesk, unitId, 'quiet') === undefined, 3000, 'cleared at the desk');
    await until(() => latest(atChunxi, unitId, 'quiet') === undefined, 3000, 'cleared at the town');

    // a leader of another town never heard of it, and phones get no alerts at all
    expect(atYaxi.flatMap((u) => u.alerts)).toEqual([]);
    expect(atPhone).toEqual([]);
  });
});

describe('unit alerts: a unit that left its home town', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startServer({
      units: 40,
      unitAlerts: {
        quietMs: { car: HOUR, ebike: HOUR, foot: HOUR },
        lowBatteryPct: 20,
        strayGraceMs: 500
      }
    });
  });
  afterAll(async () => server.close());

  it('tells the town it stands in and its home town, the home town without saying where', async () => {
    const { live, district } = server.app.gridwatch;
    const u = live.all()[0];
    // a unit of 淳溪 by roster, so its home town's leader is a demo account
    live.put({ ...u, homeTown: CHUNXI });
    onlyOnDuty(server, u.id);
    const place = (town: string) => {
      const [lng, lat] = pointIn(district, town, 1);
      live.restoreFix(u.id, {
        lng,
        lat,
        time: Date.now(),
        speedMps: 0,
        headingDeg: 0,
        accuracyM: 5
      });
    };
    place(CHUNXI);
    const desk = await server.client('dispatcher');
    const home = await server.client('leader-chunxi');
    const there = await server.client('leader-yaxi');
    const [atDesk, atHome, atThere] = [desk, home, there].map((c) => record(c.socket));

    place(YAXI);
    await until(() => kindsOf(atHome, u.id).includes('left_home_town'), 6000, 'at home');
    await until(() => kindsOf(atThere, u.id).includes('left_home_town'), 3000, 'where it is');
    await until(() => kindsOf(atDesk, u.id).includes('left_home_town'), 3000, 'at the desk');
    const at = (got: UnitAlertUpdate[]) => got.at(-1)!.alerts.find((a) => a.unitId === u.id)!;
    expect(at(atHome)).toMatchObject({ homeTown: CHUNXI, town: null, hidden: true, name: u.name });
    expect(at(atThere)).toMatchObject({ town: YAXI, hidden: false });
    expect(at(atDesk)).toMatchObject({ town: YAXI, hidden: false });
    // the home town counts it as one of its own, the town it stands in as one in its streets
    expect((await kpis(server, 'leader-chunxi')).unitAlerts.byKind.left_home_town).toBe(1);
    expect((await kpis(server, 'leader-yaxi')).unitAlerts.byKind.left_home_town).toBe(1);

    place(CHUNXI);
    await until(() => kindsOf(atHome, u.id).length === 0, 3000, 'cleared at home');
    await until(() => kindsOf(atThere, u.id).length === 0, 3000, 'cleared where it was');
    await until(() => kindsOf(atDesk, u.id).length === 0, 3000, 'cleared at the desk');
  });
});
