import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import { bodyOf, ErrorCode, failure, type Failure } from '../shared/result.ts';
import { isRefusal } from '../shared/refusal.ts';
import type { Config } from './config.ts';
import type { District } from './district.ts';
import { DistrictService } from './district/district-service.ts';
import { AccessService } from './access/service.ts';
import { Integrations } from './access/integrations.ts';
import accessPlugin from './access/http.ts';
import { ensureDemoAccounts, type DemoAccount } from './access/demo.ts';
import { viewsIn } from './access/scope.ts';
import { DispatchService } from './dispatch/service.ts';
import { CategoryRulesBook } from './dispatch/category-rules.ts';
import { OsrmRouter, StraightLineRouter } from './dispatch/router.ts';
import { filterLimits } from './live/fix-filter.ts';
import { LiveRegistry } from './live/registry.ts';
import { startTicker, type Ticker } from './live/ticker.ts';
import { FrameRouter } from './realtime/frames.ts';
import { attachRealtime, type GridwatchServer, type RealtimeCounters } from './realtime/socket.ts';
import { openSqliteStore } from './store/sqlite-store.ts';
import type { Store } from './store/store.ts';
import { startSimulator, type Simulator } from './sim/simulator.ts';
import { ensureForce } from './sim/force.ts';
import { LoopMonitor } from './metrics.ts';
import { serveClient } from './client-files.ts';
import healthRoutes from './routes/health.ts';
import districtRoutes from './routes/district.ts';
import sessionRoutes from './routes/session.ts';
import accountRoutes from './routes/accounts.ts';
import unitRoutes from './routes/units.ts';
import incidentRoutes from './routes/incidents.ts';
import integrationRoutes from './routes/integrations.ts';
import placeRoutes from './routes/places.ts';
import photoRoutes from './routes/photos.ts';
import metricsRoutes from './routes/metrics.ts';
import { startHistoryPurge, type HistoryPurge } from './live/history-purge.ts';
import { CoverageMonitor } from './live/coverage.ts';
import { startCoverageFeed } from './realtime/coverage-feed.ts';
import { UnitAlertMonitor } from './live/unit-alert-monitor.ts';
import { startUnitAlertFeed } from './realtime/unit-alert-feed.ts';
import deviceRoutes from './routes/devices.ts';
import categoryRuleRoutes from './routes/category-rules.ts';
import kpiRoutes from './routes/kpis.ts';
import mapStyleRoutes from './routes/map-style.ts';
import tileRoutes from './routes/tiles.ts';
import { openBasemap } from './basemap/basemap.ts';
import { basemapOrigins } from './basemap/config.ts';
import { logRequest } from './log-redact.ts';

/**
 * Builds the whole server without listening, so tests can `inject` requests or listen on port 0 themselves.
 * `close()` stops the simulator and ticker, flushes history, closes sockets and the store.
 */

export interface Gridwatch {
  config: Config;
  /** the district version in force: read it when you need it, it changes when a version is applied */
  readonly district: District;
  districts: DistrictService;
  store: Store;
  live: LiveRegistry;
  dispatch: DispatchService;
  /** the category table in force: who responds first to what; the ranking reads it on every request */
  rules: CategoryRulesBook;
  access: AccessService;
  integrations: Integrations;
  io: GridwatchServer;
  realtime: RealtimeCounters;
  sim: Simulator | null;
  loop: LoopMonitor;
  /** blind spots: every comprehensive grid's fastest P1 arrival, recomputed every few seconds */
  coverage: CoverageMonitor;
  /** units that went quiet or strayed, swept every second */
  unitAlerts: UnitAlertMonitor;
  /** the demo accounts made on this start (first start of an empty store), else null */
  demo: DemoAccount[] | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    gridwatch: Gridwatch;
  }
}

/** how far outside the district's bounding box a fix may lie and still be shown (units cross the border) */
const AREA_MARGIN_DEG = 0.1;
const ARRIVAL_CHECK_MS = 1000;
const DISTRICT_FOLLOW_MS = 5000;

export async function buildApp(config: Config): Promise<FastifyInstance> {
  mkdirSync(config.dataDir, { recursive: true });
  // first: a basemap file that cannot be served stops the start before anything else is opened
  const basemap = await openBasemap(config.basemap);
  const basemapHosts = basemapOrigins(config.basemap);
  const app = Fastify({
    // the request log prints URLs without the secrets some carry (a device id, a kiosk link)
    logger: { level: process.env.LOG_LEVEL ?? 'info', serializers: { req: logRequest } },
    bodyLimit: 256 * 1024,
    forceCloseConnections: true
  });
  const store = openSqliteStore(join(config.dataDir, 'gridwatch.sqlite'));
  const districts = await DistrictService.open(store, (r) =>
    store.appendAudit({ ...r, at: Date.now(), outcome: 'ok' })
  );
  const state = districts.state;
  const [minLng, minLat, maxLng, maxLat] = state.current.bbox;
  const live = new LiveRegistry(
    filterLimits(
      [
        minLng - AREA_MARGIN_DEG,
        minLat - AREA_MARGIN_DEG,
        maxLng + AREA_MARGIN_DEG,
        maxLat + AREA_MARGIN_DEG
      ],
      config.gpsMaxAccuracyM
    ),
    (lng, lat) => state.current.grids.locate(lng, lat)?.townCode ?? null
  );

  // a demo needs a force to show and to bind its field account to, moving or not
  if (config.sim || config.demo)
    await ensureForce(store, state.current, config.simUnits, config.simSeed);
  for (const u of await store.units()) live.put(u);
  for (const p of await store.lastPositions()) live.restoreFix(p.unitId, p);
  const router = config.osrmUrl
    ? new OsrmRouter(config.osrmUrl, app.log)
    : new StraightLineRouter();
  const rules = await CategoryRulesBook.open(store);
  const dispatch = await DispatchService.open(store, live, state.current.grids, {
    router,
    policy: config.policy,
    rules
  });
  const access = await AccessService.open(store, config.tokenSecret);
  const integrations = await Integrations.open(store);
  const demo = config.demo
    ? await ensureDemoAccounts(access, store, live.all(), config.dataDir)
    : null;
  const coverage = new CoverageMonitor(live, state.current.grids);
  const unitAlerts = new UnitAlertMonitor(live, config.unitAlerts, Date.now());
  const { io, counters } = attachRealtime({
    http: app.server,
    dispatch,
    live,
    access,
    coverage,
    unitAlerts,
    log: app.log
  });
  const sim = config.sim
    ? startSimulator({
        district: state.current,
        live,
        dispatch,
        seed: config.simSeed,
        answers: config.simAnswers,
        log: app.log
      })
    : null;
  // another version in force: every lookup follows at once, then every screen reloads the map
  state.onChange((d) => {
    dispatch.useGrids(d.grids);
    coverage.useGrids(d.grids);
    coverage.compute(Date.now());
    live.relocate();
    sim?.useDistrict(d);
    io.emit('district:changed', { version: d.version });
  });
  const loop = new LoopMonitor();
  app.decorate('gridwatch', {
    config,
    get district() {
      return state.current;
    },
    districts,
    store,
    live,
    dispatch,
    rules,
    access,
    integrations,
    io,
    realtime: counters,
    sim,
    loop,
    coverage,
    unitAlerts,
    demo
  });

  app.setErrorHandler<Error & { statusCode?: number }>((err, _req, reply) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) {
      app.log.error({ err }, 'request failed');
      return reply.code(500).send(failure(ErrorCode.INTERNAL, 'internal'));
    }
    // a refusal a plugin built in our shape (the sign-in limit says how long to wait) goes out as it is
    const made = err as Partial<Failure>;
    if (
      typeof made.error === 'string' &&
      typeof made.message === 'string' &&
      isRefusal(made.detail)
    )
      return reply.code(status).send(bodyOf(made as Failure));
    // Fastify's own 4xx (bad JSON, body too large, wrong content type) say what is wrong
    return reply
      .code(status)
      .send(
        status === 429
          ? failure(ErrorCode.RATE_LIMITED, 'too_many_requests')
          : failure(ErrorCode.INVALID, 'invalid_request', { problem: err.message })
      );
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // MapLibre and deck.gl set element styles; Svelte writes style attributes
        styleSrc: ["'self'", "'unsafe-inline'"],
        // a remote basemap's tile hosts, and only then
        imgSrc: ["'self'", 'data:', 'blob:', ...basemapHosts],
        fontSrc: ["'self'", 'data:'],
        workerSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'", ...basemapHosts],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"]
      }
    },
    // intranet deployments often run on plain http: do not tell browsers to insist on https
    hsts: false
  });
  await app.register(accessPlugin, { access, integrations });
  await app.register(healthRoutes);
  await app.register(districtRoutes);
  await app.register(sessionRoutes);
  await app.register(accountRoutes);
  await app.register(unitRoutes);
  await app.register(incidentRoutes);
  await app.register(integrationRoutes);
  await app.register(placeRoutes);
  await app.register(photoRoutes);
  await app.register(metricsRoutes);
  await app.register(deviceRoutes);
  await app.register(categoryRuleRoutes);
  await app.register(kpiRoutes);
  await app.register(mapStyleRoutes, { basemap });
  await app.register(tileRoutes, { basemap });
  await serveClient(app, config.clientDir);

  const frames = new FrameRouter(live);
  let ticker: Ticker | null = null;
  let arrivals: ReturnType<typeof setInterval> | null = null;
  let purge: HistoryPurge | null = null;
  let coverageFeed: { stop(): void } | null = null;
  let unitAlertFeed: { stop(): void } | null = null;
  let follow: ReturnType<typeof setInterval> | null = null;
  app.addHook('onReady', async () => {
    // a version applied from the command line lands in the store; take it up within seconds
    follow = setInterval(() => {
      districts.follow().catch((e: unknown) => app.log.error({ err: e }, 'district follow failed'));
    }, DISTRICT_FOLLOW_MS);
    follow.unref();
    coverage.compute(Date.now());
    coverageFeed = startCoverageFeed({
      monitor: coverage,
      live,
      io,
      onError: (e) => app.log.error({ err: e }, 'coverage failed')
    });
    unitAlerts.sweep(Date.now());
    unitAlertFeed = startUnitAlertFeed({
      monitor: unitAlerts,
      live,
      io,
      onError: (e) => app.log.error({ err: e }, 'unit alerts failed')
    });
    purge = startHistoryPurge({ store, access, days: config.historyDays, log: app.log });
    // a unit that reaches its incident is on scene even if nobody presses the button
    arrivals = setInterval(() => {
      dispatch
        .checkArrivals()
        .catch((e: unknown) => app.log.error({ err: e }, 'arrival check failed'));
    }, ARRIVAL_CHECK_MS);
    arrivals.unref();
    ticker = startTicker({
      live,
      store,
      tickMs: config.tickMs,
      frames: (now) => frames.compose(now, viewsIn(io.of('/').adapter.rooms.keys())),
      send: (room, view) => {
        for (const u of view.entered) io.to(room).emit('unit:changed', u);
        // a position a screen misses is replaced a tick later; a GONE it misses leaves a ghost
        if (view.reliable) io.to(room).emit('units:moved', view.frame);
        else io.to(room).volatile.emit('units:moved', view.frame);
      },
      onError: (e) => app.log.error({ err: e }, 'tick failed')
    });
  });
  app.addHook('preClose', async () => {
    sim?.stop();
    purge?.stop();
    coverageFeed?.stop();
    unitAlertFeed?.stop();
    if (arrivals) clearInterval(arrivals);
    if (follow) clearInterval(follow);
    dispatch.stop();
    // websockets are upgraded connections the HTTP server no longer tracks: end them before it closes
    io.disconnectSockets(true);
    io.engine.close();
  });
  app.addHook('onClose', async () => {
    loop.stop();
    await ticker?.stop();
    await store.close();
    basemap.close();
  });
  return app;
}
