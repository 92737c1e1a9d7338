import type { FastifyInstance } from 'fastify';
import type { Unit } from '../../shared/domain.ts';

export default async function unitRoutes(app: FastifyInstance): Promise<void> {
  app.get('/api/units', async (): Promise<Unit[]> => {
    const { live } = app.gridwatch;
    return live.all().map((u) => ({ ...u, fix: live.fix(u.idx) }));
  });
}
