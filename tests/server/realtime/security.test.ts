import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, failure } from '../../../shared/result.ts';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { sha256 } from '../../../server/access/service.ts';
import { TokenSigner } from '../../../server/access/tokens.ts';
import { MAX_FRAME_BYTES } from '../../../server/realtime/socket.ts';
import { nextEvent, startServer, type TestSocket } from '../../fixtures/server.ts';
import {
  ask,
  CHUNXI,
  cid,
  connectWith,
  disconnected,
  freshAddress,
  inject,
  pointIn,
  refusal,
  signIn,
  tokenFor,
  type Server
} from '../access/support.ts';

/**
 * The socket's and the sign-in's defences, on a real server: handshake tokens (forged, expired, from a revoked or
 * disabled account), same-origin handshakes, oversized frames, per-socket rate limits, and login answers that say
 * nothing about which usernames exist.
 */

const SPARE_PASSWORD = 'spare-password-1';

describe('realtime security', () => {
  let server: Server;
  let secret: string;
  let accounts = 0;

  /** a fresh dispatcher account, signed in once */
  async function spareAccount() {
    const username = `sec-${++accounts}`;
    const { id } = await server.app.gridwatch.access.bootstrap({
      username,
      password: SPARE_PASSWORD,
      role: 'dispatcher',
      towns: null,
      unitId: null
    });
    const session = await signIn(server, username, SPARE_PASSWORD);
    return { id, username, ...session };
  }

  const healthz = async () =>
    (await server.app.inject({ method: 'GET', url: '/healthz' })).json() as {
      sockets: { rateLimited: number; refusedHandshakes: number };
    };

  beforeAll(async () => {
    server = await startServer({ units: 30 });
    secret = server.tokenSecret;
  });
  afterAll(async () => server.close());

  describe('handshake tokens', () => {
    it('refuses a handshake with no token, an empty one, or one of the wrong type', async () => {
      for (const auth of [
        {},
        { token: '' },
        { token: 42 },
        { token: { hash: 'x' } },
        { token: null }
      ]) {
        expect(await refusal(server.url, auth), JSON.stringify(auth)).toBe('UNAUTHORIZED');
      }
    });

    it('refuses a forged token: another key, a stretched expiry, another session, garbage', async () => {
      const { cookie, token } = await spareAccount();
      const [hash, exp, mac] = token.split('.');
      const forged = [
        new TokenSigner(TokenSigner.newSecret()).sign(sha256(cookie), Date.now() + 60_000),
        `${hash}.${Number(exp) + 3_600_000}.${mac}`,
        `${sha256('another cookie')}.${exp}.${mac}`,
        `${hash}.${exp}.${mac.slice(0, -2)}AA`,
        `${hash}.${exp}`,
        'not-a-token',
        `${token}.${'x'.repeat(300)}`
      ];
      for (const t of forged)
        expect(await refusal(server.url, { token: t }), t).toBe('UNAUTHORIZED');
      // the genuine token still works, so the refusals above were about the forgery
      const { socket } = await connectWith(server.url, { token });
      socket.close();
    });

    it('refuses a token signed with the server’s own key once it has expired', async () => {
      const { cookie } = await spareAccount();
      const signer = new TokenSigner(secret);
      const before = (await healthz()).sockets.refusedHandshakes;
      const expired = signer.sign(sha256(cookie), Date.now() - 1);
      expect(await refusal(server.url, { token: expired })).toBe('UNAUTHORIZED');
      expect((await healthz()).sockets.refusedHandshakes).toBe(before + 1);
      const live = signer.sign(sha256(cookie), Date.now() + 30_000);
      const { socket, sync } = await connectWith(server.url, { token: live });
      expect(sync.account.role).toBe('dispatcher');
      socket.close();
    });
  });

  it('does not let a copy of the store open a socket as a live session', async () => {
    // the store keeps only hashes of session cookies, so that a copy of it hands out no live session
    const { id } = await spareAccount();
    const backup = join(mkdtempSync(join(tmpdir(), 'gw-copy-')), 'copy.sqlite');
    const live = new Database(join(server.dataDir, 'gridwatch.sqlite'));
    live.prepare('VACUUM INTO ?').run(backup);
    live.close();
    const copy = new Database(backup, { readonly: true });
    const row = copy
      .prepare('SELECT id_hash FROM sessions WHERE account_id = ? AND revoked_at IS NULL')
      .get(id) as { id_hash: string };
    copy.close();
    expect(row).toBeDefined();
    // the signing key is nowhere in the copy, so the session hash it holds cannot be turned into a token
    expect(readFileSync(backup).includes(Buffer.from(secret))).toBe(false);
    const guessed = new TokenSigner(randomBytes(32).toString('base64url')).sign(
      row.id_hash,
      Date.now() + 60_000
    );
    expect(await refusal(server.url, { token: guessed })).toBe('UNAUTHORIZED');
  });

  describe('revocation', () => {
    it('ends the socket of a session that signs out, and no other session’s', async () => {
      const a = await spareAccount();
      const other = await signIn(server, a.username, SPARE_PASSWORD);
      const one = await connectWith(server.url, { token: a.token });
      const two = await connectWith(server.url, { token: other.token });
      const ended = nextEvent(one.socket, 'session:ended');
      const out = await inject(server, a.cookie, { method: 'POST', url: '/api/logout' });
      expect(out.statusCode).toBe(204);
      expect(await ended).toEqual(['UNAUTHORIZED']);
      await disconnected(one.socket);
      expect(await ask(two.socket, 'dispatch:recommend', { incidentId: 'none' })).toMatchObject({
        error: 'NOT_FOUND'
      });
      two.socket.close();
    });

    for (const how of ['sessions revoked', 'account disabled'] as const) {
      it(`refuses a reconnect with a token taken before the ${how}, and ends the live socket at once`, async () => {
        const a = await spareAccount();
        const spare = await tokenFor(server, a.cookie);
        const live = await connectWith(server.url, { token: a.token });
        const bystander = await server.client('dispatcher');
        const ended = nextEvent(live.socket, 'session:ended');
        const gone = disconnected(live.socket);
        const res =
          how === 'sessions revoked'
            ? await server.as('admin', { method: 'POST', url: `/api/accounts/${a.id}/revoke` })
            : await server.as('admin', {
                method: 'PATCH',
                url: `/api/accounts/${a.id}`,
                payload: { disabled: true }
              });
        expect(res.statusCode).toBe(200);
        expect(await ended).toEqual(['UNAUTHORIZED']);
        expect(await gone).toBe('io server disconnect');
        // the spare token is well within its minute, but its session is over
        expect(await refusal(server.url, { token: spare })).toBe('UNAUTHORIZED');
        expect(
          (await inject(server, a.cookie, { method: 'GET', url: '/api/session' })).statusCode
        ).toBe(401);
        // nobody else was touched
        expect(bystander.socket.connected).toBe(true);
        expect(
          await ask(bystander.socket, 'dispatch:recommend', { incidentId: 'none' })
        ).toMatchObject({
          error: 'NOT_FOUND'
        });
        bystander.socket.close();
      });
    }
  });

  describe('origin', () => {
    const raw = (origin: string | null) =>
      new Promise<'open' | number | string>((resolve) => {
        const port = new URL(server.url).port;
        const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`, {
          headers: origin ? { origin } : {}
        });
        ws.on('open', () => {
          ws.close();
          resolve('open');
        });
        ws.on('unexpected-response', (_req, res) => {
          resolve(res.statusCode ?? 'no status');
          res.resume();
          ws.terminate();
        });
        ws.on('error', (e) => resolve(e.message));
      });

    it('refuses a WebSocket handshake from another origin, even one on another port', async () => {
      const before = (await healthz()).sockets.refusedHandshakes;
      const port = Number(new URL(server.url).port);
      const foreign = ['http://evil.example', `http://127.0.0.1:${port + 1}`, 'null', 'not a url'];
      for (const origin of foreign) expect(await raw(origin), origin).not.toBe('open');
      expect((await healthz()).sockets.refusedHandshakes).toBeGreaterThanOrEqual(
        before + foreign.length
      );
    });

    it('refuses a socket.io client that sends another origin, over websocket and over polling', async () => {
      const { token } = await spareAccount();
      for (const transports of [['websocket'], ['polling']]) {
        const message = await refusal(
          server.url,
          { token },
          {
            transports,
            extraHeaders: { origin: 'http://evil.example' }
          }
        );
        expect(message, transports[0]).not.toBe('UNAUTHORIZED');
      }
    });

    it('accepts a handshake from the same origin, and one with no origin (not a browser)', async () => {
      expect(await raw(server.url)).toBe('open');
      expect(await raw(null)).toBe('open');
      const { token } = await spareAccount();
      const { socket } = await connectWith(
        server.url,
        { token },
        { extraHeaders: { origin: server.url } }
      );
      expect(socket.connected).toBe(true);
      socket.close();
    });
  });

  describe('abuse', () => {
    it('closes only the socket that sends a frame over the limit; another client keeps its acks and frames', async () => {
      const loud = await server.client('dispatcher');
      const quiet = await server.client('dispatcher');
      const seq = server.app.gridwatch.dispatch.seq;
      const closed = disconnected(loud.socket);
      const [lng, lat] = pointIn(server.app.gridwatch.district, CHUNXI);
      (loud.socket.emit as (...a: unknown[]) => void)('incident:create', {
        commandId: cid('big'),
        category: 'dispute',
        priority: 3,
        lng,
        lat,
        source: 'hotline',
        description: 'x'.repeat(MAX_FRAME_BYTES + 1)
      });
      expect(await closed).toMatch(/transport/);
      expect(server.app.gridwatch.dispatch.seq).toBe(seq);
      expect(await ask(quiet.socket, 'dispatch:recommend', { incidentId: 'none' })).toMatchObject({
        error: 'NOT_FOUND'
      });
      const unit = quiet.sync.units[0];
      const moved = nextEvent(quiet.socket, 'units:moved', (f) => f.byteLength > 16);
      server.app.gridwatch.live.report({ unitId: unit.id, lng, lat, time: Date.now() }, Date.now());
      await moved;
      quiet.socket.close();
    });

    it('answers requests over a socket’s budget with RATE_LIMITED, counts them, and spares other sockets', async () => {
      const noisy: TestSocket = (await server.client('dispatcher')).socket;
      const calm: TestSocket = (await server.client('dispatcher')).socket;
      const before = (await healthz()).sockets.rateLimited;
      const answers = await Promise.all(
        Array.from({ length: 100 }, () => ask(noisy, 'dispatch:recommend', { incidentId: 'none' }))
      );
      const limited = answers.filter((r) => !r.ok && r.error === 'RATE_LIMITED').length;
      const served = answers.filter((r) => !r.ok && r.error === 'NOT_FOUND').length;
      expect(served + limited).toBe(100);
      // a burst of 40, and a few refilled while the 100 went out
      expect(served).toBeGreaterThanOrEqual(40);
      expect(limited).toBeGreaterThanOrEqual(50);
      expect((await healthz()).sockets.rateLimited).toBe(before + limited);
      expect(await ask(calm, 'dispatch:recommend', { incidentId: 'none' })).toMatchObject({
        error: 'NOT_FOUND'
      });
      noisy.close();
      calm.close();
    });
  });

  describe('sign-in', () => {
    const login = (username: string, password: string) =>
      server.app.inject({
        method: 'POST',
        url: '/api/login',
        payload: { username, password },
        remoteAddress: freshAddress()
      });

    it('answers an unknown user, a wrong password and a disabled account byte for byte alike', async () => {
      const a = await spareAccount();
      const disabled = await server.as('admin', {
        method: 'PATCH',
        url: `/api/accounts/${a.id}`,
        payload: { disabled: true }
      });
      expect(disabled.statusCode).toBe(200);
      const unknown = await login('nobody-here', 'whatever-password');
      const wrong = await login('dispatcher', 'whatever-password');
      const off = await login(a.username, SPARE_PASSWORD);
      for (const res of [unknown, wrong, off]) {
        expect(res.statusCode).toBe(401);
        expect(res.headers['set-cookie']).toBeUndefined();
        expect(res.headers['content-type']).toBe(unknown.headers['content-type']);
        expect(res.rawPayload.equals(unknown.rawPayload)).toBe(true);
      }
      expect(unknown.json()).toEqual(failure(ErrorCode.UNAUTHORIZED, 'login_failed'));
      expect(unknown.json().message).toBe('wrong username or password');
    });

    it('limits sign-in to 10 attempts a minute from one address, right password or not', async () => {
      const fresh = await startServer({ units: 5 });
      try {
        const { password } = fresh.demo.dispatcher;
        const from = (remoteAddress: string, pw: string, username = 'dispatcher') =>
          fresh.app.inject({
            method: 'POST',
            url: '/api/login',
            payload: { username, password: pw },
            remoteAddress
          });
        const codes: number[] = [];
        // a name of its own each time: five failures for one name start that name's back-off
        for (let i = 0; i < 10; i++)
          codes.push((await from('192.0.2.7', 'wrong-password', `guess-${i}`)).statusCode);
        expect(codes).toEqual(Array(10).fill(401));
        const eleventh = await from('192.0.2.7', password);
        expect(eleventh.statusCode).toBe(429);
        // how long to wait, in the refusal a screen words (请 N 秒后再试) and in the English message
        const wait = eleventh.json().detail.values.seconds;
        expect(wait).toBeGreaterThan(0);
        expect(wait).toBeLessThanOrEqual(60);
        expect(eleventh.json()).toEqual(
          failure(ErrorCode.RATE_LIMITED, 'login_throttled', { seconds: wait })
        );
        expect(eleventh.headers['set-cookie']).toBeUndefined();
        expect((await from('192.0.2.8', password)).statusCode).toBe(200);
      } finally {
        await fresh.close();
      }
    });
  });
});
