import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { Config } from './config.ts';
import { loadDistrict, type District } from './district.ts';
import { DispatchService } from './dispatch/service.ts';
import { LiveRegistry } from './live/registry.ts';
import { startTicker, type Ticker } from './live/ticker.ts';
import { attachRealtime, DISTRICT_ROOM, type GridwatchServer } from './realtime/socket.ts';
import { openSqliteStore } from './store/sqlite-store.ts';
import type { Store } from './store/store.ts';
import { startSimulator, type Simulator } from './sim/simulator.ts';
import { ensureForce } from './sim/force.ts';
import { LoopMonitor } from './metrics.ts';
import healthRoutes from './routes/health.ts';
import districtRoutes from './routes/district.ts';
import unitRoutes from './routes/units.ts';
import incidentRoutes from './routes/incidents.ts';

/**
 * Builds the whole server without listening, so tests can `inject` requests or listen on port 0 themselves.
 * `close()` stops the simulator and ticker, flushes history, closes sockets and the store.
 */

export interface Gridwatch {
  config: Config;
  district: District;
  store: Store;
  live: LiveRegistry;
  dispatch: DispatchService;
  io: GridwatchServer;
  sim: Simulator | null;
  loop: LoopMonitor;
}

declare module 'fastify' {
  interface FastifyInstance {
    gridwatch: Gridwatch;
  }
}

/** how far outside the district's bounding box a fix may lie and still be shown (units cross the border) */
const AREA_MARGIN_DEG = 0.1;

export async function buildApp(config: Config): Promise<FastifyInstance> {
  mkdirSync(config.dataDir, { recursive: true });
  const app = Fastify({
    logger: { level: process.env.LOG_LEVEL ?? 'info' },
    bodyLimit: 256 * 1024,
    forceCloseConnections: true
  });
  const district = loadDistrict();
  const store = openSqliteStore(join(config.dataDir, 'gridwatch.sqlite'));
  const [minLng, minLat, maxLng, maxLat] = district.bbox;
  const live = new LiveRegistry({
    area: [
      minLng - AREA_MARGIN_DEG,
      minLat - AREA_MARGIN_DEG,
      maxLng + AREA_MARGIN_DEG,
      maxLat + AREA_MARGIN_DEG
    ],
    maxFutureMs: 60_000,
    maxAccuracyM: 500
  });

  if (config.sim) await ensureForce(store, district, config.simUnits, config.simSeed);
  for (const u of await store.units()) live.put(u);
  for (const p of await store.lastPositions()) live.restoreFix(p.unitId, p);
  const dispatch = await DispatchService.open(store, live, district.grids);
  const io = attachRealtime({ http: app.server, dispatch, live, log: app.log });
  const sim = config.sim
    ? startSimulator({ district, live, dispatch, seed: config.simSeed, log: app.log })
    : null;

  const loop = new LoopMonitor();
  app.decorate('gridwatch', { config, district, store, live, dispatch, io, sim, loop });
  app.setErrorHandler<Error & { statusCode?: number }>((err, _req, reply) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) {
      app.log.error({ err }, 'request failed');
      return reply.code(500).send({ error: 'INTERNAL', message: 'internal error' });
    }
    // Fastify's own 4xx (bad JSON, body too large, wrong content type) say what is wrong
    return reply.code(status).send({ error: 'INVALID', message: err.message });
  });

  await app.register(healthRoutes);
  await app.register(districtRoutes);
  await app.register(unitRoutes);
  await app.register(incidentRoutes);
  serveClient(app, config.clientDir);

  let ticker: Ticker | null = null;
  app.addHook('onReady', async () => {
    ticker = startTicker({
      live,
      store,
      tickMs: config.tickMs,
      send: (frame) => io.to(DISTRICT_ROOM).volatile.emit('units:moved', frame),
      onError: (e) => app.log.error({ err: e }, 'tick failed')
    });
  });
  app.addHook('preClose', async () => {
    sim?.stop();
    // websockets are upgraded connections the HTTP server no longer tracks: end them before it closes
    io.disconnectSockets(true);
    io.engine.close();
  });
  app.addHook('onClose', async () => {
    loop.stop();
    await ticker?.stop();
    await store.close();
  });
  return app;
}

function serveClient(app: FastifyInstance, dir: string | null): void {
  const hasClient = dir !== null && existsSync(join(dir, 'index.html'));
  // wildcard: files are looked up per request, so a rebuilt client is served without a restart
  if (hasClient) app.register(fastifyStatic, { root: dir, wildcard: true });
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0];
    if (hasClient && req.method === 'GET' && !path.startsWith('/api/') && !path.includes('.')) {
      // a screen's route (/dispatch, /wall, …): the client routes by path
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    return reply.code(404).send({ error: 'NOT_FOUND', message: `${req.method} ${path} not found` });
  });
}
