import type { FastifyInstance } from 'fastify';

/**
 * Liveness and the figures an operator (or a benchmark) watches: the event log's head, positions accepted and
 * rejected by reason, and event-loop delay since the last `?reset=1`.
 */
export default async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { reset?: string } }>('/healthz', async (req) => {
    const { dispatch, live, loop } = app.gridwatch;
    const body = {
      ok: true,
      seq: dispatch.seq,
      units: live.size,
      uptimeS: Math.round(process.uptime()),
      positions: { accepted: live.accepted, rejected: live.rejected.snapshot() },
      eventLoop: loop.snapshot()
    };
    if (req.query.reset === '1') loop.reset();
    return body;
  });
}
