import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { InjectOptions } from 'fastify';
import type { Role } from '../../../shared/access.ts';
import type { IncidentCreate } from '../../../shared/commands.ts';
import type { ClientToServerEvents } from '../../../shared/protocol.ts';
import type { Result } from '../../../shared/result.ts';
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
const I = 'INVALID_TRANSITION';
const V = 'INVALID';
type Answer = typeof Y | typeof F | typeof N | typeof U | typeof I | typeof V;
/** one answer per caller, in CALLERS order */
type Expect = [Answer, Answer, Answer, Answer, Answer, Answer, Answer, Answer];

interface Rig {
  server: Server;
  /** a session cookie per caller (null for anonymous; a signed-out session's for signed-out) */
  cookie: (c: Caller) => Promise<string | null>;
  /** an available unit, not used by any other cell, with a fresh fix in the town */
  unitIn: (town: string) => string;
  /** an open incident in the town, created by the system (with a reporter's contact when asked) */
  incidentIn: (town: string, reporter?: boolean) => Promise<string>;
  /** an incident in the town with an open offer to a fresh unit of the town, made by the system */
  offered: (town: string) => Promise<Target>;
  /** the same, with the offer accepted: the unit works the incident */
  working: (town: string) => Promise<Target>;
  /** an incident in the town whose unit is on scene */
  onScene: (town: string) => Promise<Target>;
  /** an incident in the town in the given later state, reached through the system's own commands */
  settled: (town: string, state: 'resolved' | 'closed' | 'cancelled') => Promise<string>;
  /** an open incident in the town escalated by hand, not yet acknowledged */
  escalated: (town: string) => Promise<string>;
  /** a 淳溪 incident with an open offer to the field account's unit (freed first from whatever it did) */
  offerToField: (reporter?: boolean) => Promise<Target>;
  point: (town: string) => [number, number];
  fieldUnit: string;
  /** a photo attached to a new incident in the town */
  photoIn: (town: string) => Promise<string>;
  /** where the field unit stands (reports there never look like a jump) */
  fieldSpot: () => [number, number];
  /** a time for a position report, later than every one before */
  nextFixTime: () => number;
}

/** an incident and a unit on it */
interface Target {
  incidentId: string;
  unitId: string;
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
let integrationId = '';
let deviceNo = 0;

/** a GPS device registered to the field account's unit, through the admin's own route */
async function newDevice(rig: Rig): Promise<string> {
  const id = `matrix-device-${++deviceNo}`;
  const res = await inject(rig.server, await rig.cookie('admin'), {
    method: 'POST',
    url: '/api/devices',
    payload: { id, unitId: rig.fieldUnit }
  });
  if (res.statusCode !== 201) throw new Error(`rig device: ${res.statusCode} ${res.body}`);
  return id;
}

/** an OsmAnd report from a fresh device (each has its own rate budget), where the field unit stands */
async function osmandFix(rig: Rig, method: 'GET' | 'POST', url: string): Promise<InjectOptions> {
  const [lng, lat] = rig.fieldSpot();
  const params = `id=${await newDevice(rig)}&lat=${lat}&lon=${lng}&timestamp=${rig.nextFixTime()}`;
  if (method === 'GET') return { method, url: `${url}?${params}` };
  const headers = { 'content-type': 'application/x-www-form-urlencoded' };
  return { method, url, headers, payload: params };
}

//                                        admin cmdr disp yaxi field wall anon signed-out
const PUBLIC: Expect = /*              */ [Y, Y, Y, Y, Y, Y, Y, Y];
const ANYONE: Expect = /*              */ [Y, Y, Y, Y, Y, Y, U, U];
const ADMIN: Expect = /*               */ [Y, F, F, F, F, F, U, U];

/** the district in force as an import: it checks clean, and applying it changes no grid */
function districtUpload(rig: Rig): InjectOptions {
  return {
    method: 'POST',
    url: '/api/district/imports?file=matrix.geojson',
    headers: { 'content-type': 'application/geo+json' },
    payload: rig.server.app.gridwatch.district.json
  };
}

/** an import checked by the admin, waiting to be applied */
async function checkedImport(rig: Rig): Promise<string> {
  const res = await inject(rig.server, await rig.cookie('admin'), districtUpload(rig));
  if (res.statusCode !== 200) throw new Error(`rig import: ${res.statusCode} ${res.body}`);
  return (res.json() as { id: string }).id;
}

/** the smallest body the photo route takes for a JPEG: its signature and padding */
const TINY_JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(60)]);

const HTTP_ROWS: HttpRow[] = [
  { route: 'GET /healthz', what: '', expect: PUBLIC, request: () => get('/healthz') },
  { route: 'GET /api/district', what: '', expect: PUBLIC, request: () => get('/api/district') },
  // the map style: public like the district (a basemap file's /tiles and /basemap.pmtiles exist only with one)
  { route: 'GET /api/map-style', what: '', expect: PUBLIC, request: () => get('/api/map-style') },
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
  {
    route: 'GET /api/integrations',
    what: '',
    expect: ADMIN,
    request: () => get('/api/integrations')
  },
  {
    route: 'POST /api/integrations',
    what: 'a new hotline key',
    expect: ADMIN,
    request: () => ({
      method: 'POST',
      url: '/api/integrations',
      payload: { name: `matrix-hotline-${++accountNo}`, source: 'hotline' }
    })
  },
  {
    route: 'PATCH /api/integrations/:id',
    what: 'disabled',
    expect: ADMIN,
    request: () => ({
      method: 'PATCH',
      url: `/api/integrations/${integrationId}`,
      payload: { disabled: true }
    })
  },
  { route: 'GET /api/audit', what: '', expect: ADMIN, request: () => get('/api/audit') },
  { route: 'GET /api/audit.csv', what: '', expect: ADMIN, request: () => get('/api/audit.csv') },
  {
    route: 'GET /api/places',
    what: 'a search by pinyin initials',
    // caller order: admin, commander, dispatcher, town leader, field, wall, no session, signed out
    expect: [Y, Y, Y, Y, F, F, U, U],
    request: () => get('/api/places?q=cxjd')
  },
  { route: 'GET /api/units', what: '', expect: ANYONE, request: () => get('/api/units') },
  {
    route: 'GET /api/kpis',
    what: "the caller's towns' figures",
    expect: [Y, Y, Y, Y, F, Y, U, U],
    request: () => get('/api/kpis')
  },
  {
    route: 'GET /api/units/:id/track',
    what: 'of a unit in 淳溪, the last hour',
    expect: [Y, Y, Y, Y, N, F, U, U],
    request: (rig) =>
      get(`/api/units/${rig.unitIn(CHUNXI)}/track?from=${Date.now() - 3600_000}&to=${Date.now()}`)
  },
  {
    route: 'POST /api/photos',
    what: 'a JPEG',
    expect: [Y, Y, Y, Y, Y, F, U, U],
    request: () => ({
      method: 'POST',
      url: '/api/photos',
      headers: { 'content-type': 'image/jpeg' },
      payload: TINY_JPEG
    })
  },
  {
    route: 'GET /api/photos/:id',
    what: 'attached to a 淳溪 incident',
    expect: [Y, Y, Y, N, N, Y, U, U],
    request: async (rig) => get(`/api/photos/${await rig.photoIn(CHUNXI)}`)
  },
  { route: 'GET /metrics', what: '', expect: PUBLIC, request: () => get('/metrics') },
  { route: 'GET /api/incidents', what: '', expect: ANYONE, request: () => get('/api/incidents') },
  {
    // the map's history layer is for screens with a map; a phone has none
    route: 'GET /api/incidents/history',
    what: 'of the last week',
    expect: [Y, Y, Y, Y, F, Y, U, U],
    request: () => get('/api/incidents/history?days=7')
  },
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
  { route: 'GET /api/devices', what: '', expect: ADMIN, request: () => get('/api/devices') },
  {
    route: 'POST /api/devices',
    what: 'a device for the field account’s unit',
    expect: ADMIN,
    request: (rig) => ({
      method: 'POST',
      url: '/api/devices',
      payload: { id: `matrix-device-${++deviceNo}`, unitId: rig.fieldUnit }
    })
  },
  {
    route: 'DELETE /api/devices/:id',
    what: 'a registered device',
    expect: ADMIN,
    request: async (rig) => ({ method: 'DELETE', url: `/api/devices/${await newDevice(rig)}` })
  },
  {
    route: 'GET /api/district/versions',
    what: '',
    expect: ADMIN,
    request: () => get('/api/district/versions')
  },
  {
    route: 'POST /api/district/imports',
    what: 'the district in force, as GeoJSON',
    expect: ADMIN,
    request: (rig) => districtUpload(rig)
  },
  {
    route: 'POST /api/district/imports/:id/apply',
    what: 'a checked copy of the district in force',
    expect: ADMIN,
    request: async (rig) => ({
      method: 'POST',
      url: `/api/district/imports/${await checkedImport(rig)}/apply`,
      payload: {}
    })
  },
  {
    route: 'POST /api/district/versions/:id/activate',
    what: 'the version in force',
    expect: ADMIN,
    request: (rig) => ({
      method: 'POST',
      url: `/api/district/versions/${rig.server.app.gridwatch.district.version}/activate`
    })
  },
  {
    route: 'GET /api/category-rules',
    what: '',
    expect: ADMIN,
    request: () => get('/api/category-rules')
  },
  {
    route: 'POST /api/category-rules',
    what: 'the table in force, unchanged',
    expect: ADMIN,
    request: (rig) => {
      const view = rig.server.app.gridwatch.rules.view();
      return {
        method: 'POST',
        url: '/api/category-rules',
        payload: { baseVersion: view.version, rules: view.rules }
      };
    }
  },
  // the device id is the credential: a session changes nothing
  ...['/osmand', '/osmand/'].flatMap((url) =>
    (['GET', 'POST'] as const).map((method): HttpRow => ({
      route: `${method} ${url}`,
      what: 'a fix from a registered device',
      expect: PUBLIC,
      request: (rig) => osmandFix(rig, method, url)
    }))
  ),
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
    // the wall may read a ranking (it shows one beside the P1 it focuses on) and assign nothing
    expect: [Y, Y, Y, N, F, Y, U, U],
    payload: async (rig) => ({ incidentId: await rig.incidentIn(CHUNXI), limit: 3 })
  },
  {
    event: 'dispatch:recommend',
    what: 'for a 桠溪 incident',
    expect: [Y, Y, Y, Y, F, Y, U, U],
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
    event: 'dispatch:evaluate',
    what: 'a 桠溪 unit for a 桠溪 incident',
    expect: [Y, Y, Y, Y, F, F, U, U],
    payload: async (rig) => ({ incidentId: await rig.incidentIn(YAXI), unitId: rig.unitIn(YAXI) })
  },
  {
    event: 'dispatch:evaluate',
    what: 'a 淳溪 unit for a 桠溪 incident',
    expect: [Y, Y, Y, N, F, F, U, U],
    payload: async (rig) => ({ incidentId: await rig.incidentIn(YAXI), unitId: rig.unitIn(CHUNXI) })
  },
  {
    event: 'dispatch:reassign',
    what: 'an open offer on a 淳溪 incident to another 淳溪 unit',
    expect: [Y, Y, Y, N, F, F, U, U],
    payload: async (rig) => {
      const { incidentId, unitId } = await rig.offered(CHUNXI);
      return { commandId: cid('mx'), incidentId, fromUnitId: unitId, toUnitId: rig.unitIn(CHUNXI) };
    }
  },
  {
    event: 'dispatch:reassign',
    what: 'an open offer on a 桠溪 incident to another 桠溪 unit',
    expect: [Y, Y, Y, Y, F, F, U, U],
    payload: async (rig) => {
      const { incidentId, unitId } = await rig.offered(YAXI);
      return { commandId: cid('mx'), incidentId, fromUnitId: unitId, toUnitId: rig.unitIn(YAXI) };
    }
  },
  {
    event: 'unit:report',
    what: 'the field account’s own unit',
    expect: [F, F, F, F, Y, F, U, U],
    payload: (rig) => {
      const [lng, lat] = rig.fieldSpot();
      return { unitId: rig.fieldUnit, lng, lat, time: rig.nextFixTime(), accuracyM: 8 };
    }
  },
  {
    event: 'unit:backlog',
    what: 'the field account’s own unit, kept while offline',
    expect: [F, F, F, F, Y, F, U, U],
    payload: (rig) => {
      const [lng, lat] = rig.fieldSpot();
      return [{ unitId: rig.fieldUnit, lng, lat, time: rig.nextFixTime(), accuracyM: 8 }];
    }
  },
  {
    event: 'unit:backlog',
    what: 'another unit',
    expect: [F, F, F, F, F, F, U, U],
    payload: (rig) => {
      const [lng, lat] = rig.point(CHUNXI);
      return [{ unitId: rig.unitIn(CHUNXI), lng, lat, time: rig.nextFixTime(), accuracyM: 8 }];
    }
  },
  {
    event: 'unit:locate',
    what: 'a unit in 淳溪',
    expect: [Y, Y, Y, N, F, F, U, U],
    payload: (rig) => ({ unitId: rig.unitIn(CHUNXI) })
  },
  {
    event: 'unit:locate',
    what: 'a unit in 桠溪',
    expect: [Y, Y, Y, Y, F, F, U, U],
    payload: (rig) => ({ unitId: rig.unitIn(YAXI) })
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
  },
  // the dispatch workflow: the role row decides first; for a role it lets through, the Scope, then the lifecycle
  {
    event: 'offer:respond',
    what: 'accepting the offer made to the field account’s unit',
    expect: [F, F, F, F, Y, F, U, U],
    payload: async (rig) => ({ commandId: cid('mx'), ...(await rig.offerToField()), accept: true })
  },
  {
    event: 'offer:respond',
    what: 'declining the offer made to the field account’s unit, with a reason',
    expect: [F, F, F, F, Y, F, U, U],
    payload: async (rig) => ({
      commandId: cid('mx'),
      ...(await rig.offerToField()),
      accept: false,
      reason: '正在处理另一起'
    })
  },
  {
    event: 'offer:respond',
    what: 'an offer the field account’s unit has already accepted',
    expect: [F, F, F, F, I, F, U, U],
    payload: async (rig) => {
      const target = await rig.offerToField();
      const { dispatch } = rig.server.app.gridwatch;
      must(await dispatch.respond({ commandId: cid('mx'), ...target, accept: true }, SYSTEM));
      return { commandId: cid('mx'), ...target, accept: true };
    }
  },
  {
    event: 'offer:respond',
    what: 'for another unit’s offer',
    expect: [F, F, F, F, F, F, U, U],
    payload: async (rig) => ({ commandId: cid('mx'), ...(await rig.offered(CHUNXI)), accept: true })
  },
  {
    event: 'offer:respond',
    what: 'for the field account’s unit on an incident never offered to it',
    expect: [F, F, F, F, N, F, U, U],
    payload: async (rig) => ({
      commandId: cid('mx'),
      incidentId: await rig.incidentIn(CHUNXI),
      unitId: rig.fieldUnit,
      accept: true
    })
  },
  {
    event: 'dispatch:withdraw',
    what: 'an open offer on a 淳溪 incident',
    expect: [Y, Y, Y, N, F, F, U, U],
    payload: async (rig) => ({
      commandId: cid('mx'),
      ...(await rig.offered(CHUNXI)),
      reason: '改派'
    })
  },
  {
    event: 'dispatch:withdraw',
    what: 'an open offer on a 桠溪 incident',
    expect: [Y, Y, Y, Y, F, F, U, U],
    payload: async (rig) => ({ commandId: cid('mx'), ...(await rig.offered(YAXI)), reason: '改派' })
  },
  {
    event: 'dispatch:withdraw',
    what: 'a unit working a 桠溪 incident (a recall)',
    expect: [Y, Y, Y, Y, F, F, U, U],
    payload: async (rig) => ({ commandId: cid('mx'), ...(await rig.working(YAXI)), reason: '召回' })
  },
  {
    event: 'dispatch:withdraw',
    what: 'a unit that is not on the 桠溪 incident',
    expect: [I, I, I, I, F, F, U, U],
    payload: async (rig) => ({
      commandId: cid('mx'),
      incidentId: await rig.incidentIn(YAXI),
      unitId: rig.unitIn(YAXI),
      reason: '改派'
    })
  },
  {
    event: 'incident:transition',
    what: 'resolve a 淳溪 incident whose unit is on scene',
    expect: [Y, Y, Y, F, F, F, U, U],
    payload: async (rig) => ({
      commandId: cid('mx'),
      incidentId: (await rig.onScene(CHUNXI)).incidentId,
      action: 'resolve'
    })
  },
  {
    event: 'incident:transition',
    what: 'resolve a 淳溪 incident nobody has reached',
    expect: [I, I, I, F, F, F, U, U],
    payload: async (rig) => ({
      commandId: cid('mx'),
      incidentId: await rig.incidentIn(CHUNXI),
      action: 'resolve'
    })
  },
  {
    // only a commander or admin closes: the dispatcher is refused by the lifecycle, not by the role row
    event: 'incident:transition',
    what: 'close a resolved incident',
    expect: [Y, Y, F, F, F, F, U, U],
    payload: async (rig) => ({
      commandId: cid('mx'),
      incidentId: await rig.settled(CHUNXI, 'resolved'),
      action: 'close'
    })
  },
  {
    // the lifecycle checks the role before the state: the dispatcher learns nothing of it
    event: 'incident:transition',
    what: 'close an incident already closed',
    expect: [I, I, F, F, F, F, U, U],
    payload: async (rig) => ({
      commandId: cid('mx'),
      incidentId: await rig.settled(CHUNXI, 'closed'),
      action: 'close'
    })
  },
  {
    event: 'incident:transition',
    what: 'cancel an open incident, with a reason',
    expect: [Y, Y, F, F, F, F, U, U],
    payload: async (rig) => ({
      commandId: cid('mx'),
      incidentId: await rig.incidentIn(CHUNXI),
      action: 'cancel',
      reason: '误报'
    })
  },
  {
    // a missing reason is a malformed request, refused before the lifecycle is asked
    event: 'incident:transition',
    what: 'cancel an open incident without a reason',
    expect: [V, V, V, F, F, F, U, U],
    payload: async (rig) => ({
      commandId: cid('mx'),
      incidentId: await rig.incidentIn(CHUNXI),
      action: 'cancel'
    })
  },
  {
    event: 'incident:transition',
    what: 'reopen a resolved incident, with a reason',
    expect: [Y, Y, Y, F, F, F, U, U],
    payload: async (rig) => ({
      commandId: cid('mx'),
      incidentId: await rig.settled(CHUNXI, 'resolved'),
      action: 'reopen',
      reason: '群众再次来电'
    })
  },
  {
    event: 'incident:escalate',
    what: 'an open 淳溪 incident',
    expect: [Y, Y, Y, F, F, F, U, U],
    payload: async (rig) => ({
      commandId: cid('mx'),
      incidentId: await rig.incidentIn(CHUNXI),
      reason: '需要增援'
    })
  },
  {
    event: 'incident:escalate',
    what: 'a cancelled incident',
    expect: [I, I, I, F, F, F, U, U],
    payload: async (rig) => ({
      commandId: cid('mx'),
      incidentId: await rig.settled(CHUNXI, 'cancelled'),
      reason: '需要增援'
    })
  },
  {
    event: 'incident:acknowledge',
    what: 'an escalated 淳溪 incident',
    expect: [Y, Y, Y, N, F, F, U, U],
    payload: async (rig) => ({ commandId: cid('mx'), incidentId: await rig.escalated(CHUNXI) })
  },
  {
    event: 'incident:acknowledge',
    what: 'an escalated 桠溪 incident',
    expect: [Y, Y, Y, Y, F, F, U, U],
    payload: async (rig) => ({ commandId: cid('mx'), incidentId: await rig.escalated(YAXI) })
  },
  {
    event: 'incident:acknowledge',
    what: 'a 桠溪 incident with no open escalation',
    expect: [I, I, I, I, F, F, U, U],
    payload: async (rig) => ({ commandId: cid('mx'), incidentId: await rig.incidentIn(YAXI) })
  },
  {
    // merging is staff's; the cancel it implies is the server's own bookkeeping, not the caller's cancel
    event: 'incident:merge',
    what: 'a 淳溪 duplicate into the incident it repeats',
    expect: [Y, Y, Y, F, F, F, U, U],
    payload: async (rig) => {
      const intoId = await rig.incidentIn(CHUNXI);
      return { commandId: cid('mx'), incidentId: await rig.incidentIn(CHUNXI), intoId };
    }
  },
  {
    event: 'incident:merge',
    what: 'an incident into itself',
    expect: [V, V, V, F, F, F, U, U],
    payload: async (rig) => {
      const id = await rig.incidentIn(CHUNXI);
      return { commandId: cid('mx'), incidentId: id, intoId: id };
    }
  },
  {
    event: 'incident:merge',
    what: 'an open incident into a cancelled one',
    expect: [I, I, I, F, F, F, U, U],
    payload: async (rig) => ({
      commandId: cid('mx'),
      incidentId: await rig.incidentIn(CHUNXI),
      intoId: await rig.settled(CHUNXI, 'cancelled')
    })
  },
  {
    // the full contact goes to staff and to units working the incident; a town leader sees it masked only
    event: 'incident:contact',
    what: 'of a 淳溪 incident reported with a contact',
    expect: [Y, Y, Y, F, N, F, U, U],
    payload: async (rig) => ({ incidentId: await rig.incidentIn(CHUNXI, true) })
  },
  {
    event: 'incident:contact',
    what: 'of an incident offered to the field account’s unit',
    expect: [Y, Y, Y, F, Y, F, U, U],
    payload: async (rig) => ({ incidentId: (await rig.offerToField(true)).incidentId })
  },
  {
    event: 'incident:contact',
    what: 'of an incident reported without a contact',
    expect: [N, N, N, F, N, F, U, U],
    payload: async (rig) => ({ incidentId: await rig.incidentIn(CHUNXI) })
  }
];

const REQUESTS = HTTP_ROWS.length + SOCKET_ROWS.length;
const CELLS = CALLERS.length * REQUESTS;

const SYSTEM = Scope.system('matrix');

/** the data of a command the rig makes for itself; its failure is the rig's, not a cell's */
function must<T>(res: Result<T>): T {
  if (!res.ok) throw new Error(`rig command failed: ${res.error} ${res.message}`);
  return res.data;
}

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
    server = await startServer({ units: 220, clientDir: fakeClientDir() });
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

    integrationId = (
      await server.app.gridwatch.integrations.create({ name: 'matrix-camera', source: 'camera' })
    ).integration.id;

    const fieldUnit = server.demo.field.unitId!;
    const pool = live
      .all()
      .filter((u) => u.status === 'available' && u.id !== fieldUnit)
      .map((u) => u.id);
    let fixTime = Date.now() - 30_000;
    let spot = 0;
    rig = {
      server,
      cookie: async (c) => cookies.get(c) ?? null,
      point: (town) => pointIn(server.app.gridwatch.district, town, spot++),
      fieldUnit,
      fieldSpot() {
        const f = live.fix(live.get(fieldUnit)!.idx);
        return f ? [f.lng, f.lat] : this.point(CHUNXI);
      },
      nextFixTime: () => ++fixTime,
      unitIn(town) {
        const id = pool.shift();
        if (!id) throw new Error('the unit pool ran dry: start the server with more units');
        const [lng, lat] = this.point(town);
        const why = live.report({ unitId: id, lng, lat, time: this.nextFixTime() }, Date.now());
        if (why !== 'live') throw new Error(`fix for ${id} rejected: ${why}`);
        return id;
      },
      async photoIn(town) {
        const id = randomBytes(16).toString('hex');
        await server.app.gridwatch.store.putPhoto(
          { id, accountId: SYSTEM.accountId, mime: 'image/jpeg', createdAt: Date.now() },
          TINY_JPEG
        );
        must(
          await dispatch.create(
            { commandId: cid('mx'), ...incidentBody(this, town), photos: [id] },
            SYSTEM
          )
        );
        return id;
      },
      async incidentIn(town, reporter = false) {
        const res = await dispatch.create(
          {
            commandId: cid('mx'),
            ...incidentBody(this, town),
            ...(reporter ? { reporter: { name: '王秀英', phone: '13912345678' } } : {})
          },
          SYSTEM
        );
        return must(res).id;
      },
      async offered(town) {
        const incidentId = await this.incidentIn(town);
        const unitId = this.unitIn(town);
        must(await dispatch.assign({ commandId: cid('mx'), incidentId, unitId }, SYSTEM));
        return { incidentId, unitId };
      },
      async working(town) {
        const target = await this.offered(town);
        must(await dispatch.respond({ commandId: cid('mx'), ...target, accept: true }, SYSTEM));
        return target;
      },
      async onScene(town) {
        const target = await this.working(town);
        const unitId = target.unitId;
        must(
          await dispatch.unitStatus({ commandId: cid('mx'), unitId, status: 'on_scene' }, SYSTEM)
        );
        return target;
      },
      async settled(town, state) {
        const step = (
          incidentId: string,
          action: 'resolve' | 'close' | 'cancel',
          reason?: string
        ) => dispatch.transition({ commandId: cid('mx'), incidentId, action, reason }, SYSTEM);
        if (state === 'cancelled') {
          const id = await this.incidentIn(town);
          must(await step(id, 'cancel', '误报'));
          return id;
        }
        const { incidentId } = await this.onScene(town);
        must(await step(incidentId, 'resolve'));
        if (state === 'closed') must(await step(incidentId, 'close'));
        return incidentId;
      },
      async escalated(town) {
        const incidentId = await this.incidentIn(town);
        const reason = '群众聚集';
        must(await dispatch.escalate({ commandId: cid('mx'), incidentId, reason }, SYSTEM));
        return incidentId;
      },
      async offerToField(reporter = false) {
        // free the unit from whatever an earlier cell left it doing
        const u = live.get(fieldUnit)!;
        if (u.incidentId) {
          const incidentId = u.incidentId;
          const cmd = { commandId: cid('mx'), incidentId, unitId: fieldUnit, reason: '矩阵复位' };
          must(await dispatch.withdraw(cmd, SYSTEM));
        } else if (u.status === 'off_duty') {
          const cmd = { commandId: cid('mx'), unitId: fieldUnit, status: 'available' as const };
          must(await dispatch.unitStatus(cmd, SYSTEM));
        }
        const incidentId = await this.incidentIn(CHUNXI, reporter);
        must(
          await dispatch.assign({ commandId: cid('mx'), incidentId, unitId: fieldUnit }, SYSTEM)
        );
        return { incidentId, unitId: fieldUnit };
      }
    };
    for (const c of SIGNED_IN) sockets.set(c, (await server.client(c)).socket);
  });
  afterAll(async () => server.close());

  it('has a socket row for every request of the protocol, and the server handles exactly those', async () => {
    const { dispatch, live, access } = server.app.gridwatch;
    const protocol = Object.keys(SOCKET_ACCESS).sort();
    const made = Object.keys(
      createHandlers({ dispatch, live, access, log: server.app.log, askForFix: () => 0 })
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

  it('lets every role a socket rule admits succeed in at least one row of that event', () => {
    // a rule that admits a role every request of which is then refused is dead: one of the two is wrong
    const dead: string[] = [];
    for (const event of Object.keys(SOCKET_ACCESS) as Array<keyof ClientToServerEvents>) {
      for (const c of SIGNED_IN) {
        if (!SOCKET_ACCESS[event].includes(ROLE_OF[c]!)) continue;
        const k = CALLERS.indexOf(c);
        if (!SOCKET_ROWS.some((r) => r.event === event && r.expect[k] === Y))
          dead.push(`${event} ${c}`);
      }
    }
    expect(dead).toEqual([]);
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
