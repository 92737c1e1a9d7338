import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { InjectOptions } from 'fastify';
import type { Role } from '../../../shared/access.ts';
import type { IncidentCreate } from '../../../shared/commands.ts';
import type { ClientToServerEvents } from '../../../shared/protocol.ts';
import { SOCKET_ACCESS, type RouteAccess } from '../../../server/access/permissions.ts';
import { Scope } from '../../../server/access/scope.ts';
import { createHandlers } from '../../../server/realtime/handlers.ts';
import { fakeClientDir, startServer, type TestSocket } from '../../fixtures/server.ts';
import {
  ask,
  CHUNXI,
  cid,
  freshAddress,
  inject,
  pointIn,
  refusal,
  signIn,
  YAXI,
  type Server
} from './support.ts';

/**
 * The role × request matrix. Its rows are checked against what the server really has — every socket event of the
 * protocol and every route the app registers (collected by an `onRoute` hook installed before any route) — so a
 * new event or route without a row here fails the suite. Every cell sends a valid request as that caller, over a
 * real socket or `inject`, and must get exactly the answer in the table.
 */

const registered = vi.hoisted(() => [] as Array<{ method: string; url: string; access: unknown }>);

vi.mock('fastify', async (importOriginal) => {
  const mod = await importOriginal<typeof import('fastify')>();
  const withRouteLog = ((opts?: object) => {
    const app = mod.default(opts);
    app.addHook('onRoute', (r) => {
      for (const method of [r.method].flat()) {
        registered.push({ method: String(method), url: r.url, access: r.config?.access });
      }
    });
    return app;
  }) as unknown as typeof mod.default;
  return { ...mod, default: withRouteLog, fastify: withRouteLog };
});

const CALLERS = [
  'admin',
  'commander',
  'dispatcher',
  'leader-yaxi',
  'field',
  'wall',
  'anonymous',
  'signed-out'
] as const;
type Caller = (typeof CALLERS)[number];
/** the demo account each signed-in caller uses, and its role */
const ROLE_OF: Partial<Record<Caller, Role>> = {
  admin: 'admin',
  commander: 'commander',
  dispatcher: 'dispatcher',
  'leader-yaxi': 'town_leader',
  field: 'field',
  wall: 'wall'
};
const SIGNED_IN = CALLERS.filter((c) => ROLE_OF[c]);

const Y = 'ok';
const F = 'FORBIDDEN';
const N = 'NOT_FOUND';
const U = 'UNAUTHORIZED';
type Answer = typeof Y | typeof F | typeof N | typeof U;
/** one answer per caller, in CALLERS order */
type Expect = [Answer, Answer, Answer, Answer, Answer, Answer, Answer, Answer];

interface Rig {
  server: Server;
  /** a session cookie per caller (null for anonymous; a signed-out session's for signed-out) */
  cookie: (c: Caller) => Promise<string | null>;
  /** an available unit, not used by any other cell, with a fresh fix in the town */
  unitIn: (town: string) => string;
  /** an open incident in the town, created by the system */
  incidentIn: (town: string) => Promise<string>;
  point: (town: string) => [number, number];
  fieldUnit: string;
  /** a time for a position report, later than every one before */
  nextFixTime: () => number;
}

interface HttpRow {
  route: string;
  what: string;
  expect: Expect;
  request: (rig: Rig, c: Caller) => Promise<InjectOptions> | InjectOptions;
  /** defaults to the caller's long-lived session */
  cookie?: (rig: Rig, c: Caller) => Promise<string | null>;
}

interface SocketRow {
  event: keyof ClientToServerEvents;
  what: string;
  expect: Expect;
  payload: (rig: Rig, c: Caller) => Promise<unknown> | unknown;
}

const incidentBody = (rig: Rig, town: string): Omit<IncidentCreate, 'commandId'> => {
  const [lng, lat] = rig.point(town);
  return {
    category: 'dispute',
    priority: 3,
    lng,
    lat,
    source: 'hotline',
    description: '矩阵测试'
  };
};

let accountNo = 0;
let targetId = '';

//                                        admin cmdr disp yaxi field wall anon signed-out
const PUBLIC: Expect = /*              */ [Y, Y, Y, Y, Y, Y, Y, Y];
const ANYONE: Expect = /*              */ [Y, Y, Y, Y, Y, Y, U, U];
const ADMIN: Expect = /*               */ [Y, F, F, F, F, F, U, U];

const HTTP_ROWS: HttpRow[] = [
  { route: 'GET /healthz', what: '', expect: PUBLIC, request: () => get('/healthz') },
  { route: 'GET /api/district', what: '', expect: PUBLIC, request: () => get('/api/district') },
  {
    route: 'POST /api/login',
    what: 'with its own password (the dispatcher’s when signed out)',
    expect: PUBLIC,
    request: (rig, c) => {
      const username = ROLE_OF[c] ? c : 'dispatcher';
      const password = rig.server.demo[username].password;
      const payload = { username, password };
      return { method: 'POST', url: '/api/login', payload, remoteAddress: freshAddress() };
    }
  },
  { route: 'GET /api/session', what: '', expect: ANYONE, request: () => get('/api/session') },
  {
    route: 'POST /api/logout',
    what: 'of a session of its own',
    expect: ANYONE,
    request: () => ({ method: 'POST', url: '/api/logout' }),
    cookie: async (rig, c) => (ROLE_OF[c] ? (await signIn(rig.server, c)).cookie : rig.cookie(c))
  },
  { route: 'GET /api/accounts', what: '', expect: ADMIN, request: () => get('/api/accounts') },
  {
    route: 'POST /api/accounts',
    what: 'a new dispatcher',
    expect: ADMIN,
    request: () => ({
      method: 'POST',
      url: '/api/accounts',
      payload: {
        username: `matrix-${++accountNo}`,
        password: 'matrix-password-1',
        role: 'dispatcher',
        towns: null,
        unitId: null
      }
    })
  },
  {
    route: 'PATCH /api/accounts/:id',
    what: 'a new label',
    expect: ADMIN,
    request: () => ({
      method: 'PATCH',
      url: `/api/accounts/${targetId}`,
      payload: { label: `标签 ${++accountNo}` }
    })
  },
  {
    route: 'POST /api/accounts/:id/revoke',
    what: '',
    expect: ADMIN,
    request: () => ({ method: 'POST', url: `/api/accounts/${targetId}/revoke` })
  },
  {
    route: 'POST /api/kiosks',
    what: 'a wall for 桠溪',
    expect: ADMIN,
    request: () => ({
      method: 'POST',
      url: '/api/kiosks',
      payload: { label: '桠溪大屏', towns: [YAXI] }
    })
  },
  { route: 'GET /api/audit', what: '', expect: ADMIN, request: () => get('/api/audit') },
  { route: 'GET /api/audit.csv', what: '', expect: ADMIN, request: () => get('/api/audit.csv') },
  { route: 'GET /api/units', what: '', expect: ANYONE, request: () => get('/api/units') },
  { route: 'GET /api/incidents', what: '', expect: ANYONE, request: () => get('/api/incidents') },
  {
    route: 'POST /api/incidents',
    what: 'in 淳溪',
    expect: [Y, Y, Y, F, Y, F, U, U],
    request: (rig) => ({
      method: 'POST',
      url: '/api/incidents',
      payload: incidentBody(rig, CHUNXI)
    })
  },
  {
    route: 'POST /api/incidents',
    what: 'in 桠溪',
    expect: [Y, Y, Y, Y, Y, F, U, U],
    request: (rig) => ({ method: 'POST', url: '/api/incidents', payload: incidentBody(rig, YAXI) })
  },
  { route: 'GET /*', what: 'a screen route', expect: PUBLIC, request: () => get('/dispatch') }
];
// Fastify answers HEAD on every GET route; a HEAD must be let through exactly as its GET is
for (const row of HTTP_ROWS.filter((r) => r.route.startsWith('GET '))) {
  HTTP_ROWS.push({
    ...row,
    route: row.route.replace(/^GET /, 'HEAD '),
    request: async (rig, c) => ({ ...(await row.request(rig, c)), method: 'HEAD' })
  });
}

const SOCKET_ROWS: SocketRow[] = [
  {
    event: 'incident:create',
    what: 'in 淳溪',
    expect: [Y, Y, Y, F, Y, F, U, U],
    payload: (rig) => ({ commandId: cid('mx'), ...incidentBody(rig, CHUNXI) })
  },
  {
    event: 'incident:create',
    what: 'in 桠溪',
    expect: [Y, Y, Y, Y, Y, F, U, U],
    payload: (rig) => ({ commandId: cid('mx'), ...incidentBody(rig, YAXI) })
  },
  {
    event: 'dispatch:recommend',
    what: 'for a 淳溪 incident',
    expect: [Y, Y, Y, N, F, F, U, U],
    payload: async (rig) => ({ incidentId: await rig.incidentIn(CHUNXI), limit: 3 })
  },
  {
    event: 'dispatch:recommend',
    what: 'for a 桠溪 incident',
    expect: [Y, Y, Y, Y, F, F, U, U],
    payload: async (rig) => ({ incidentId: await rig.incidentIn(YAXI), limit: 3 })
  },
  {
    event: 'dispatch:assign',
    what: 'a 淳溪 unit to a 淳溪 incident',
    expect: [Y, Y, Y, N, F, F, U, U],
    payload: async (rig) => ({
      commandId: cid('mx'),
      incidentId: await rig.incidentIn(CHUNXI),
      unitId: rig.unitIn(CHUNXI)
    })
  },
  {
    event: 'dispatch:assign',
    what: 'a 桠溪 unit to a 桠溪 incident',
    expect: [Y, Y, Y, Y, F, F, U, U],
    payload: async (rig) => ({
      commandId: cid('mx'),
      incidentId: await rig.incidentIn(YAXI),
      unitId: rig.unitIn(YAXI)
    })
  },
  {
    event: 'dispatch:assign',
    what: 'a 淳溪 unit to a 桠溪 incident',
    expect: [Y, Y, Y, N, F, F, U, U],
    payload: async (rig) => ({
      commandId: cid('mx'),
      incidentId: await rig.incidentIn(YAXI),
      unitId: rig.unitIn(CHUNXI)
    })
  },
  {
    event: 'unit:report',
    what: 'the field account’s own unit',
    expect: [F, F, F, F, Y, F, U, U],
    payload: (rig) => {
      const [lng, lat] = rig.point(CHUNXI);
      return { unitId: rig.fieldUnit, lng, lat, time: rig.nextFixTime(), accuracyM: 8 };
    }
  },
  {
    event: 'unit:report',
    what: 'another unit',
    expect: [F, F, F, F, F, F, U, U],
    payload: (rig) => {
      const [lng, lat] = rig.point(CHUNXI);
      return { unitId: rig.unitIn(CHUNXI), lng, lat, time: rig.nextFixTime(), accuracyM: 8 };
    }
  },
  {
    event: 'unit:status',
    what: 'of the field account’s own unit',
    expect: [F, F, F, F, Y, F, U, U],
    payload: (rig) => {
      const now = rig.server.app.gridwatch.live.get(rig.fieldUnit)!.status;
      const status = now === 'available' ? 'off_duty' : 'available';
      return { commandId: cid('mx'), unitId: rig.fieldUnit, status };
    }
  },
  {
    event: 'unit:status',
    what: 'of another unit',
    expect: [F, F, F, F, N, F, U, U],
    payload: (rig) => ({ commandId: cid('mx'), unitId: rig.unitIn(CHUNXI), status: 'off_duty' })
  }
];

const REQUESTS = HTTP_ROWS.length + SOCKET_ROWS.length;
const CELLS = CALLERS.length * REQUESTS;

function get(url: string): InjectOptions {
  return { method: 'GET', url };
}

const label = (route: string, what: string) => (what ? `${route} (${what})` : route);
const show = (e: Expect) => CALLERS.map((c, k) => `${c} ${e[k]}`).join(', ');

describe(`access matrix: ${CALLERS.length} callers × ${REQUESTS} requests = ${CELLS} cells`, () => {
  let server: Server;
  let rig: Rig;
  const sockets = new Map<Caller, TestSocket>();
  let signedOutToken = '';

  beforeAll(async () => {
    server = await startServer({ units: 160, clientDir: fakeClientDir() });
    const { live, dispatch, access } = server.app.gridwatch;
    const cookies = new Map<Caller, string | null>([['anonymous', null]]);
    for (const c of SIGNED_IN) cookies.set(c, (await server.login(c)).cookie);
    const gone = await signIn(server, 'dispatcher');
    signedOutToken = gone.token;
    const out = await inject(server, gone.cookie, { method: 'POST', url: '/api/logout' });
    if (out.statusCode !== 204) throw new Error(`logout: ${out.statusCode}`);
    cookies.set('signed-out', gone.cookie);
    targetId = (
      await access.bootstrap({
        username: 'matrix-target',
        password: 'matrix-target-password',
        role: 'wall',
        towns: null,
        unitId: null
      })
    ).id;

    const fieldUnit = server.demo.field.unitId!;
    const pool = live
      .all()
      .filter((u) => u.status === 'available' && u.id !== fieldUnit)
      .map((u) => u.id);
    const system = Scope.system('matrix');
    let fixTime = Date.now() - 30_000;
    let spot = 0;
    rig = {
      server,
      cookie: async (c) => cookies.get(c) ?? null,
      point: (town) => pointIn(server.app.gridwatch.district, town, spot++),
      fieldUnit,
      nextFixTime: () => ++fixTime,
      unitIn(town) {
        const id = pool.shift();
        if (!id) throw new Error('the unit pool ran dry: start the server with more units');
        const [lng, lat] = this.point(town);
        const why = live.report({ unitId: id, lng, lat, time: this.nextFixTime() }, Date.now());
        if (why) throw new Error(`fix for ${id} rejected: ${why}`);
        return id;
      },
      async incidentIn(town) {
        const res = await dispatch.create(
          { commandId: cid('mx'), ...incidentBody(this, town) },
          system
        );
        if (!res.ok) throw new Error(res.message);
        return res.data.id;
      }
    };
    for (const c of SIGNED_IN) sockets.set(c, (await server.client(c)).socket);
  });
  afterAll(async () => server.close());

  it('has a socket row for every request of the protocol, and the server handles exactly those', async () => {
    const { dispatch, live, access } = server.app.gridwatch;
    const protocol = Object.keys(SOCKET_ACCESS).sort();
    const made = Object.keys(
      createHandlers({ dispatch, live, access, log: server.app.log })
    ).sort();
    const client = sockets.get('dispatcher')!;
    const serverSide = server.app.gridwatch.io.of('/').sockets.get(client.id!)!;
    const listened = serverSide
      .eventNames()
      .map(String)
      .filter((e) => !['disconnect', 'disconnecting', 'error'].includes(e))
      .sort();
    expect(protocol.length).toBeGreaterThan(0);
    expect(made).toEqual(protocol);
    expect(listened).toEqual(protocol);
    expect([...new Set(SOCKET_ROWS.map((r) => r.event))].sort()).toEqual(protocol);
  });

  it('has an HTTP row for every route the app registers, and no row for a route it lacks', () => {
    const routes = [...new Set(registered.map((r) => `${r.method} ${r.url}`))].sort();
    expect(routes.length).toBeGreaterThan(0);
    expect([...new Set(HTTP_ROWS.map((r) => r.route))].sort()).toEqual(routes);
    // every route declares who may call it: the access plugin refuses one without
    expect(registered.filter((r) => r.access === undefined)).toEqual([]);
  });

  it('expects FORBIDDEN of every role its rule leaves out, and 401 without a session off public routes', () => {
    const wrong: string[] = [];
    for (const row of SOCKET_ROWS) {
      for (const c of SIGNED_IN) {
        const allowed = SOCKET_ACCESS[row.event].includes(ROLE_OF[c]!);
        if (!allowed && row.expect[CALLERS.indexOf(c)] !== F) wrong.push(`${row.event} ${c}`);
      }
    }
    for (const row of HTTP_ROWS) {
      const [method, url] = row.route.split(' ');
      const rule = registered.find((r) => r.method === method && r.url === url)?.access as
        RouteAccess | undefined;
      for (const c of CALLERS) {
        const e = row.expect[CALLERS.indexOf(c)];
        const role = ROLE_OF[c];
        if (rule === 'public' && e !== Y) wrong.push(`${row.route} ${c}: public`);
        if (rule !== 'public' && !role && e !== U) wrong.push(`${row.route} ${c}: no session`);
        if (rule !== 'public' && role && !rule?.includes(role) && e !== F)
          wrong.push(`${row.route} ${c}: role`);
      }
    }
    expect(wrong).toEqual([]);
  });

  describe(`HTTP: ${CALLERS.length} callers × ${HTTP_ROWS.length} requests`, () => {
    for (const row of HTTP_ROWS) {
      it(`answers ${label(row.route, row.what)}: ${show(row.expect)}`, async () => {
        const got: string[] = [];
        for (const c of CALLERS) {
          const cookie = await (row.cookie ?? ((r: Rig, x: Caller) => r.cookie(x)))(rig, c);
          const opts = await row.request(rig, c);
          const res = await inject(server, cookie, opts);
          got.push(`${c} ${answerOf(res.statusCode, res.body, opts.method ?? 'GET')}`);
        }
        expect(got).toEqual(CALLERS.map((c, k) => `${c} ${row.expect[k]}`));
      });
    }
  });

  describe(`socket: ${CALLERS.length} callers × ${SOCKET_ROWS.length} requests`, () => {
    for (const row of SOCKET_ROWS) {
      it(`answers ${label(row.event, row.what)}: ${show(row.expect)}`, async () => {
        const got: string[] = [];
        for (const c of CALLERS) {
          const socket = sockets.get(c);
          if (!socket) {
            // without a live session there is no socket to ask on: the handshake itself is refused
            const auth = c === 'signed-out' ? { token: signedOutToken } : {};
            got.push(`${c} ${await refusal(server.url, auth)}`);
            continue;
          }
          const res = await ask(socket, row.event, await row.payload(rig, c));
          got.push(`${c} ${res.ok ? Y : res.error}`);
        }
        expect(got).toEqual(CALLERS.map((c, k) => `${c} ${row.expect[k]}`));
      });
    }
  });

  it(`prints the matrix size`, () => {
    console.log(
      `access matrix: ${CALLERS.length} callers × ${REQUESTS} requests ` +
        `(${HTTP_ROWS.length} HTTP, ${SOCKET_ROWS.length} socket) = ${CELLS} cells`
    );
    expect(CELLS).toBe(CALLERS.length * (HTTP_ROWS.length + SOCKET_ROWS.length));
  });
});

function answerOf(status: number, body: string, method: string): string {
  const code = { 401: U, 403: F, 404: N }[status];
  if (status >= 200 && status < 300) return Y;
  if (!code) return `HTTP ${status} ${body.slice(0, 120)}`;
  // HEAD answers carry no body to check
  if (method !== 'HEAD' && !body.includes(`"error":"${code}"`)) return `${code} with body ${body}`;
  return code;
}
