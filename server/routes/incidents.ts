import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { CommandId, IncidentCreateBody } from '../../shared/commands.ts';
import { ErrorCode } from '../../shared/result.ts';
import { checker, validate } from '../../shared/validate.ts';

/**
 * Incidents over HTTP, for screens and integrations (hotline systems, camera alarms). A POST may carry an
 * `Idempotency-Key` header: the same key twice creates one incident and answers the first result both times.
 */

const STATUS_OF: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.INVALID]: 400,
  [ErrorCode.OUTSIDE_DISTRICT]: 422,
  [ErrorCode.NOT_FOUND]: 404
};

export default async function incidentRoutes(app: FastifyInstance): Promise<void> {
  app.get('/api/incidents', async () => app.gridwatch.dispatch.incidents());

  app.post('/api/incidents', async (req, reply) => {
    const body = validate(IncidentCreateBody, req.body ?? null);
    if (!body.ok) return reply.code(400).send({ error: body.error, message: body.message });
    const key = req.headers['idempotency-key'];
    if (key !== undefined && (typeof key !== 'string' || !checker(CommandId).Check(key))) {
      return reply.code(400).send({
        error: ErrorCode.INVALID,
        message: 'Idempotency-Key: expected 8–64 characters of A–Z, a–z, 0–9, _ or -'
      });
    }
    const commandId =
      body.data.commandId ?? (key as string | undefined) ?? randomUUID().replaceAll('-', '');
    const res = await app.gridwatch.dispatch.create({ ...body.data, commandId }, `api:${req.ip}`);
    if (!res.ok)
      return reply
        .code(STATUS_OF[res.error] ?? 409)
        .send({ error: res.error, message: res.message });
    return reply.code(201).send(res.data);
  });
}
