import type { FastifyInstance } from 'fastify';
import type { Kpis } from '../../shared/kpis.ts';
import { ROUTE_ACCESS } from '../access/permissions.ts';
import { kpisFor, townsOf } from '../kpi/gather.ts';
import { ReportedDays } from '../kpi/reported-days.ts';

/**
 * `GET /api/kpis`: the wall's and the town leader's figures (shared/kpis.ts, defined in kpi/figures.ts) for the
 * caller's towns, computed on request from today's incidents in the store (the 7 days before are counted once and
 * kept, kpi/reported-days.ts), the dispatch service's open incidents, the live registry and the last coverage
 * computation. Desks and walls only: a field account has its own tasks, not the district's.
 */
export default async function kpiRoutes(app: FastifyInstance): Promise<void> {
  const { store, dispatch, live, coverage, unitAlerts, districts } = app.gridwatch;
  const towns = districts.state.perVersion((d) => townsOf(d.collection));
  // one per app: the past days' hourly counts are read once and shared by every caller, each cutting its towns
  const reported = new ReportedDays(store);
  app.get(
    '/api/kpis',
    { config: { access: ROUTE_ACCESS.deskOrWall } },
    async (req): Promise<Kpis> =>
      kpisFor(
        req.session!.scope,
        {
          reported,
          incidents: () => dispatch.incidents(),
          live,
          coverage,
          unitAlerts,
          towns: towns()
        },
        Date.now()
      )
  );
}
