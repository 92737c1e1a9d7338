import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { validate } from '../../shared/validate.ts';
import { bodyOf } from '../../shared/result.ts';
import { ROUTE_ACCESS } from '../access/permissions.ts';
import { PlaceIndex } from '../places.ts';

const PlaceQuery = Type.Object({ q: Type.String({ minLength: 1, maxLength: 40 }) });

/**
 * Place search for intake: towns, communities and grids by Chinese name, pinyin or pinyin initials, only in the
 * caller's towns (a town leader's own; the whole district for district-wide desks).
 */
export default async function placeRoutes(app: FastifyInstance): Promise<void> {
  const index = app.gridwatch.districts.state.perVersion((d) => new PlaceIndex(d.collection));
  // the names are the district's map, public like /api/district; searching them needs a desk session all the same
  app.get('/api/places', { config: { access: ROUTE_ACCESS.desk } }, async (req, reply) => {
    const q = validate(PlaceQuery, req.query);
    if (!q.ok) return reply.code(400).send(bodyOf(q));
    const scope = req.session!.scope;
    return index().search(q.data.q, (town) => scope.seesTown(town));
  });
}
