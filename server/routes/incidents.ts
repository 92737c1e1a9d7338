import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { CommandId, IncidentCreateBody } from '../../shared/commands.ts';
import { bodyOf, ErrorCode, failure } from '../../shared/result.ts';
import { HistoryQuery, type HistoryDays } from '../../shared/history.ts';
import { checker, validate } from '../../shared/validate.ts';
import { ROUTE_ACCESS } from '../access/permissions.ts';
import { commandAudit } from '../access/audit.ts';
import { historyWindow, incidentHistory } from '../dispatch/incident-history.ts';
import { HTTP_STATUS } from './answer.ts';

/**
 * Incidents over HTTP, for screens and integrations (hotline systems, camera alarms). A POST may carry an
 * `Idempotency-Key` header: the same key twice creates one incident and answers the first result both times.
 * Lists and creation go through the caller's Scope like every other path.
 */

export default async function incidentRoutes(app: FastifyInstance): Promise<void> {
  const { dispatch, access, store } = app.gridwatch;

  app.get('/api/incidents', { config: { access: ROUTE_ACCESS.anyone } }, async (req) =>
    dispatch.incidentsFor(req.session!.scope)
  );

  /** The last day's or week's incidents the caller may see, as points for the map's history layer. */
  app.get(
    '/api/incidents/history',
    { config: { access: ROUTE_ACCESS.deskOrWall } },
    async (req, reply) => {
      const query = validate(HistoryQuery, req.query ?? null);
      if (!query.ok) return reply.code(400).send(bodyOf(query));
      const days = Number(query.data.days) as HistoryDays;
      const now = Date.now();
      const scope = req.session!.scope;
      const { from, to } = historyWindow(days, now);
      const created = await store.incidentsCreated(from, to);
      return incidentHistory(days, now, created, (i) => scope.seesIncident(i));
    }
  );

  app.post(
    '/api/incidents',
    { config: { access: ROUTE_ACCESS.deskOrField, action: 'incident.create', apiKey: true } },
    async (req, reply) => {
      const body = validate(IncidentCreateBody, req.body ?? null);
      if (!body.ok) return reply.code(400).send(bodyOf(body));
      const key = req.headers['idempotency-key'];
      if (key !== undefined && (typeof key !== 'string' || !checker(CommandId).Check(key))) {
        return reply.code(400).send(failure(ErrorCode.INVALID, 'idempotency_key'));
      }
      // commands are keyed per account by the dispatch service, so one caller's key never meets another's
      const commandId =
        body.data.commandId ?? (key as string | undefined) ?? randomUUID().replaceAll('-', '');
      const scope = req.session!.scope.from(`http ${req.ip}`);
      // an integration's incidents carry its own source, whatever the body says
      const source = req.integrationSource ?? body.data.source;
      const res = await dispatch.create({ ...body.data, source, commandId }, scope);
      const c = body.data;
      await access.audit(
        commandAudit(
          { actor: scope.actor, actorName: scope.actorName, source: req.ip },
          'incident.create',
          `${c.category} P${c.priority} @ ${c.lng.toFixed(5)},${c.lat.toFixed(5)}`,
          res,
          {
            ...(res.ok ? { incident: res.data.id } : {}),
            category: c.category,
            priority: c.priority,
            lng: c.lng.toFixed(5),
            lat: c.lat.toFixed(5)
          }
        )
      );
      if (!res.ok) return reply.code(HTTP_STATUS[res.error] ?? 409).send(bodyOf(res));
      return reply.code(201).send(res.data);
    }
  );
}
