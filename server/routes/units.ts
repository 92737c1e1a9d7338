import type { FastifyInstance } from 'fastify';
import type { Unit } from '../../shared/domain.ts';
import type { TrackPoint } from '../../shared/commands.ts';
import { ErrorCode, failure } from '../../shared/result.ts';
import { ROUTE_ACCESS } from '../access/permissions.ts';

/** a day of points every 15 s is 5,760; a window may hold a few days of a unit that moves all the time */
const TRACK_LIMIT = 20_000;
const MAX_WINDOW_MS = 7 * 86_400_000;

/** The units the caller may see, with their last fix; and a unit's kept history for a time window. */
export default async function unitRoutes(app: FastifyInstance): Promise<void> {
  const { live, store } = app.gridwatch;

  app.get(
    '/api/units',
    { config: { access: ROUTE_ACCESS.anyone } },
    async (req): Promise<Unit[]> => {
      const scope = req.session!.scope;
      return live
        .all()
        .filter((u) => scope.seesUnit(live.whereabouts(u.idx)))
        .map((u) => ({ ...scope.unitView(u, live.whereabouts(u.idx)), fix: live.fix(u.idx) }));
    }
  );

  /**
   * A field account sees its own unit's track; a desk sees the points that lie in its towns (a town leader follows
   * a unit while it is in the town, as on the live map, and learns nothing of where it went outside).
   */
  app.get<{ Params: { id: string }; Querystring: { from?: string; to?: string } }>(
    '/api/units/:id/track',
    { config: { access: ROUTE_ACCESS.deskOrField } },
    async (req, reply) => {
      const scope = req.session!.scope;
      const unit = live.get(req.params.id);
      if (!unit || (scope.role === 'field' && scope.unitId !== unit.id))
        return reply
          .code(404)
          .send(failure(ErrorCode.NOT_FOUND, 'not_found', { kind: 'unit', id: req.params.id }));
      const from = Number(req.query.from);
      const to = Number(req.query.to);
      if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || to < from) {
        return reply.code(400).send(failure(ErrorCode.INVALID, 'track_window'));
      }
      if (to - from > MAX_WINDOW_MS) {
        return reply
          .code(400)
          .send(
            failure(ErrorCode.INVALID, 'track_window_long', { days: MAX_WINDOW_MS / 86_400_000 })
          );
      }
      const rows = await store.positionsBetween(unit.id, from, to, TRACK_LIMIT);
      // the live map's rule, point by point: where the unit stood then decides who may know it
      const points: TrackPoint[] = rows
        .filter((p) =>
          scope.seesUnit({
            id: unit.id,
            fixTown: app.gridwatch.district.grids.locate(p.lng, p.lat)?.townCode ?? null,
            incidentTown: null
          })
        )
        .map((p) => ({
          time: p.time,
          lng: p.lng,
          lat: p.lat,
          speedMps: p.speedMps,
          status: p.status
        }));
      return { points };
    }
  );
}
