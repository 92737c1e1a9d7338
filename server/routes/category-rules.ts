import type { FastifyInstance } from 'fastify';
import { CategoryRulesUpdate, type CategoryRulesView } from '../../shared/category-rules.ts';
import { CommandError } from '../../shared/result.ts';
import { validate } from '../../shared/validate.ts';
import { ROUTE_ACCESS } from '../access/permissions.ts';
import { answer } from './answer.ts';

/**
 * The category table (who responds first to what, the skills that count, the units needed): the admin reads it
 * with its defaults and saves a whole new version, which the next recommendation uses. Every change is kept as
 * a version and audited with it and the version it replaced.
 */
export default async function categoryRuleRoutes(app: FastifyInstance): Promise<void> {
  const { access, rules } = app.gridwatch;
  const admin = (action: string) => ({ config: { access: ROUTE_ACCESS.admin, action } });

  app.get(
    '/api/category-rules',
    admin('category_rules.read'),
    async (): Promise<CategoryRulesView> => rules.view()
  );

  app.post('/api/category-rules', admin('category_rules.update'), async (req, reply) =>
    answer(reply, 200, async (): Promise<CategoryRulesView> => {
      const body = validate(CategoryRulesUpdate, req.body ?? null);
      if (!body.ok) throw CommandError.of(body);
      const actor = req.session!.account.username;
      const { view, changed } = await rules.update(body.data, actor, Date.now());
      // the store keeps both tables whole, so the version and the one it replaced say old → new
      if (changed)
        await access.audit({
          actor,
          action: 'category_rules.update',
          target: `v${view.version}`,
          source: req.ip,
          outcome: 'ok',
          detail: { values: { version: view.version, previous: body.data.baseVersion } }
        });
      return view;
    })
  );
}
