import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import { ErrorCode, failure } from '../../shared/result.ts';
import type { AccessService, Session } from './service.ts';
import type { Integrations } from './integrations.ts';

/**
 * HTTP side of access control. Every route must declare `config.access` (registration fails otherwise, so no
 * route is open by accident); before a non-public route runs, the session cookie must name a live session whose
 * role the rule admits. Handlers then read `req.session` and ask its Scope what the caller may see.
 */

export const SESSION_COOKIE = 'gw_session';

declare module 'fastify' {
  interface FastifyRequest {
    session: Session | null;
    /** set when an integration's API key authenticated the request: the source its incidents carry */
    integrationSource: 'hotline' | 'camera' | null;
  }
}

async function accessPlugin(
  app: FastifyInstance,
  opts: { access: AccessService; integrations: Integrations }
): Promise<void> {
  await app.register(cookie);
  app.decorateRequest('session', null);
  app.decorateRequest('integrationSource', null);

  app.addHook('onRoute', (route) => {
    if (route.config?.access === undefined) {
      throw new Error(`route ${String(route.method)} ${route.url}: no access rule (config.access)`);
    }
  });

  app.addHook('onRequest', async (req, reply) => {
    // unmatched requests (the 404 handler) have no rule and reach nothing
    const rule = req.routeOptions.config?.access;
    if (rule === undefined || rule === 'public') return;
    const key = req.routeOptions.config.apiKey ? apiKeyOf(req.headers) : null;
    if (key !== null) {
      const integration = opts.integrations.fromKey(key);
      if (!integration)
        return reply.code(401).send(failure(ErrorCode.UNAUTHORIZED, 'api_key_invalid'));
      req.session = integration;
      req.integrationSource = integration.source;
      return;
    }
    const session = await opts.access.fromCookie(req.cookies[SESSION_COOKIE]);
    if (!session) return reply.code(401).send(failure(ErrorCode.UNAUTHORIZED, 'sign_in_first'));
    if (!session.scope.mayRoute(rule)) {
      await opts.access.audit({
        actor: session.account.username,
        action: req.routeOptions.config.action ?? `${req.method} ${req.routeOptions.url}`,
        target: '',
        source: req.ip,
        outcome: 'denied',
        detail: { values: { role: session.account.role } }
      });
      return reply.code(403).send(
        failure(ErrorCode.FORBIDDEN, 'role_may_not_route', {
          role: session.account.role,
          method: req.method,
          path: req.routeOptions.url ?? ''
        })
      );
    }
    req.session = session;
  });
}

/** `X-Api-Key: <key>` or `Authorization: Bearer <key>`; null when neither is sent */
function apiKeyOf(headers: Record<string, string | string[] | undefined>): string | null {
  const direct = headers['x-api-key'];
  if (typeof direct === 'string') return direct;
  const auth = headers.authorization;
  return typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7) : null;
}

export default fp(accessPlugin, { name: 'gridwatch-access', fastify: '5.x' });
