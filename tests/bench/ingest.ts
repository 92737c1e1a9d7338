import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { io as connect, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol.ts';
import type { PositionReport } from '../../shared/commands.ts';
import { filterLimits } from '../../server/live/fix-filter.ts';
import { LiveRegistry } from '../../server/live/registry.ts';
import { loadDistrict } from '../../server/district.ts';
import { makeForce } from '../../server/sim/force.ts';
import { openSqliteStore } from '../../server/store/sqlite-store.ts';
import { sha256 } from '../../server/access/service.ts';
import { fmt, line } from './stats.ts';

/**
 * Position ingest. First in-process: the live registry (filter, typed arrays, downsampled history) against a naive
 * path that writes every report to SQLite as it arrives. Then one real server process over real sockets, each
 * field unit signed in on its own socket as a phone is, reporting at the per-socket limit: reports a second and
 * event-loop delay at 20,000 and 30,000 reports a second, with a dispatcher's screen connected (so the binary
 * frames are built and sent too). The senders write Socket.IO's wire format straight onto WebSockets: the server
 * does exactly the work it does for a real client, while the load generator, which shares this machine's two
 * cores with it, spends little.
 */

const UNITS = 20_000;
const PHASE_MS = 5000;
const SLICE_MS = 10;
/** the server's per-socket allowance for position reports (server/realtime/socket.ts) */
const RATE_PER_SOCKET = 5;
const PHASES = [{ sockets: 4000 }, { sockets: 6000 }];

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

export async function benchIngest(): Promise<void> {
  const district = loadDistrict();
  const force = makeForce(district, UNITS, 11);
  const [minLng, minLat, maxLng, maxLat] = district.bbox;
  const cx = (minLng + maxLng) / 2;
  const cy = (minLat + maxLat) / 2;
  // unit u on its n-th report: a few metres further along each time, as a moving unit reports
  const reportOf = (u: number, round: number, t: number): PositionReport => {
    return {
      unitId: force[u].id,
      lng: cx + ((u * 7919) % 1000) * 1e-4 - 0.05 + round * 3e-5,
      lat: cy + ((u * 104729) % 1000) * 0.5e-4 - 0.025,
      time: t,
      speedMps: 5,
      headingDeg: 90,
      accuracyM: 8
    };
  };

  inProcess(force, reportOf, [minLng - 0.1, minLat - 0.1, maxLng + 0.1, maxLat + 0.1]);
  await overSockets(force, reportOf);
}

function inProcess(
  force: ReturnType<typeof makeForce>,
  reportOf: (u: number, round: number, t: number) => PositionReport,
  area: [number, number, number, number]
): void {
  const live = new LiveRegistry(filterLimits(area));
  for (const u of force) live.put(u);
  const n = 200_000;
  const t0 = Date.now();
  let start = process.hrtime.bigint();
  for (let k = 0; k < n; k++) {
    const round = Math.floor(k / UNITS);
    live.report(reportOf(k % UNITS, round, t0 + round * 1000), t0);
  }
  live.takeHistory();
  const registryPerS = n / (Number(process.hrtime.bigint() - start) / 1e9);

  const db = new Database(join(mkdtempSync(join(tmpdir(), 'gw-bench-')), 'naive.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(
    'CREATE TABLE positions (unit_id TEXT, time INTEGER, lng REAL, lat REAL, speed REAL, heading REAL)'
  );
  const insert = db.prepare('INSERT INTO positions VALUES (?, ?, ?, ?, ?, ?)');
  const naiveN = 3000;
  start = process.hrtime.bigint();
  for (let k = 0; k < naiveN; k++) {
    const r = reportOf(k % UNITS, 0, t0);
    insert.run(r.unitId, r.time, r.lng, r.lat, r.speedMps, r.headingDeg);
  }
  const naivePerS = naiveN / (Number(process.hrtime.bigint() - start) / 1e9);
  db.close();

  console.log(`position ingest, in process (${UNITS.toLocaleString('en-US')} units)`);
  line('live registry (filter + arrays)', { 'reports/s': fmt(registryPerS, 0) });
  line('naive: one SQLite insert each', { 'reports/s': fmt(naivePerS, 0) });
  line('speed-up', { ratio: `${fmt(registryPerS / naivePerS, 0)}×` });
}

async function overSockets(
  force: ReturnType<typeof makeForce>,
  reportOf: (u: number, round: number, t: number) => PositionReport
): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gw-bench-'));
  const cookies = await seedFieldSessions(
    dataDir,
    force,
    Math.max(...PHASES.map((p) => p.sockets))
  );
  const { child, url } = await startChild(dataDir);
  const senders: RawSender[] = [];
  const viewer = await connectViewer(url, cookies.viewer);
  try {
    let frames = 0;
    let frameBytes = 0;
    viewer.on('units:moved', (f) => {
      frames++;
      frameBytes += f.byteLength;
    });
    const health = async (reset: boolean) =>
      (await fetch(`${url}/healthz${reset ? '?reset=1' : ''}`)).json() as Promise<Health>;
    console.log(
      `position ingest, one server process, each field unit on its own authenticated socket, 1 viewer`
    );
    let round = 0;
    for (const phase of PHASES) {
      while (senders.length < phase.sockets) {
        const batch = cookies.field.slice(
          senders.length,
          Math.min(phase.sockets, senders.length + 100)
        );
        senders.push(...(await Promise.all(batch.map((c) => RawSender.open(url, c)))));
      }
      const active = senders.slice(0, phase.sockets);
      await health(true);
      const before = await health(false);
      frames = 0;
      frameBytes = 0;
      // every socket reports RATE_PER_SOCKET times a second, spread evenly over 10 ms slices
      const start = Date.now();
      const slices = PHASE_MS / SLICE_MS;
      const perSlice = (active.length * RATE_PER_SOCKET * SLICE_MS) / 1000;
      let next = 0;
      for (let slice = 0; slice < slices; slice++) {
        const t = Date.now();
        for (let b = 0; b < perSlice; b++) {
          const s = active[next];
          s.report(reportOf(s.unit, round, t));
          next++;
          if (next === active.length) {
            next = 0;
            round++;
          }
        }
        const wait = start + (slice + 1) * SLICE_MS - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      // one acknowledged report per socket: the server has read everything sent before it
      round++;
      await Promise.all(active.map((s) => s.reportAcked(reportOf(s.unit, round, Date.now()))));
      round++;
      const ms = Date.now() - start;
      const after = await health(false);
      const accepted = after.positions.accepted - before.positions.accepted;
      line(`${phase.sockets.toLocaleString('en-US')} sockets × ${RATE_PER_SOCKET}/s`, {
        'reports/s': fmt(accepted / (ms / 1000), 0),
        'loop p50': `${after.eventLoop.p50Ms} ms`,
        'loop p99': `${after.eventLoop.p99Ms} ms`,
        'rate-limited': String(after.sockets.rateLimited - before.sockets.rateLimited),
        'viewer frames/s': fmt(frames / (ms / 1000), 1),
        'KiB/s': fmt(frameBytes / 1024 / (ms / 1000), 0)
      });
    }
  } finally {
    for (const s of senders) s.close();
    viewer.disconnect();
    child.kill('SIGTERM');
  }
}

/**
 * Field accounts for the first `n` units and a dispatcher, with sessions written straight into the store (a login
 * each would cost an scrypt hash apiece and measure nothing of ingest). Returns the session cookies.
 */
async function seedFieldSessions(dataDir: string, force: ReturnType<typeof makeForce>, n: number) {
  const store = openSqliteStore(join(dataDir, 'gridwatch.sqlite'));
  await store.putUnits(force);
  const now = Date.now();
  const session = async (
    id: string,
    username: string,
    role: 'field' | 'dispatcher',
    unitId: string | null
  ) => {
    await store.putAccount({
      id,
      username,
      role,
      towns: null,
      unitId,
      disabled: false,
      label: username,
      passwordHash: '',
      kioskHash: null,
      createdAt: now
    });
    const cookie = randomBytes(32).toString('base64url');
    await store.putSession({
      idHash: sha256(cookie),
      accountId: id,
      createdAt: now,
      expiresAt: now + 3600_000,
      revokedAt: null,
      source: 'bench'
    });
    return cookie;
  };
  const field: Array<{ cookie: string; unit: number }> = [];
  for (let i = 0; i < n; i++)
    field.push({ cookie: await session(`f${i}`, `field-${i}`, 'field', force[i].id), unit: i });
  const viewer = await session('viewer', 'viewer', 'dispatcher', null);
  await store.close();
  return { field, viewer };
}

async function token(url: string, cookie: string): Promise<string> {
  const res = await fetch(`${url}/api/session`, { headers: { cookie: `gw_session=${cookie}` } });
  if (!res.ok) throw new Error(`session: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

async function connectViewer(url: string, cookie: string): Promise<Client> {
  const viewer: Client = connect(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: { token: await token(url, cookie) }
  });
  await new Promise<void>((resolve, reject) => {
    viewer.once('sync', () => resolve());
    viewer.once('connect_error', reject);
  });
  return viewer;
}

/** A Socket.IO client reduced to what a position sender needs: engine.io open, namespace connect, pong, emit, ack. */
class RawSender {
  readonly unit: number;
  readonly #ws: WebSocket;
  readonly #acks = new Map<number, () => void>();
  #nextAck = 0;

  private constructor(ws: WebSocket, unit: number) {
    this.#ws = ws;
    this.unit = unit;
    ws.on('message', (data) => {
      const m = data.toString();
      if (m === '2')
        ws.send('3'); // engine.io ping → pong
      else if (m.startsWith('43')) {
        const id = Number(/^43(\d+)/.exec(m)?.[1]);
        this.#acks.get(id)?.();
        this.#acks.delete(id);
      }
    });
  }

  static async open(url: string, field: { cookie: string; unit: number }): Promise<RawSender> {
    const auth = JSON.stringify({ token: await token(url, field.cookie) });
    const ws = new WebSocket(`${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
    return new Promise((resolve, reject) => {
      ws.once('error', reject);
      ws.on('message', function first(data) {
        const m = data.toString();
        if (m.startsWith('0'))
          ws.send(`40${auth}`); // engine.io open → connect to the main namespace with auth
        else if (m.startsWith('44')) reject(new Error(`refused: ${m}`));
        else if (m.startsWith('40')) {
          ws.off('message', first);
          resolve(new RawSender(ws, field.unit));
        }
      });
    });
  }

  report(r: PositionReport): void {
    this.#ws.send(`42["unit:report",${JSON.stringify(r)}]`);
  }

  reportAcked(r: PositionReport): Promise<void> {
    const id = this.#nextAck++;
    return new Promise((resolve) => {
      this.#acks.set(id, resolve);
      this.#ws.send(`42${id}["unit:report",${JSON.stringify(r)}]`);
    });
  }

  close(): void {
    this.#ws.close();
  }
}

interface Health {
  positions: { accepted: number };
  sockets: { rateLimited: number };
  eventLoop: { p50Ms: number; p99Ms: number; maxMs: number };
}

function startChild(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []),
      '--import',
      'tsx',
      'server/main.ts'
    ],
    {
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        SIM: 'off',
        DEMO: 'off',
        DATA_DIR: dataDir,
        CLIENT_DIR: join(dataDir, 'none'),
        LOG_LEVEL: 'warn'
      },
      stdio: ['ignore', 'pipe', 'inherit']
    }
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /GRIDWATCH_URL=(\S+)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening`)));
  });
}
