import type { FastifyInstance } from 'fastify';
import { IntegrationCreate, IntegrationUpdate } from '../../shared/access.ts';
import { CommandError } from '../../shared/result.ts';
import { validate } from '../../shared/validate.ts';
import { ROUTE_ACCESS } from '../access/permissions.ts';
import { answer } from './answer.ts';

/** API keys of hotline platforms and camera alarms: admin only; a new key is shown once; every change is audited. */
export default async function integrationRoutes(app: FastifyInstance): Promise<void> {
  const { integrations, access } = app.gridwatch;
  const admin = { config: { access: ROUTE_ACCESS.admin } };

  app.get('/api/integrations', admin, async () => integrations.list());

  app.post('/api/integrations', admin, async (req, reply) =>
    answer(reply, 201, async () => {
      const body = validate(IntegrationCreate, req.body ?? null);
      if (!body.ok) throw CommandError.of(body);
      const created = await integrations.create(body.data);
      await access.audit({
        actor: req.session!.account.username,
        action: 'integration.create',
        target: created.integration.name,
        source: req.ip,
        outcome: 'ok',
        detail: { values: { source: created.integration.source } }
      });
      return created;
    })
  );

  app.patch<{ Params: { id: string } }>('/api/integrations/:id', admin, async (req, reply) =>
    answer(reply, 200, async () => {
      const body = validate(IntegrationUpdate, req.body ?? null);
      if (!body.ok) throw CommandError.of(body);
      const updated = await integrations.update(req.params.id, body.data);
      await access.audit({
        actor: req.session!.account.username,
        action: 'integration.update',
        target: updated.name,
        source: req.ip,
        outcome: 'ok',
        detail: { values: { disabled: updated.disabled } }
      });
      return updated;
    })
  );
}
