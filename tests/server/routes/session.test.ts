import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../shared/access.ts';
import { ErrorCode, failure } from '../../../shared/result.ts';
import { startServer } from '../../fixtures/server.ts';
import { freshAddress, type Server } from '../access/support.ts';

/**
 * `POST /api/login` beside the per-address limit: a username that failed five times backs off, whichever addresses
 * the attempts come from, the right password included, and an unknown username is answered the same way.
 */

describe('sign-in back-off per username', () => {
  let server: Server;
  const login = (username: string, password: string, remoteAddress = freshAddress()) =>
    server.app.inject({
      method: 'POST',
      url: '/api/login',
      payload: { username, password },
      remoteAddress
    });

  beforeAll(async () => {
    server = await startServer({ units: 5 });
  });
  afterAll(async () => server.close());

  it('refuses the right password from a new address after five failures from five others, 429 with the wait', async () => {
    // signed in once before the guessing starts: the audit log is read as admin below
    await server.login('admin');
    const { password } = server.demo.commander;
    for (let k = 0; k < 5; k++)
      expect((await login('commander', 'guess-' + k)).statusCode).toBe(401);
    const from = freshAddress();
    const res = await login('commander', password, from);
    expect(res.statusCode).toBe(429);
    expect(res.json()).toEqual(failure(ErrorCode.RATE_LIMITED, 'login_throttled', { seconds: 1 }));
    expect(res.headers['retry-after']).toBe('1');
    expect(res.headers['set-cookie']).toBeUndefined();

    const log = (await server.as('admin', { method: 'GET', url: '/api/audit?limit=50' })).json();
    const throttled = (log as AuditRecord[]).filter(
      (r) => r.action === 'login.throttled' && r.target === 'commander'
    );
    expect(throttled.map((r) => [r.actor, r.outcome])).toEqual([
      ['commander', 'denied'],
      ['commander', 'denied']
    ]);
    // the refused attempt's address, then the address of the failure that started the back-off
    expect(throttled[0].source).toBe(from);
    expect(throttled[1].detail.values).toMatchObject({ failures: 5 });
  });

  it('answers an unknown username byte for byte as a known one, before and during its back-off', async () => {
    // five failures and a sixth at once, for each name
    const answers = async (username: string) => {
      const out: string[] = [];
      for (let k = 0; k < 6; k++) out.push(String((await login(username, 'not-it')).rawPayload));
      return out;
    };
    const known = await answers('dispatcher');
    expect(await answers('nobody-at-all')).toEqual(known);
    expect(JSON.parse(known[0])).toMatchObject({ detail: { key: 'login_failed' } });
    expect(JSON.parse(known[5])).toMatchObject({ detail: { key: 'login_throttled' } });
  });

  it('leaves other usernames alone', async () => {
    const res = await login('leader-yaxi', server.demo['leader-yaxi'].password);
    expect(res.statusCode).toBe(200);
  });
});
