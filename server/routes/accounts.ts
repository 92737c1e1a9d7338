import type { FastifyInstance } from 'fastify';
import { detailEnglish } from '../../shared/audit-detail.ts';
import { Type } from '@sinclair/typebox';
import {
  AccountCreate,
  AccountUpdate,
  KioskCreate,
  type AccountView,
  type KioskLink
} from '../../shared/access.ts';
import { CommandError, ErrorCode } from '../../shared/result.ts';
import { validate } from '../../shared/validate.ts';
import { ROUTE_ACCESS } from '../access/permissions.ts';
import { answer } from './answer.ts';

/** Account administration and the audit log: admin only. Every change is audited by the access service. */

const AuditQuery = Type.Object({
  limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$' })),
  before: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' }))
});

export default async function accountRoutes(app: FastifyInstance): Promise<void> {
  const { access, districts, live } = app.gridwatch;
  const admin = { config: { access: ROUTE_ACCESS.admin } };
  const towns = districts.state.perVersion(
    (d) =>
      new Set(
        d.collection.features
          .filter((f) => f.properties.layer === 'town')
          .map((f) => f.properties.code)
      )
  );

  /** towns and units named must exist: a typo must not create an account that silently sees nothing */
  const checkRefs = (a: { towns?: string[] | null; unitId?: string | null }) => {
    const unknown = (a.towns ?? []).filter((t) => !towns().has(t));
    if (unknown.length)
      throw new CommandError(ErrorCode.INVALID, 'unknown_towns', { towns: unknown.join(', ') });
    if (a.unitId && !live.get(a.unitId))
      throw new CommandError(ErrorCode.INVALID, 'unknown_unit', { unit: a.unitId });
  };

  app.get('/api/accounts', admin, async () => access.accounts());

  app.post('/api/accounts', admin, async (req, reply) =>
    answer(reply, 201, async () => {
      const body = validate(AccountCreate, req.body ?? null);
      if (!body.ok) throw CommandError.of(body);
      checkRefs(body.data);
      return access.createAccount(body.data, req.session!.scope, req.ip);
    })
  );

  app.patch<{ Params: { id: string } }>('/api/accounts/:id', admin, async (req, reply) =>
    answer(reply, 200, async (): Promise<AccountView> => {
      const body = validate(AccountUpdate, req.body ?? null);
      if (!body.ok) throw CommandError.of(body);
      checkRefs(body.data);
      return access.updateAccount(req.params.id, body.data, req.session!.scope, req.ip);
    })
  );

  app.post<{ Params: { id: string } }>('/api/accounts/:id/revoke', admin, async (req, reply) =>
    answer(reply, 200, async () => ({
      revoked: await access.revokeSessions(req.params.id, req.session!.scope, req.ip)
    }))
  );

  app.post('/api/kiosks', admin, async (req, reply) =>
    answer(reply, 201, async () => {
      const body = validate(KioskCreate, req.body ?? null);
      if (!body.ok) throw CommandError.of(body);
      checkRefs(body.data);
      const { account, secret } = await access.createKiosk(body.data, req.session!.scope, req.ip);
      // a wall has no language switch: its link names the language (the client reads `lang` from the address)
      const lang = body.data.lang ? `&lang=${body.data.lang}` : '';
      const link: KioskLink = { account, url: `/wall?kiosk=${secret}${lang}` };
      return link;
    })
  );

  app.get<{ Querystring: Record<string, string> }>('/api/audit', admin, async (req, reply) =>
    answer(reply, 200, async () => {
      const q = validate(AuditQuery, req.query);
      if (!q.ok) throw CommandError.of(q);
      return access.auditLog(
        Math.min(Number(q.data.limit ?? 200), 1000),
        q.data.before ? Number(q.data.before) : undefined
      );
    })
  );

  app.get('/api/audit.csv', admin, async (_req, reply) => {
    const rows = await access.auditLog(100_000);
    const head = 'id,time,actor,actor_name,action,target,source,outcome,detail';
    const lines = rows.map((r) =>
      [
        r.id,
        new Date(r.at).toISOString(),
        r.actor,
        r.actorName ?? '',
        r.action,
        r.target,
        r.source,
        r.outcome,
        detailEnglish(r.detail)
      ]
        .map(csvCell)
        .join(',')
    );
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="gridwatch-audit.csv"');
    // a BOM so spreadsheet programs read the Chinese text as UTF-8
    return '\ufeff' + [head, ...lines].join('\r\n') + '\r\n';
  });
}

/** RFC 4180 quoting, and a leading quote for cells a spreadsheet would run as a formula */
function csvCell(v: string | number): string {
  let s = String(v);
  if (/^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
