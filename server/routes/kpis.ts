import type { FastifyInstance } from 'fastify';
import type { Kpis } from '../../shared/kpis.ts';
import { ROUTE_ACCESS } from '../access/permissions.ts';
import { kpisFor, townsOf } from '../kpi/gather.ts';

/**
 * `GET /api/kpis`: the wall's and the town leader's figures (shared/kpis.ts, defined in kpi/figures.ts) for the
 * caller's towns, computed on request from the store, the dispatch service's open incidents, the live registry and
 * the last coverage computation. Desks and walls only: a field account has its own tasks, not the district's.
 */
export default async function kpiRoutes(app: FastifyInstance): Promise<void> {
  const { store, dispatch, live, coverage, district } = app.gridwatch;
  const towns = townsOf(district.collection);
  app.get(
    '/api/kpis',
    { config: { access: ROUTE_ACCESS.deskOrWall } },
    async (req): Promise<Kpis> =>
      kpisFor(
        req.session!.scope,
        { store, incidents: () => dispatch.incidents(), live, coverage, towns },
        Date.now()
      )
  );
}
