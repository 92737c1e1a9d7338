import type { FastifyInstance } from 'fastify';
import type { Unit } from '../../shared/domain.ts';
import { ROUTE_ACCESS } from '../access/permissions.ts';

/** The units the caller may see, with their last fix. */
export default async function unitRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/api/units',
    { config: { access: ROUTE_ACCESS.anyone } },
    async (req): Promise<Unit[]> => {
      const { live } = app.gridwatch;
      const scope = req.session!.scope;
      return live
        .all()
        .filter((u) => scope.seesUnit(live.whereabouts(u.idx)))
        .map((u) => ({ ...scope.unitView(u, live.whereabouts(u.idx)), fix: live.fix(u.idx) }));
    }
  );
}
