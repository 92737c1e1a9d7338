import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Registry } from 'prom-client';
import { ROUTE_ACCESS } from '../access/permissions.ts';

/**
 * Prometheus metrics: the same figures as /healthz in the exposition format a monitoring system scrapes, with the
 * GPS filter's rejections by reason and by intake path (socket, osmand, sim). Counts only, like /healthz. Values
 * are read from their owners at scrape time, so nothing here sits on the position hot path.
 */
export default async function metricsRoutes(app: FastifyInstance): Promise<void> {
  const { live, dispatch, realtime, loop } = app.gridwatch;
  // one registry per app: tests build several apps in one process
  const registry = new Registry();

  new Counter({
    name: 'gridwatch_positions_accepted_total',
    help: 'Position fixes that moved a live marker',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(live.accepted);
    }
  });
  new Counter({
    name: 'gridwatch_positions_late_total',
    help: 'Late fixes (sent after an outage) kept in history without moving the marker',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(live.late);
    }
  });
  new Counter({
    name: 'gridwatch_positions_rejected_total',
    help: 'Position fixes the GPS filter refused, by reason and intake path',
    labelNames: ['reason', 'source'],
    registers: [registry],
    collect() {
      this.reset();
      for (const e of live.rejected.entries())
        this.inc({ reason: e.reason, source: e.source }, e.count);
    }
  });
  new Counter({
    name: 'gridwatch_requests_rate_limited_total',
    help: 'Socket requests refused by a per-socket rate limit',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(realtime.rateLimited);
    }
  });
  new Gauge({
    name: 'gridwatch_units',
    help: 'Units on the roster',
    registers: [registry],
    collect() {
      this.set(live.size);
    }
  });
  new Gauge({
    name: 'gridwatch_event_seq',
    help: 'The last sequence number of the event log',
    registers: [registry],
    collect() {
      this.set(dispatch.seq);
    }
  });
  new Gauge({
    name: 'gridwatch_event_loop_delay_p99_seconds',
    help: 'Event-loop delay, 99th percentile since the last /healthz?reset=1',
    registers: [registry],
    collect() {
      this.set(loop.snapshot().p99Ms / 1000);
    }
  });

  app.get('/metrics', { config: { access: ROUTE_ACCESS.public } }, async (_req, reply) =>
    reply.type(registry.contentType).send(await registry.metrics())
  );
}
