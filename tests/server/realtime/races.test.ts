import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../../shared/domain.ts';
import type { IncidentChanged } from '../../../shared/protocol.ts';
import type { Result } from '../../../shared/result.ts';
import { Rng } from '../../../geo/random.ts';
import { Scope } from '../../../server/access/scope.ts';
import { openSqliteStore } from '../../../server/store/sqlite-store.ts';
import { nextEvent, startServer, type TestSocket } from '../../fixtures/server.ts';
import { ask, CHUNXI, cid, pointIn, until, YAXI, type Server } from '../access/support.ts';

/**
 * Conflicting commands over real sockets on a real server: a thousand assigns of fifty units to twenty incidents
 * fired at once from thirty sockets of three accounts, and commands retried with the same commandId. Afterwards
 * the answers, the memory, the store file and the event log must all tell the same story.
 *
 * Thirty sockets because each socket may burst 40 requests (then 10/s): the point is contention, not the limiter.
 */

const UNITS = 50;
const INCIDENTS_PER_TOWN = 10;
const SYSTEM = Scope.system('races');
/** an ack may wait behind hundreds of commands, each committed durably */
const ACK_MS = 25_000;

function must<T>(res: Result<T>): T {
  if (!res.ok) throw new Error(`expected success: ${res.error} ${res.message}`);
  return res.data;
}

interface Shot {
  socket: TestSocket;
  who: 'commander' | 'dispatcher' | 'leader-yaxi';
  incidentId: string;
  unitId: string;
}

describe('races over real sockets', () => {
  let server: Server;
  let units: string[] = [];
  /** incident id → its town */
  const townOf = new Map<string, string>();
  let fixTime = Date.now() - 60_000;

  /** gives a unit a fresh fix at the k-th grid of a town, as its phone would */
  const place = (unitId: string, town: string, k: number) => {
    const [lng, lat] = pointIn(server.app.gridwatch.district, town, k);
    const why = server.app.gridwatch.live.report(
      { unitId, lng, lat, time: ++fixTime, accuracyM: 10 },
      Date.now()
    );
    if (why !== 'live') throw new Error(`fix of ${unitId} rejected: ${why}`);
  };

  const createIn = async (town: string, k: number, category: Incident['category'] = 'dispute') => {
    const [lng, lat] = pointIn(server.app.gridwatch.district, town, k);
    const inc = must(
      await server.app.gridwatch.dispatch.create(
        {
          commandId: cid('race'),
          category,
          priority: 3,
          lng,
          lat,
          source: 'hotline',
          description: '并发测试'
        },
        SYSTEM
      )
    );
    townOf.set(inc.id, inc.townCode);
    return inc.id;
  };

  beforeAll(async () => {
    server = await startServer({ units: 120 });
    const { live } = server.app.gridwatch;
    const field = server.demo.field.unitId;
    units = live
      .all()
      .filter((u) => u.status === 'available' && u.id !== field)
      .slice(0, UNITS + 10)
      .map((u) => u.id);
    if (units.length < UNITS + 10) throw new Error(`only ${units.length} available units`);
  });
  afterAll(async () => server.close());

  it('lets exactly one of twenty conflicting assigns win each of fifty units, and keeps every record consistent', async () => {
    const { dispatch, live } = server.app.gridwatch;
    const contested = units.slice(0, UNITS);
    // every unit stands in 桠溪, where the town leader may see it, away from every incident's point
    contested.forEach((u, k) => place(u, YAXI, 20 + k));
    const incidents: string[] = [];
    for (let k = 0; k < INCIDENTS_PER_TOWN; k++) {
      incidents.push(await createIn(CHUNXI, k), await createIn(YAXI, k));
    }
    const seqBefore = dispatch.seq;

    const wall = (await server.client('wall')).socket;
    const seen: IncidentChanged[] = [];
    wall.on('incident:changed', (c) => seen.push(c));
    const open = async (who: Shot['who'], count: number) => {
      const out: TestSocket[] = [];
      for (let k = 0; k < count; k++) out.push((await server.client(who)).socket);
      return out;
    };
    const desks = [...(await open('commander', 12)), ...(await open('dispatcher', 12))];
    const leaders = await open('leader-yaxi', 6);
    const whoOf = new Map<TestSocket, Shot['who']>();
    desks.forEach((s, k) => whoOf.set(s, k < 12 ? 'commander' : 'dispatcher'));
    leaders.forEach((s) => whoOf.set(s, 'leader-yaxi'));

    // all 1,000 (unit, incident) pairs, shuffled; a leader fires only at 桠溪 incidents (淳溪 is not its town)
    const rng = new Rng(20261128);
    const pairs = contested.flatMap((unitId) =>
      incidents.map((incidentId) => ({ unitId, incidentId }))
    );
    shuffle(pairs, rng);
    const shots: Shot[] = [];
    const load = new Map<TestSocket, number>();
    let d = 0;
    let l = 0;
    for (const p of pairs) {
      const toLeader = townOf.get(p.incidentId) === YAXI && l < leaders.length * 33;
      const socket = toLeader ? leaders[l++ % leaders.length] : desks[d++ % desks.length];
      load.set(socket, (load.get(socket) ?? 0) + 1);
      shots.push({ socket, who: whoOf.get(socket)!, ...p });
    }
    expect(shots).toHaveLength(UNITS * INCIDENTS_PER_TOWN * 2);
    expect(Math.max(...load.values())).toBeLessThanOrEqual(40);

    const answers = await Promise.all(
      shots.map((s) =>
        ask<Incident>(
          s.socket,
          'dispatch:assign',
          { commandId: cid('race'), incidentId: s.incidentId, unitId: s.unitId },
          ACK_MS
        )
      )
    );

    // exactly one winner per unit; every loser hears UNIT_UNAVAILABLE
    const winner = new Map<string, string>();
    const wrong: string[] = [];
    answers.forEach((res, k) => {
      const s = shots[k];
      if (res.ok) {
        if (winner.has(s.unitId)) wrong.push(`${s.unitId} won twice`);
        winner.set(s.unitId, s.incidentId);
        if (!res.data.unitIds.includes(s.unitId)) wrong.push(`${s.unitId}: ack without the unit`);
      } else if (res.error !== 'UNIT_UNAVAILABLE') {
        wrong.push(`${s.who} ${s.unitId} → ${s.incidentId}: ${res.error} ${res.message}`);
      }
    });
    expect(wrong).toEqual([]);
    expect([...winner.keys()].sort()).toEqual([...contested].sort());

    // a loser is told which incident has the unit only when it may see that incident
    const leaks: string[] = [];
    answers.forEach((res, k) => {
      const s = shots[k];
      if (res.ok) return;
      const holder = winner.get(s.unitId)!;
      const visible = s.who !== 'leader-yaxi' || townOf.get(holder) === YAXI;
      if (visible && !res.message.includes(`on incident ${holder}`))
        leaks.push(`${s.who} not told of ${holder}: ${res.message}`);
      if (!visible && res.message.includes('INC-'))
        leaks.push(`${s.who} told of ${holder}: ${res.message}`);
    });
    expect(leaks).toEqual([]);
    // both kinds of loser were exercised
    const leaderLosses = answers.filter((r, k) => !r.ok && shots[k].who === 'leader-yaxi');
    expect(leaderLosses.some((r) => !r.ok && r.message.includes('INC-'))).toBe(true);
    expect(leaderLosses.some((r) => !r.ok && !r.message.includes('INC-'))).toBe(true);

    // memory: each unit's incident lists it, with exactly one open offer, and no other incident does
    const mismatches: string[] = [];
    for (const unitId of contested) {
      const u = live.get(unitId)!;
      const holder = winner.get(unitId)!;
      if (u.status !== 'assigned' || u.incidentId !== holder)
        mismatches.push(`${unitId}: ${u.status} on ${u.incidentId}, won ${holder}`);
      for (const id of incidents) {
        const inc = dispatch.incident(id)!;
        const listed = inc.unitIds.filter((x) => x === unitId).length;
        const offers = inc.offers.filter((o) => o.unitId === unitId && o.status === 'offered');
        const expected = id === holder ? 1 : 0;
        if (listed !== expected || offers.length !== expected)
          mismatches.push(`${unitId} on ${id}: listed ${listed}, open offers ${offers.length}`);
      }
    }
    for (const id of incidents) {
      const inc = dispatch.incident(id)!;
      if (inc.offers.length !== inc.unitIds.length)
        mismatches.push(`${id}: ${inc.offers.length} offers for ${inc.unitIds.length} units`);
      const status = inc.unitIds.length ? 'dispatched' : 'reported';
      if (inc.status !== status) mismatches.push(`${id}: ${inc.status}, expected ${status}`);
    }
    expect(mismatches).toEqual([]);

    // the store file, read by a second connection, agrees with memory
    const file = openSqliteStore(join(server.dataDir, 'gridwatch.sqlite'));
    try {
      const roster = new Map((await file.units()).map((u) => [u.id, u]));
      for (const unitId of contested) {
        expect(roster.get(unitId)).toMatchObject({
          status: 'assigned',
          incidentId: winner.get(unitId)
        });
      }
      const stored = new Map((await file.incidents(3600_000, Date.now())).map((i) => [i.id, i]));
      for (const id of incidents) expect(stored.get(id)).toEqual(dispatch.incident(id));

      // the log is gap-free from 1, ends where memory does, and holds one offer per unit
      const events = await file.eventsSince(0, 100_000);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, k) => k + 1));
      expect(events.at(-1)?.seq).toBe(dispatch.seq);
      const offered = events.filter((e) => e.seq > seqBefore);
      expect(offered.map((e) => e.type)).toEqual(Array(UNITS).fill('offered'));
      expect(offered.map((e) => e.incident.timeline.at(-1)?.unitId).sort()).toEqual(
        [...contested].sort()
      );
    } finally {
      await file.close();
    }

    // a watching wall saw every change once, in seq order
    const last = dispatch.seq;
    await until(() => seen.at(-1)?.seq === last);
    expect(seen.map((c) => c.seq)).toEqual(
      Array.from({ length: UNITS }, (_, k) => seqBefore + 1 + k)
    );
  });

  it('applies a command retried five times at once and five times after once, answering the first result each time', async () => {
    const { dispatch, store } = server.app.gridwatch;
    const [unitId] = units.slice(UNITS, UNITS + 1);
    place(unitId, CHUNXI, 3);
    const incidentId = await createIn(CHUNXI, 40, 'fraud');
    const sockets: TestSocket[] = [];
    for (let k = 0; k < 5; k++) sockets.push((await server.client('dispatcher')).socket);
    const before = dispatch.seq;
    const cmd = { commandId: cid('retry'), incidentId, unitId };

    const together = await Promise.all(
      sockets.map((s) => ask<Incident>(s, 'dispatch:assign', cmd))
    );
    const after: Array<Result<Incident>> = [];
    for (const s of sockets) after.push(await ask<Incident>(s, 'dispatch:assign', cmd));
    // a retry that changed its mind still gets the first answer, and changes nothing
    const other = units[UNITS + 1];
    after.push(await ask<Incident>(sockets[0], 'dispatch:assign', { ...cmd, unitId: other }));

    const first = must(together[0]);
    expect(first.unitIds).toEqual([unitId]);
    for (const res of [...together, ...after]) expect(res).toEqual({ ok: true, data: first });
    expect(dispatch.seq).toBe(before + 1);
    expect((await store.eventsSince(before, 10)).map((e) => e.type)).toEqual(['offered']);
    expect(server.app.gridwatch.live.get(other)).toMatchObject({ status: 'available' });
    expect(dispatch.incident(incidentId)?.offers).toHaveLength(1);
  });

  it('creates one incident for a create retried five times at once over five sockets', async () => {
    const { dispatch } = server.app.gridwatch;
    const sockets: TestSocket[] = [];
    for (let k = 0; k < 5; k++) sockets.push((await server.client('commander')).socket);
    const [lng, lat] = pointIn(server.app.gridwatch.district, CHUNXI, 50);
    const cmd = {
      commandId: cid('retry'),
      category: 'safety_hazard',
      priority: 2,
      lng,
      lat,
      source: 'hotline',
      description: '井盖缺失'
    };
    const before = dispatch.incidents().length;
    const answers = await Promise.all(sockets.map((s) => ask<Incident>(s, 'incident:create', cmd)));
    const first = must(answers[0]);
    for (const res of answers) expect(res).toEqual({ ok: true, data: first });
    expect(dispatch.incidents().length).toBe(before + 1);
  });

  it('does not hand one account’s result to another account that reuses its commandId', async () => {
    const commander = (await server.client('commander')).socket;
    const leader = (await server.client('leader-yaxi')).socket;
    const shared = cid('shared');
    const body = (town: string, k: number) => {
      const [lng, lat] = pointIn(server.app.gridwatch.district, town, k);
      return {
        commandId: shared,
        category: 'petition',
        priority: 3,
        lng,
        lat,
        source: 'walk_in',
        description: '来访'
      };
    };
    const chunxi = must(await ask<Incident>(commander, 'incident:create', body(CHUNXI, 60)));
    expect(chunxi.townCode).toBe(CHUNXI);
    // the leader's own command, which happens to carry the same id, must not answer with 淳溪's incident
    const res = await ask<Incident>(leader, 'incident:create', body(YAXI, 60));
    expect(JSON.stringify(res)).not.toContain(chunxi.id);
    if (res.ok) expect(res.data.townCode).toBe(YAXI);
  });

  it('tells a unit’s phone that its incident was cancelled while it was answering the offer', async () => {
    const { dispatch } = server.app.gridwatch;
    const unitId = server.demo.field.unitId!;
    const incidentId = await createIn(CHUNXI, 70, 'safety_hazard');
    must(await dispatch.assign({ commandId: cid('race'), incidentId, unitId }, SYSTEM));
    const phone = (await server.client('field')).socket;
    const commander = (await server.client('commander')).socket;
    const heard = nextEvent(
      phone,
      'incident:changed',
      (c) => c.incident.id === incidentId && c.incident.status === 'cancelled',
      2000
    );
    const freed = nextEvent(phone, 'unit:changed', (u) => u.id === unitId && u.incidentId === null);
    // the unit accepts as the commander cancels: whichever lands first, the phone must end up knowing
    const [, cancelled] = await Promise.all([
      ask(phone, 'offer:respond', { commandId: cid('race'), incidentId, unitId, accept: true }),
      ask<Incident>(commander, 'incident:transition', {
        commandId: cid('race'),
        incidentId,
        action: 'cancel',
        reason: '重复报警'
      })
    ]);
    expect(must(cancelled).status).toBe('cancelled');
    await freed;
    // its task list is built from incident:changed: without this one the cancelled task stays on as current work
    const [change] = await heard;
    expect(change.incident).toMatchObject({ status: 'cancelled', unitIds: [] });
  });
});

function shuffle<T>(a: T[], rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
}
