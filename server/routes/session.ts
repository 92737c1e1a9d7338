import type { FastifyInstance, FastifyReply } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { Type } from '@sinclair/typebox';
import { KioskLogin, LoginRequest, type SessionInfo } from '../../shared/access.ts';
import { validate } from '../../shared/validate.ts';
import { bodyOf, CommandError, ErrorCode, failure } from '../../shared/result.ts';
import { SESSION_COOKIE } from '../access/http.ts';
import { SESSION_MS } from '../access/service.ts';
import { ROUTE_ACCESS } from '../access/permissions.ts';

/**
 * Sign in (password, or a wall's kiosk secret), sign out, and fetch a fresh socket token. Login is rate-limited
 * per address, backs off per username (access/login-backoff.ts) and answers the same for an unknown user and a
 * wrong password.
 */

const LOGIN_PER_MINUTE = 10;
const SignIn = Type.Union([LoginRequest, KioskLogin]);

export default async function sessionRoutes(app: FastifyInstance): Promise<void> {
  const { access, config } = app.gridwatch;
  /** what every screen learns with its session, beside who it is */
  const withSettings = (info: SessionInfo): SessionInfo => ({
    ...info,
    wallFocusS: config.wallFocusS
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) => ({
      statusCode: 429,
      ...failure(ErrorCode.RATE_LIMITED, 'login_throttled', { seconds: Math.ceil(ctx.ttl / 1000) })
    })
  });

  const setCookie = (reply: FastifyReply, value: string) =>
    reply.setCookie(SESSION_COOKIE, value, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: 'auto',
      maxAge: SESSION_MS / 1000
    });

  app.post(
    '/api/login',
    {
      config: {
        access: ROUTE_ACCESS.public,
        rateLimit: { max: LOGIN_PER_MINUTE, timeWindow: 60_000 }
      }
    },
    async (req, reply) => {
      const checked = validate(SignIn, req.body ?? null);
      if (!checked.ok) return reply.code(400).send(bodyOf(checked));
      const data = checked.data;
      const kiosk = 'kiosk' in data;
      let res: Awaited<ReturnType<typeof access.login>>;
      try {
        res = kiosk
          ? await access.kioskLogin(data.kiosk, req.ip)
          : await access.login(data.username, data.password, req.ip);
      } catch (e) {
        // the username's back-off: how long to wait, as the per-address limit says it
        if (!(e instanceof CommandError) || e.code !== ErrorCode.RATE_LIMITED) throw e;
        return reply
          .code(429)
          .header('retry-after', String(e.detail.values.seconds))
          .send(e.failure);
      }
      if (!res) {
        return reply
          .code(401)
          .send(failure(ErrorCode.UNAUTHORIZED, kiosk ? 'kiosk_link_invalid' : 'login_failed'));
      }
      setCookie(reply, res.cookie);
      return withSettings(res.info);
    }
  );

  app.get('/api/session', { config: { access: ROUTE_ACCESS.anyone } }, async (req) =>
    withSettings(access.sessionInfo(req.session!))
  );

  app.post('/api/logout', { config: { access: ROUTE_ACCESS.anyone } }, async (req, reply) => {
    await access.logout(req.session!, req.ip);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });
}
