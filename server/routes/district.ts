import type { FastifyInstance } from 'fastify';

export default async function districtRoutes(app: FastifyInstance): Promise<void> {
  app.get('/api/district', async (_req, reply) => {
    // the file is generated once and never changes while the server runs
    reply.header('cache-control', 'public, max-age=3600').type('application/json; charset=utf-8');
    return app.gridwatch.district.json;
  });
}
