import type { FastifyInstance } from 'fastify';
import { ROUTE_ACCESS } from '../access/permissions.ts';

/** The district's boundaries are the map everyone draws on, the login page included: public, like a basemap. */
export default async function districtRoutes(app: FastifyInstance): Promise<void> {
  app.get('/api/district', { config: { access: ROUTE_ACCESS.public } }, async (_req, reply) => {
    // the file is generated once and never changes while the server runs
    reply.header('cache-control', 'public, max-age=3600').type('application/json; charset=utf-8');
    return app.gridwatch.district.json;
  });
}
