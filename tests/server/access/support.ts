import type { InjectOptions } from 'fastify';
import { io as connect } from 'socket.io-client';
import type { HandshakeAuth, SyncPayload } from '../../../shared/protocol.ts';
import type { LngLat } from '../../../shared/district.ts';
import type { Result } from '../../../shared/result.ts';
import type { District } from '../../../server/district.ts';
import type { startServer, TestSocket } from '../../fixtures/server.ts';

/**
 * Helpers shared by the access-control suites: requests with an ack and a deadline, sign-ins that never trip the
 * per-address login limit, refused handshakes, points inside a town, and a raw reader of position frames that
 * also accepts GONE rows (so a leak check does not depend on the shared decoder).
 */

export type Server = Awaited<ReturnType<typeof startServer>>;

export const CHUNXI = '320118001';
export const YAXI = '320118006';

let command = 0;
/** a fresh commandId */
export const cid = (tag = 'acc') => `${tag}-${process.pid}-${Date.now()}-${++command}`;

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Emits a request and resolves with its ack; rejects when no ack comes in time. */
export function ask<T = unknown>(
  socket: TestSocket,
  event: string,
  payload: unknown,
  ms = 5000
): Promise<Result<T>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ack for ${event} within ${ms} ms`)), ms);
    (socket.emit as (...a: unknown[]) => void)(event, payload, (res: Result<T>) => {
      clearTimeout(timer);
      resolve(res);
    });
  });
}

export async function until(cond: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`${what} not met within ${ms} ms`);
    await sleep(10);
  }
}

let address = 0;
/** A client address of its own: the login limit counts per address, and audit records name it. */
export function freshAddress(): string {
  const n = ++address;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

/** Signs in over HTTP from a fresh address, making a new session each time (unlike `server.login`). */
export async function signIn(
  server: Server,
  username: string,
  password = server.demo[username]?.password,
  remoteAddress = freshAddress()
): Promise<{ cookie: string; token: string; address: string }> {
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/login',
    payload: { username, password },
    remoteAddress
  });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'gw_session')!.value;
  return { cookie, token: (res.json() as { token: string }).token, address: remoteAddress };
}

/** `app.inject` with a session cookie (or none). */
export function inject(server: Server, cookie: string | null, opts: InjectOptions) {
  return server.app.inject({ ...opts, ...(cookie ? { cookies: { gw_session: cookie } } : {}) });
}

/** A fresh socket token for the session behind a cookie. */
export async function tokenFor(server: Server, cookie: string): Promise<string> {
  const res = await inject(server, cookie, { method: 'GET', url: '/api/session' });
  if (res.statusCode !== 200) throw new Error(`session: ${res.statusCode} ${res.body}`);
  return (res.json() as { token: string }).token;
}

/** Connects with the given handshake auth; resolves with the socket and its sync. */
export function connectWith(
  url: string,
  auth: Partial<HandshakeAuth> | Record<string, unknown>,
  opts: {
    extraHeaders?: Record<string, string>;
    transports?: string[];
    /** called before the handshake, to listen from the very first event */
    before?: (socket: TestSocket) => void;
  } = {}
): Promise<{ socket: TestSocket; sync: SyncPayload }> {
  const socket: TestSocket = connect(url, {
    transports: opts.transports ?? ['websocket'],
    auth,
    reconnection: false,
    forceNew: true,
    ...(opts.extraHeaders ? { extraHeaders: opts.extraHeaders } : {})
  });
  opts.before?.(socket);
  return new Promise((resolve, reject) => {
    socket.once('sync', (sync) => resolve({ socket, sync }));
    socket.once('connect_error', (e) => {
      socket.close();
      reject(e);
    });
  });
}

/** The `connect_error` message of a handshake that must be refused; throws if it is accepted. */
export async function refusal(
  url: string,
  auth: Partial<HandshakeAuth> | Record<string, unknown>,
  opts: { extraHeaders?: Record<string, string>; transports?: string[] } = {}
): Promise<string> {
  try {
    const { socket } = await connectWith(url, auth, opts);
    socket.close();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('the handshake was accepted');
}

/** Resolves when the socket is disconnected, with the reason. */
export function disconnected(socket: TestSocket, ms = 5000): Promise<string> {
  if (socket.disconnected) return Promise.resolve('already disconnected');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still connected after ${ms} ms`)), ms);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

/** Comprehensive grids of a town, by code. */
export function gridsOf(district: District, town: string) {
  return district.grids.comprehensiveGrids.filter((g) => g.properties.townCode === town);
}

/** Town codes of the district. */
export function townCodes(district: District): string[] {
  return district.collection.features
    .filter((f) => f.properties.layer === 'town')
    .map((f) => f.properties.code)
    .sort();
}

/** The label point of the town's k-th grid (mod their count), checked to lie in that town. */
export function pointIn(district: District, town: string, k = 0): LngLat {
  const grids = gridsOf(district, town);
  if (grids.length === 0) throw new Error(`town ${town}: no grids`);
  for (let j = 0; j < grids.length; j++) {
    const p = grids[(k + j) % grids.length].properties.labelAt;
    if (district.grids.locate(p[0], p[1])?.townCode === town) return p;
  }
  throw new Error(`town ${town}: no grid label point locates inside it`);
}

export interface FrameRow {
  idx: number;
  lng: number;
  lat: number;
  /** ms of the fix before the frame's time */
  ageMs: number;
  speedMps: number;
  headingDeg: number;
  /** index into UNIT_STATUSES, or 255 for GONE */
  status: number;
}

/** Reads a `units:moved` frame column by column (layout in shared/position-codec.ts), GONE rows included. */
export function frameRows(input: ArrayBuffer | ArrayBufferView): FrameRow[] {
  const bytes =
    input instanceof ArrayBuffer
      ? new Uint8Array(input)
      : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const copy = bytes.slice();
  const view = new DataView(copy.buffer);
  const n = view.getUint32(4, true);
  if (copy.byteLength !== 16 + 21 * n) throw new Error(`frame: ${copy.byteLength} bytes for ${n}`);
  const rows: FrameRow[] = [];
  for (let i = 0; i < n; i++) {
    rows.push({
      idx: view.getUint32(16 + 4 * i, true),
      lng: view.getInt32(16 + 4 * n + 4 * i, true) / 1e6,
      lat: view.getInt32(16 + 8 * n + 4 * i, true) / 1e6,
      ageMs: view.getUint32(16 + 12 * n + 4 * i, true),
      speedMps: view.getUint16(16 + 16 * n + 2 * i, true) / 100,
      headingDeg: view.getUint16(16 + 18 * n + 2 * i, true) / 100,
      status: copy[16 + 20 * n + i]
    });
  }
  return rows;
}

export const GONE_STATUS = 255;
