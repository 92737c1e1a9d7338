import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { io as connect, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol.ts';
import type { PositionReport } from '../../shared/commands.ts';
import { LiveRegistry } from '../../server/live/registry.ts';
import { loadDistrict } from '../../server/district.ts';
import { makeForce } from '../../server/sim/force.ts';
import { openSqliteStore } from '../../server/store/sqlite-store.ts';
import { fmt, line } from './stats.ts';

/**
 * Position ingest. First in-process: the live registry (filter, typed arrays, downsampled history) against a naive
 * path that writes every report to SQLite as it arrives. Then one real server process over real sockets: how many
 * reports a second it takes at saturation, and its event-loop delay while it takes 20,000 a second with a viewer
 * connected (so the binary frames are built and sent too). The senders write Socket.IO's wire format straight onto
 * WebSockets: the server does exactly the work it does for a real client, while the load generator, which shares
 * this machine's two cores with it, spends little.
 */

const UNITS = 20_000;
const SENDERS = 6;
const PHASE_MS = 5000;
const TARGET_PER_S = 20_000;
const SLICE_MS = 10;

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

export async function benchIngest(): Promise<void> {
  const district = loadDistrict();
  const force = makeForce(district, UNITS, 11);
  const [minLng, minLat, maxLng, maxLat] = district.bbox;
  const cx = (minLng + maxLng) / 2;
  const cy = (minLat + maxLat) / 2;
  // unit k % UNITS on its round k / UNITS: a few metres further along each round, as a moving unit reports
  const reportOf = (k: number, t: number): PositionReport => {
    const u = k % UNITS;
    const round = Math.floor(k / UNITS);
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
  reportOf: (k: number, t: number) => PositionReport,
  area: [number, number, number, number]
): void {
  const live = new LiveRegistry({ area, maxFutureMs: 60_000, maxAccuracyM: 500 });
  for (const u of force) live.put(u);
  const n = 200_000;
  const t0 = Date.now();
  let start = process.hrtime.bigint();
  for (let k = 0; k < n; k++) live.report(reportOf(k, t0 + Math.floor(k / UNITS) * 1000), t0);
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
    const r = reportOf(k, t0 + k);
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
  reportOf: (k: number, t: number) => PositionReport
): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gw-bench-'));
  const store = openSqliteStore(join(dataDir, 'gridwatch.sqlite'));
  await store.putUnits(force);
  await store.close();
  const { child, url } = await startChild(dataDir);
  const clients: Client[] = [];
  try {
    const viewer: Client = connect(url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false
    });
    await new Promise<void>((resolve) => viewer.once('sync', () => resolve()));
    clients.push(viewer);
    let frames = 0;
    let frameBytes = 0;
    viewer.on('units:moved', (f) => {
      frames++;
      frameBytes += f.byteLength;
    });
    const senders = await Promise.all(Array.from({ length: SENDERS }, () => RawSender.open(url)));
    let k = 0;
    const health = async (reset: boolean) =>
      (await fetch(`${url}/healthz${reset ? '?reset=1' : ''}`)).json() as Promise<Health>;

    // saturation: each sender keeps one acknowledged round of 200 reports in flight
    let before = await health(true);
    const end = Date.now() + PHASE_MS;
    await Promise.all(
      senders.map(async (c) => {
        while (Date.now() < end) {
          const t = Date.now();
          for (let b = 0; b < 199; b++) c.report(reportOf(k++, t));
          await c.reportAcked(reportOf(k++, t));
        }
      })
    );
    let after = await health(false);
    const saturatedPerS =
      (after.positions.accepted - before.positions.accepted) / (PHASE_MS / 1000);
    const saturatedLag = after.eventLoop;

    // paced at the target rate: a slice every 10 ms on an absolute schedule, so a late slice does not lower the rate
    before = await health(true);
    frames = 0;
    frameBytes = 0;
    const start = Date.now();
    const slices = PHASE_MS / SLICE_MS;
    const perSlice = Math.round((TARGET_PER_S * SLICE_MS) / 1000 / senders.length);
    for (let slice = 0; slice < slices; slice++) {
      const t = Date.now();
      for (const c of senders) for (let b = 0; b < perSlice; b++) c.report(reportOf(k++, t));
      const wait = start + (slice + 1) * SLICE_MS - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    // one acknowledged report per sender: the server has read everything sent before it
    await Promise.all(senders.map((c) => c.reportAcked(reportOf(k++, Date.now()))));
    const pacedMs = Date.now() - start;
    after = await health(false);
    const pacedPerS = (after.positions.accepted - before.positions.accepted) / (pacedMs / 1000);

    console.log(
      `position ingest, one server process over ${senders.length} real sockets + 1 viewer`
    );
    line('saturated', {
      'reports/s': fmt(saturatedPerS, 0),
      'loop p99': `${saturatedLag.p99Ms} ms`
    });
    line(`paced at ${TARGET_PER_S.toLocaleString('en-US')}/s`, {
      'reports/s': fmt(pacedPerS, 0),
      'loop p50': `${after.eventLoop.p50Ms} ms`,
      'loop p99': `${after.eventLoop.p99Ms} ms`,
      'viewer frames/s': fmt(frames / (pacedMs / 1000), 1),
      'KiB/s': fmt(frameBytes / 1024 / (pacedMs / 1000), 0)
    });
    for (const c of senders) c.close();
  } finally {
    for (const c of clients) c.disconnect();
    child.kill('SIGTERM');
  }
}

/** A Socket.IO client reduced to what a position sender needs: engine.io open, namespace connect, pong, emit, ack. */
class RawSender {
  readonly #ws: WebSocket;
  readonly #acks = new Map<number, () => void>();
  #nextAck = 0;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
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

  static open(url: string): Promise<RawSender> {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
    return new Promise((resolve, reject) => {
      ws.once('error', reject);
      ws.on('message', function first(data) {
        const m = data.toString();
        if (m.startsWith('0')) ws.send('40'); // engine.io open → connect to the main namespace
        if (m.startsWith('40')) {
          ws.off('message', first);
          resolve(new RawSender(ws));
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
