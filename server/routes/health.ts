import type { FastifyInstance } from 'fastify';
import { ROUTE_ACCESS } from '../access/permissions.ts';

/**
 * Liveness and the figures an operator (or a benchmark) watches: the event log's head, positions accepted and
 * rejected by reason, requests dropped by rate limits, and event-loop delay since the last `?reset=1`. Counts
 * only: nothing here says where anyone or anything is.
 */
export default async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { reset?: string } }>(
    '/healthz',
    { config: { access: ROUTE_ACCESS.public } },
    async (req) => {
      const { dispatch, live, loop, realtime } = app.gridwatch;
      const body = {
        ok: true,
        seq: dispatch.seq,
        units: live.size,
        uptimeS: Math.round(process.uptime()),
        positions: {
          accepted: live.accepted,
          late: live.late,
          rejected: live.rejected.snapshot()
        },
        sockets: { ...realtime },
        eventLoop: loop.snapshot()
      };
      if (req.query.reset === '1') loop.reset();
      return body;
    }
  );
}
