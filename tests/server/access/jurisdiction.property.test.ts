import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Incident } from '../../../shared/domain.ts';
import type { IncidentChanged, SyncPayload, UnitInfo } from '../../../shared/protocol.ts';
import type { Recommendation } from '../../../shared/commands.ts';
import type { LngLat } from '../../../shared/district.ts';
import { decodeFrame } from '../../../shared/position-codec.ts';
import { bboxOf } from '../../../geo/bbox.ts';
import { Scope } from '../../../server/access/scope.ts';
import { startServer, type TestSocket } from '../../fixtures/server.ts';
import { borderGrid, moved } from '../../fixtures/district-variants.ts';
import {
  ask,
  CHUNXI,
  cid,
  connectWith,
  frameRows,
  GONE_STATUS,
  gridsOf,
  inject,
  pointIn,
  signIn,
  sleep,
  townCodes,
  until,
  YAXI,
  type FrameRow,
  type Server
} from './support.ts';

/**
 * Jurisdiction end to end: whatever incidents and unit positions the district holds, a town leader of 桠溪 is sent
 * nothing outside 桠溪 — not in its snapshot or replay, not in any push or position frame, not in REST lists or
 * recommendations — while the commander is sent all of it.
 */

const NUM_RUNS = 40;
const TICK_MS = 50;

interface Spot {
  town: string;
  grid: number;
  u: number;
  v: number;
}

const spot = (towns: string[]) =>
  fc.record({
    // 桠溪 drawn often, so the leader has something to see in most runs
    town: fc.oneof(
      { weight: 2, arbitrary: fc.constant(YAXI) },
      { weight: 3, arbitrary: fc.constantFrom(...towns.filter((t) => t !== YAXI)) }
    ),
    grid: fc.nat(),
    u: fc.double({ min: 0, max: 1, noNaN: true }),
    v: fc.double({ min: 0, max: 1, noNaN: true })
  });

const plan = (towns: string[]) =>
  fc.record({
    incidents: fc.array(spot(towns), { maxLength: 4 }),
    fixes: fc.array(fc.record({ unit: fc.nat(), at: spot(towns) }), { maxLength: 10 }),
    assigns: fc.array(fc.record({ incident: fc.nat(), unit: fc.nat(), release: fc.boolean() }), {
      maxLength: 3
    }),
    moves: fc.array(fc.record({ unit: fc.nat(), at: spot(towns) }), { maxLength: 4 }),
    replayFrom: fc.option(fc.nat(), { nil: null })
  });

/**
 * The same property on the reference district and on an imported one: a version in which one of 桠溪's border grids
 * belongs to its neighbour, applied over the running server, so jurisdiction is seen to follow the polygons in force.
 */
for (const imported of [false, true])
  describe(`jurisdiction: a 桠溪 town leader against random incidents and positions${imported ? ', on an imported district' : ''}`, () => {
    let server: Server;
    let towns: string[];
    let fixTime = Date.now() - 90_000;

    /** a point inside the spot's grid when the draw lands there, else the grid's label point */
    const where = (s: Spot): LngLat => {
      const { district } = server.app.gridwatch;
      const grids = gridsOf(district, s.town);
      const g = grids[s.grid % grids.length];
      const [x0, y0, x1, y1] = bboxOf(g);
      const p: LngLat = [x0 + s.u * (x1 - x0), y0 + s.v * (y1 - y0)];
      return district.grids.locate(p[0], p[1])?.townCode === s.town
        ? p
        : pointIn(district, s.town, s.grid);
    };
    const townAt = (lng: number, lat: number) =>
      server.app.gridwatch.district.grids.locate(lng, lat)?.townCode ?? null;
    /** in 桠溪 up to the wire's rounding to micro-degrees (a fix on a border may round across it) */
    const nearYaxi = (lng: number, lat: number) =>
      [-1, 0, 1].some((dx) =>
        [-1, 0, 1].some((dy) => townAt(lng + dx * 1e-6, lat + dy * 1e-6) === YAXI)
      );
    // units jump between towns from one run to the next: placed directly, as a restore does, past the jump filter
    const report = (unitId: string, [lng, lat]: LngLat) => {
      fixTime = Math.max(Date.now() - 1000, fixTime + 1);
      server.app.gridwatch.live.restoreFix(unitId, place(lng, lat, fixTime));
    };
    /** what the leader may see, decided independently of Scope: fix and incident positions located afresh */
    const yaxiUnit = (u: UnitInfo): boolean => {
      const { live, dispatch } = server.app.gridwatch;
      const fix = live.fix(u.idx);
      const inc = u.incidentId ? dispatch.incident(u.incidentId) : undefined;
      return (fix !== null && townAt(fix.lng, fix.lat) === YAXI) || inc?.townCode === YAXI;
    };

    beforeAll(async () => {
      server = await startServer({ units: 150 });
      if (imported) {
        const { district, districts } = server.app.gridwatch;
        const next = moved(district, borderGrid(district, YAXI));
        const checked = await districts.prepare(
          Buffer.from(JSON.stringify(next)),
          {},
          'moved.geojson'
        );
        await districts.apply(checked.id, '', { actor: 'test', source: 'test' });
      }
      towns = townCodes(server.app.gridwatch.district);
      expect(server.app.gridwatch.config.tickMs).toBe(TICK_MS);
    });
    afterAll(async () => server.close());

    it('sends a leader an empty snapshot while nothing lies in its town', async () => {
      const { token } = await server.login('leader-yaxi');
      const frames: ArrayBuffer[] = [];
      const { sync, socket } = await connectWith(
        server.url,
        { token },
        {
          before: (s) => s.on('units:moved', (f) => frames.push(f))
        }
      );
      expect(sync.account.towns).toEqual([YAXI]);
      expect(sync.incidents).toEqual([]);
      expect(sync.units).toEqual([]);
      await until(() => frames.length > 0, 2000, 'the snapshot frame');
      expect(frameRows(frames[0])).toEqual([]);
      socket.close();
    });

    it(`sends the leader nothing outside 桠溪 and the commander everything (${imported ? NUM_RUNS / 2 : NUM_RUNS} runs)`, async () => {
      const runsWanted = imported ? NUM_RUNS / 2 : NUM_RUNS;
      const { live, dispatch } = server.app.gridwatch;
      const started = Date.now();
      let runs = 0;
      await fc.assert(
        fc.asyncProperty(plan(towns), async (p) => {
          runs++;
          const seqAtStart = dispatch.seq;
          const replayFrom = p.replayFrom === null ? undefined : p.replayFrom % (seqAtStart + 1);
          const leader = await server.client(
            'leader-yaxi',
            replayFrom === undefined ? {} : { lastSeq: replayFrom }
          );
          const commander = await server.client('commander');
          const leaderGot = record(leader.socket);
          const commanderGot = record(commander.socket);
          const problems: string[] = [];
          try {
            // snapshot or replay: only 桠溪, judged against the district as it stands (nothing moves meanwhile)
            checkSync(leader.sync, replayFrom, problems);
            const units = live.all();
            expect(commander.sync.units).toHaveLength(units.length);

            // units that may appear for the leader at some moment of this run: sampled after every change
            const visibleEver = new Set<string>();
            const workedYaxi = new Set<string>();
            const sample = () => {
              for (const u of live.all()) {
                if (yaxiUnit(u)) visibleEver.add(u.id);
                const inc = u.incidentId ? dispatch.incident(u.incidentId) : undefined;
                if (inc?.townCode === YAXI) workedYaxi.add(u.id);
              }
            };
            sample();

            const moved: string[] = [];
            for (const f of p.fixes) {
              const u = units[f.unit % units.length];
              report(u.id, where(f.at));
              moved.push(u.id);
              sample();
            }
            const created: Incident[] = [];
            for (const s of p.incidents) {
              const [lng, lat] = where(s);
              const res = await ask<Incident>(commander.socket, 'incident:create', {
                commandId: cid('jur'),
                category: 'safety_hazard',
                priority: 2,
                lng,
                lat,
                source: 'hotline',
                description: '巡查发现'
              });
              if (!res.ok) throw new Error(`create: ${res.message}`);
              expect(res.data.townCode).toBe(s.town);
              created.push(res.data);
            }
            const assigned: string[] = [];
            for (const a of p.assigns) {
              if (created.length === 0 || moved.length === 0) break;
              const inc = created[a.incident % created.length];
              const unitId = moved[a.unit % moved.length];
              if (live.get(unitId)!.status !== 'available') continue;
              const res = await ask<Incident>(commander.socket, 'dispatch:assign', {
                commandId: cid('jur'),
                incidentId: inc.id,
                unitId
              });
              if (!res.ok) throw new Error(`assign: ${res.message}`);
              assigned.push(unitId);
              sample();
              if (a.release) await release(unitId, sample);
            }
            // units move on while they work: an assigned unit may leave its incident's town
            for (const m of p.moves) {
              const pool = assigned.length ? assigned : moved;
              if (pool.length === 0) break;
              report(pool[m.unit % pool.length], where(m.at));
              sample();
            }
            for (const id of assigned)
              if (live.get(id)!.status === 'assigned') await release(id, sample);

            await until(
              () =>
                commanderGot.changes.at(-1)?.seq === dispatch.seq || dispatch.seq === seqAtStart,
              5000,
              'commander caught up'
            );
            await sleep(4 * TICK_MS);

            // pushes
            for (const c of leaderGot.changes) {
              if (c.incident.townCode !== YAXI || townAt(c.incident.lng, c.incident.lat) !== YAXI)
                problems.push(`incident:changed ${c.incident.id} in ${c.incident.townCode}`);
            }
            for (const u of leaderGot.units) {
              if (!visibleEver.has(u.id)) problems.push(`unit:changed ${u.id} never in 桠溪`);
            }
            for (const row of leaderGot.rows) {
              if (row.status === GONE_STATUS) continue;
              const id = live.byIdx(row.idx)!.id;
              if (!nearYaxi(row.lng, row.lat) && !workedYaxi.has(id))
                problems.push(
                  `units:moved row ${id} at ${row.lng},${row.lat} (${townAt(row.lng, row.lat)})`
                );
            }

            // REST: exactly what an independent reading of the district says
            const incidents = (
              await server.as('leader-yaxi', { method: 'GET', url: '/api/incidents' })
            ).json() as Incident[];
            const wantIncidents = dispatch.incidents().filter((i) => townAt(i.lng, i.lat) === YAXI);
            expect(ids(incidents)).toEqual(ids(wantIncidents));
            const restUnits = (
              await server.as('leader-yaxi', { method: 'GET', url: '/api/units' })
            ).json() as UnitInfo[];
            expect(ids(restUnits)).toEqual(ids(live.all().filter(yaxiUnit)));

            // recommendations: for its own incidents only units in 桠溪; others' incidents do not exist for it
            for (const inc of created) {
              const res = await ask<Recommendation[]>(leader.socket, 'dispatch:recommend', {
                incidentId: inc.id,
                limit: 20
              });
              if (inc.townCode !== YAXI) {
                expect(res).toMatchObject({ ok: false, error: 'NOT_FOUND' });
                continue;
              }
              if (!res.ok) throw new Error(`recommend: ${res.message}`);
              for (const r of res.data) {
                const fix = live.fix(live.get(r.unitId)!.idx)!;
                if (townAt(fix.lng, fix.lat) !== YAXI)
                  problems.push(`recommended ${r.unitId} outside 桠溪`);
              }
            }

            // a leader coming back after this run replays exactly this run's 桠溪 changes
            const back = await server.client('leader-yaxi', { lastSeq: seqAtStart });
            const want = commanderGot.changes
              .filter((c) => c.incident.townCode === YAXI)
              .map((c) => c.seq);
            expect(back.sync.events?.map((e) => e.seq)).toEqual(want);
            back.socket.close();

            // the commander sees all of it
            for (const inc of created) {
              expect(commanderGot.changes.some((c) => c.incident.id === inc.id)).toBe(true);
            }
            const all = (
              await server.as('commander', { method: 'GET', url: '/api/incidents' })
            ).json() as Incident[];
            expect(ids(all)).toEqual(ids(dispatch.incidents()));
            const allUnits = (
              await server.as('commander', { method: 'GET', url: '/api/units' })
            ).json() as UnitInfo[];
            expect(allUnits).toHaveLength(live.size);
            expect(problems).toEqual([]);
          } finally {
            leader.socket.close();
            commander.socket.close();
          }
        }),
        { numRuns: runsWanted, seed: 20261128, endOnFailure: true }
      );
      console.log(`jurisdiction property: ${runs} runs in ${Date.now() - started} ms`);
    });

    /** a unit taken off its incident by the system (its phone would send this) */
    async function release(unitId: string, after: () => void) {
      const res = await server.app.gridwatch.dispatch.unitStatus(
        { commandId: cid('rel'), unitId, status: 'available' },
        Scope.system('test')
      );
      if (!res.ok) throw new Error(`release: ${res.message}`);
      after();
    }

    function checkSync(sync: SyncPayload, replayFrom: number | undefined, problems: string[]) {
      const { live, dispatch } = server.app.gridwatch;
      for (const i of sync.incidents ?? []) {
        if (i.townCode !== YAXI) problems.push(`sync incident ${i.id} in ${i.townCode}`);
      }
      for (const e of sync.events ?? []) {
        if (e.incident.townCode !== YAXI)
          problems.push(`sync event ${e.seq} in ${e.incident.townCode}`);
      }
      if (replayFrom === undefined) expect(sync.incidents).not.toBeNull();
      else if (sync.events) expect(sync.events.every((e) => e.seq > replayFrom)).toBe(true);
      if (sync.incidents) {
        expect(ids(sync.incidents)).toEqual(
          ids(dispatch.incidents().filter((i) => i.townCode === YAXI))
        );
      }
      expect(ids(sync.units)).toEqual(ids(live.all().filter(yaxiUnit)));
    }
  });

describe('jurisdiction: frames, field accounts and system actors', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startServer({ units: 40 });
  });
  afterAll(async () => server.close());

  const report = (unitId: string, [lng, lat]: LngLat) =>
    server.app.gridwatch.live.restoreFix(unitId, place(lng, lat, Date.now()));
  const unit = (k: number) => server.app.gridwatch.live.all()[k];

  it('tells a leader only that a unit left its town, not where it went', async () => {
    const { district } = server.app.gridwatch;
    const u = unit(3);
    report(u.id, pointIn(district, YAXI, 1));
    await sleep(3 * TICK_MS);
    const leader = await server.client('leader-yaxi');
    const got = record(leader.socket);
    const far = pointIn(district, CHUNXI, 5);
    report(u.id, far);
    await until(() => got.rows.some((r) => r.idx === u.idx), 2000, 'a GONE row');
    const gone = got.rows.filter((r) => r.idx === u.idx);
    expect(gone.map((r) => r.status)).toEqual([GONE_STATUS]);
    // the row must not carry the unit's new position (or speed, heading, fix time) in 淳溪
    expect(gone[0]).toMatchObject({ lng: 0, lat: 0, speedMps: 0, headingDeg: 0 });
    leader.socket.close();
  });

  it('decodes, with the shared decoder, a frame holding a GONE row', async () => {
    const { district } = server.app.gridwatch;
    const u = unit(4);
    report(u.id, pointIn(district, YAXI, 2));
    await sleep(3 * TICK_MS);
    const leader = await server.client('leader-yaxi');
    const frames: ArrayBuffer[] = [];
    leader.socket.on('units:moved', (f) => frames.push(f));
    report(u.id, pointIn(district, CHUNXI, 6));
    await until(
      () => frames.some((f) => frameRows(f).some((r) => r.idx === u.idx)),
      2000,
      'a frame'
    );
    const frame = frames.find((f) => frameRows(f).some((r) => r.idx === u.idx))!;
    expect(() => decodeFrame(frame)).not.toThrow();
    leader.socket.close();
  });

  /** a dispatcher for 淳溪 and 桠溪: its socket is in two town rooms */
  async function twoTownViewer() {
    const { access } = server.app.gridwatch;
    if (!access.accounts().some((a) => a.username === 'two-towns')) {
      await access.bootstrap({
        username: 'two-towns',
        password: 'two-towns-password',
        role: 'dispatcher',
        towns: [CHUNXI, YAXI],
        unitId: null
      });
    }
    const { token } = await signIn(server, 'two-towns', 'two-towns-password');
    return connectWith(server.url, { token });
  }

  it('sends a two-town viewer the units that moved in each of its towns in the same tick', async () => {
    const { district } = server.app.gridwatch;
    const viewer = await twoTownViewer();
    const got = record(viewer.socket);
    const [a, b] = [unit(6), unit(7)];
    for (let k = 0; k < 5; k++) {
      report(a.id, pointIn(district, CHUNXI, k));
      report(b.id, pointIn(district, YAXI, k));
      await sleep(2 * TICK_MS);
    }
    await sleep(2 * TICK_MS);
    const seen = new Set(got.rows.map((r) => r.idx));
    expect([seen.has(a.idx), seen.has(b.idx)]).toEqual([true, true]);
    viewer.socket.close();
  });

  it('keeps a unit on a two-town viewer’s map when it crosses from one of its towns to the other', async () => {
    const { district } = server.app.gridwatch;
    const u = unit(5);
    report(u.id, pointIn(district, CHUNXI, 7));
    await sleep(3 * TICK_MS);
    const viewer = await twoTownViewer();
    expect(viewer.sync.units.map((x) => x.id)).toContain(u.id);
    const got = record(viewer.socket);
    report(u.id, pointIn(district, YAXI, 3));
    await until(
      () => got.rows.some((r) => r.idx === u.idx && r.status !== GONE_STATUS),
      2000,
      'row'
    );
    await sleep(3 * TICK_MS);
    // a client applies rows in the order they arrive: the last word on the unit must not be GONE
    const last = got.rows.filter((r) => r.idx === u.idx).at(-1)!;
    expect(last.status).not.toBe(GONE_STATUS);
    viewer.socket.close();
  });

  it('names no incident outside 桠溪 in what a leader learns of a unit working one', async () => {
    const { district } = server.app.gridwatch;
    const u = unit(8);
    report(u.id, pointIn(district, YAXI, 4));
    const commander = await server.client('commander');
    const leader = await server.client('leader-yaxi');
    const pushed = record(leader.socket);
    const [lng, lat] = pointIn(district, CHUNXI, 12);
    const body = { category: 'fire', priority: 1, lng, lat, source: 'camera', description: '' };
    const away = await ask<Incident>(commander.socket, 'incident:create', {
      commandId: cid('nm'),
      ...body
    });
    if (!away.ok) throw new Error(away.message);
    const assign = { commandId: cid('nm'), incidentId: away.data.id, unitId: u.id };
    expect((await ask(commander.socket, 'dispatch:assign', assign)).ok).toBe(true);
    const [ylng, ylat] = pointIn(district, YAXI, 5);
    const here = await ask<Incident>(leader.socket, 'incident:create', {
      commandId: cid('nm'),
      ...body,
      lng: ylng,
      lat: ylat
    });
    if (!here.ok) throw new Error(here.message);
    // the unit stands in 桠溪, so the leader sees it; the 淳溪 incident it works must stay unknown
    const tryAssign = await ask(leader.socket, 'dispatch:assign', {
      commandId: cid('nm'),
      incidentId: here.data.id,
      unitId: u.id
    });
    await sleep(3 * TICK_MS);
    const listed = (await server.as('leader-yaxi', { method: 'GET', url: '/api/units' })).json();
    const again = await server.client('leader-yaxi');
    const told = JSON.stringify([tryAssign, listed, pushed.units, again.sync.units]);
    expect(told).toContain(u.id);
    expect(told).not.toContain(away.data.id);
    for (const s of [commander, leader, again]) s.socket.close();
  });

  it('shows a field account named like a system actor none of that actor’s incidents', async () => {
    const { access, dispatch, live } = server.app.gridwatch;
    const other = live.all().find((x) => x.id !== server.demo.field.unitId)!;
    // the simulator creates its incidents as the system actor `sim`
    await access.bootstrap({
      username: 'sim',
      password: 'sim-password-123',
      role: 'field',
      towns: null,
      unitId: other.id
    });
    const [lng, lat] = pointIn(server.app.gridwatch.district, CHUNXI, 9);
    const made = await dispatch.create(
      {
        commandId: cid('sim'),
        category: 'fire',
        priority: 1,
        lng,
        lat,
        source: 'camera',
        description: '模拟'
      },
      Scope.system('sim')
    );
    if (!made.ok) throw new Error(made.message);
    const { cookie } = await signIn(server, 'sim', 'sim-password-123');
    const list = (await inject(server, cookie, { method: 'GET', url: '/api/incidents' })).json();
    expect(ids(list as Incident[])).not.toContain(made.data.id);
  });

  it('pushes a field account exactly the incidents its own list shows', async () => {
    const { access, district } = server.app.gridwatch;
    const unitId = server.demo.field.unitId!;
    // a second officer on the same unit (a patrol car carries two), with an account of their own
    await access.bootstrap({
      username: 'field-partner',
      password: 'field-partner-pw',
      role: 'field',
      towns: null,
      unitId
    });
    const { token, cookie } = await signIn(server, 'field-partner', 'field-partner-pw');
    const partner = await connectWith(server.url, { token });
    const pushed = record(partner.socket);
    const field = await server.client('field');
    const [lng, lat] = pointIn(district, CHUNXI, 11);
    const res = await ask<Incident>(field.socket, 'incident:create', {
      commandId: cid('fld'),
      category: 'dispute',
      priority: 3,
      lng,
      lat,
      source: 'grid_worker',
      description: '现场上报'
    });
    if (!res.ok) throw new Error(res.message);
    await sleep(4 * TICK_MS);
    const listed = ids(
      (await inject(server, cookie, { method: 'GET', url: '/api/incidents' })).json()
    );
    const pushedIds = [...new Set(pushed.changes.map((c) => c.incident.id))];
    expect(pushedIds.filter((id) => !listed.includes(id))).toEqual([]);
    partner.socket.close();
    field.socket.close();
  });
});

function ids(list: Array<{ id: string }>): string[] {
  return list.map((x) => x.id).sort();
}

/** Everything a client is pushed from now on. */
function record(socket: TestSocket): {
  changes: IncidentChanged[];
  units: UnitInfo[];
  rows: FrameRow[];
} {
  const got = { changes: [] as IncidentChanged[], units: [] as UnitInfo[], rows: [] as FrameRow[] };
  socket.on('incident:changed', (c) => got.changes.push(c));
  socket.on('unit:changed', (u) => got.units.push(u));
  socket.on('units:moved', (f) => got.rows.push(...frameRows(f)));
  return got;
}

function place(lng: number, lat: number, time: number) {
  return { lng, lat, time, speedMps: 0, headingDeg: 0, accuracyM: 0 };
}
