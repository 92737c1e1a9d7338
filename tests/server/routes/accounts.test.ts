import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, failure } from '../../../shared/result.ts';
import Database from 'better-sqlite3';
import type { AccountView, AuditRecord, SessionInfo } from '../../../shared/access.ts';
import type { Incident } from '../../../shared/domain.ts';
import { nextEvent, startServer } from '../../fixtures/server.ts';
import {
  ask,
  CHUNXI,
  cid,
  connectWith,
  disconnected,
  freshAddress,
  inject,
  pointIn,
  signIn,
  YAXI,
  type Server
} from '../access/support.ts';

/** Account administration, kiosk links and the audit log, over HTTP on a real server. */

const PASSWORD = 'a-long-secret-phrase';
const VIEW_KEYS = ['disabled', 'id', 'label', 'role', 'towns', 'unitId', 'username'];

describe('accounts, kiosks and the audit log', () => {
  let server: Server;
  let n = 0;

  const admin = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    server.as('admin', { method, url, ...(payload ? { payload } : {}) });
  const newAccount = (over: Record<string, unknown> = {}) =>
    admin('POST', '/api/accounts', {
      username: `acct-${++n}`,
      password: PASSWORD,
      role: 'dispatcher',
      towns: null,
      unitId: null,
      ...over
    });
  const audit = async (query = '') =>
    (await admin('GET', `/api/audit${query}`)).json() as AuditRecord[];
  const incidentAt = (town: string, k = 0) => {
    const [lng, lat] = pointIn(server.app.gridwatch.district, town, k);
    return { category: 'dispute', priority: 3, lng, lat, source: 'hotline', description: '纠纷' };
  };

  beforeAll(async () => {
    server = await startServer({ units: 30 });
  });
  afterAll(async () => server.close());

  describe('administration', () => {
    it('refuses unknown or malformed towns, a leader without towns, a field account without a unit, a taken or reserved name', async () => {
      const count = server.app.gridwatch.access.accounts().length;
      const bad: Array<[Record<string, unknown>, RegExp]> = [
        [{ role: 'town_leader', towns: ['320118999'] }, /unknown town 320118999/],
        [{ role: 'town_leader', towns: ['桠溪'] }, /towns/],
        [{ role: 'town_leader', towns: null }, /at least one town/],
        [{ role: 'town_leader', towns: [] }, /at least one town/],
        [{ role: 'field', unitId: null }, /bound to a unit/],
        [{ role: 'field', unitId: 'NO-SUCH-UNIT' }, /unknown unit/],
        [{ role: 'dispatcher', unitId: server.demo.field.unitId }, /not bound to a unit/],
        [{ username: 'dispatcher' }, /taken/],
        // the names the server's own actors sign the timeline with
        [{ username: 'sim' }, /reserved/],
        [{ username: 'Ladder' }, /reserved/],
        [{ password: 'short' }, /password/],
        [{ role: 'superuser' }, /role/],
        [{ passwordHash: 'scrypt$1$1$1$x$y' }, /additional|passwordHash/i]
      ];
      for (const [body, message] of bad) {
        const res = await newAccount(body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.json()).toMatchObject({ error: 'INVALID' });
        expect(res.json().message).toMatch(message);
      }
      expect(server.app.gridwatch.access.accounts()).toHaveLength(count);
    });

    it('answers 403 to every role but admin and 401 without a session, on every admin route', async () => {
      const routes: Array<['GET' | 'POST' | 'PATCH', string]> = [
        ['GET', '/api/accounts'],
        ['POST', '/api/accounts'],
        ['PATCH', '/api/accounts/x'],
        ['POST', '/api/accounts/x/revoke'],
        ['POST', '/api/kiosks'],
        ['GET', '/api/audit'],
        ['GET', '/api/audit.csv']
      ];
      for (const [method, url] of routes) {
        for (const who of ['commander', 'dispatcher', 'leader-yaxi', 'field', 'wall']) {
          const res = await server.as(who, {
            method,
            url,
            payload: method === 'GET' ? undefined : {}
          });
          expect(res.statusCode, `${who} ${method} ${url}`).toBe(403);
          expect(res.json()).toMatchObject({ error: 'FORBIDDEN' });
        }
        expect((await server.app.inject({ method, url })).statusCode).toBe(401);
      }
    });

    it('answers 404 for an account that does not exist', async () => {
      expect((await admin('PATCH', '/api/accounts/nope', { label: 'x' })).statusCode).toBe(404);
      expect((await admin('POST', '/api/accounts/nope/revoke')).statusCode).toBe(404);
    });

    it('creates an account whose password is stored hashed and never returned', async () => {
      const res = await newAccount({ label: '夜班调度' });
      expect(res.statusCode).toBe(201);
      const view = res.json() as AccountView;
      expect(Object.keys(view).sort()).toEqual(VIEW_KEYS);
      expect(view).toMatchObject({
        role: 'dispatcher',
        towns: null,
        disabled: false,
        label: '夜班调度'
      });
      expect(res.body).not.toContain(PASSWORD);

      const stored = await server.app.gridwatch.store.account(view.id);
      expect(stored!.passwordHash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[\w-]+\$[\w-]+$/);
      expect(stored!.passwordHash).not.toContain(PASSWORD);
      const list = await admin('GET', '/api/accounts');
      expect(list.body).not.toContain(PASSWORD);
      expect(list.body).not.toContain(stored!.passwordHash);
      expect(list.body).not.toMatch(/scrypt|passwordHash|kioskHash/);
      for (const a of list.json() as AccountView[])
        expect(Object.keys(a).sort()).toEqual(VIEW_KEYS);

      const session = await signIn(server, view.username, PASSWORD);
      expect(session.cookie).not.toBe('');
    });

    it('sets role and towns; the old sessions end and a new one sees only those towns', async () => {
      const view = (await newAccount()).json() as AccountView;
      const old = await signIn(server, view.username, PASSWORD);
      for (const town of [CHUNXI, YAXI]) {
        const res = await server.as('dispatcher', {
          method: 'POST',
          url: '/api/incidents',
          payload: incidentAt(town, 3)
        });
        expect(res.statusCode).toBe(201);
      }
      expect(
        (await admin('PATCH', `/api/accounts/${view.id}`, { towns: ['320118999'] })).statusCode
      ).toBe(400);
      const res = await admin('PATCH', `/api/accounts/${view.id}`, {
        role: 'town_leader',
        towns: [YAXI]
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ role: 'town_leader', towns: [YAXI] });
      expect(
        (await inject(server, old.cookie, { method: 'GET', url: '/api/session' })).statusCode
      ).toBe(401);

      const now = await signIn(server, view.username, PASSWORD);
      const info = (
        await inject(server, now.cookie, { method: 'GET', url: '/api/session' })
      ).json() as SessionInfo;
      expect(info.account).toMatchObject({ role: 'town_leader', towns: [YAXI] });
      const seen = (
        await inject(server, now.cookie, { method: 'GET', url: '/api/incidents' })
      ).json() as Incident[];
      expect(seen.length).toBeGreaterThan(0);
      expect(new Set(seen.map((i) => i.townCode))).toEqual(new Set([YAXI]));
    });

    it('disables an account: its sockets are told, its sessions end, it cannot sign in until enabled', async () => {
      const view = (await newAccount()).json() as AccountView;
      const s = await signIn(server, view.username, PASSWORD);
      const { socket } = await connectWith(server.url, { token: s.token });
      const ended = nextEvent(socket, 'session:ended');
      const gone = disconnected(socket);
      expect(
        (await admin('PATCH', `/api/accounts/${view.id}`, { disabled: true })).json()
      ).toMatchObject({
        disabled: true
      });
      expect(await ended).toEqual(['UNAUTHORIZED']);
      await gone;
      expect(
        (await inject(server, s.cookie, { method: 'GET', url: '/api/units' })).statusCode
      ).toBe(401);
      await expect(signIn(server, view.username, PASSWORD)).rejects.toThrow(/401/);
      await admin('PATCH', `/api/accounts/${view.id}`, { disabled: false });
      // enabling again lets it sign in afresh; the old session stays over
      await signIn(server, view.username, PASSWORD);
      expect(
        (await inject(server, s.cookie, { method: 'GET', url: '/api/units' })).statusCode
      ).toBe(401);
    });

    it('revokes every session of an account and leaves the account usable', async () => {
      const view = (await newAccount()).json() as AccountView;
      const one = await signIn(server, view.username, PASSWORD);
      const two = await signIn(server, view.username, PASSWORD);
      const res = await admin('POST', `/api/accounts/${view.id}/revoke`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ revoked: 2 });
      for (const s of [one, two]) {
        expect(
          (await inject(server, s.cookie, { method: 'GET', url: '/api/session' })).statusCode
        ).toBe(401);
      }
      expect((await admin('POST', `/api/accounts/${view.id}/revoke`)).json()).toEqual({
        revoked: 0
      });
      await signIn(server, view.username, PASSWORD);
    });

    it('does not let an admin disable or demote its own account', async () => {
      const me = (await server.login('admin')).info.account;
      for (const change of [{ disabled: true }, { role: 'commander' }]) {
        const res = await admin('PATCH', `/api/accounts/${me.id}`, change);
        expect(res.statusCode).toBe(400);
      }
      expect((await admin('GET', '/api/accounts')).statusCode).toBe(200);
    });
  });

  describe('kiosk links', () => {
    it('refuses a kiosk for unknown towns and a sign-in with a wrong or disabled link', async () => {
      expect(
        (await admin('POST', '/api/kiosks', { label: '大屏', towns: ['320118999'] })).statusCode
      ).toBe(400);
      expect((await admin('POST', '/api/kiosks', { label: '', towns: null })).statusCode).toBe(400);
      const wrong = await server.app.inject({
        method: 'POST',
        url: '/api/login',
        payload: { kiosk: 'x'.repeat(32) },
        remoteAddress: freshAddress()
      });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json()).toEqual(failure(ErrorCode.UNAUTHORIZED, 'kiosk_link_invalid'));
      expect(wrong.json().message).toBe('this wall link is not valid');

      const made = (await admin('POST', '/api/kiosks', { label: '停用大屏', towns: null })).json();
      await admin('PATCH', `/api/accounts/${made.account.id}`, { disabled: true });
      const secret = new URL(made.url, 'http://x').searchParams.get('kiosk')!;
      const off = await server.app.inject({
        method: 'POST',
        url: '/api/login',
        payload: { kiosk: secret },
        remoteAddress: freshAddress()
      });
      expect(off.statusCode).toBe(401);
    });

    it('names the wall’s language in its link, and refuses a language no screen speaks', async () => {
      const made = await admin('POST', '/api/kiosks', {
        label: 'English wall',
        towns: null,
        lang: 'en'
      });
      expect(made.statusCode).toBe(201);
      const url = new URL((made.json() as { url: string }).url, 'http://x');
      expect(url.pathname).toBe('/wall');
      expect(url.searchParams.get('lang')).toBe('en');
      expect(url.searchParams.get('kiosk')).toMatch(/^[\w-]{32,}$/);

      const before = (await admin('GET', '/api/accounts')).json() as AccountView[];
      const bad = await admin('POST', '/api/kiosks', {
        label: '法语大屏',
        towns: null,
        lang: 'fr'
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ error: 'INVALID' });
      expect((await admin('GET', '/api/accounts')).json()).toHaveLength(before.length);
    });

    it('makes a /wall?kiosk= link that signs in a read-only wall scoped to the kiosk’s towns', async () => {
      const made = await admin('POST', '/api/kiosks', { label: '桠溪大屏', towns: [YAXI] });
      expect(made.statusCode).toBe(201);
      const { account, url } = made.json() as { account: AccountView; url: string };
      expect(url).toMatch(/^\/wall\?kiosk=[\w-]{32,}$/);
      expect(account).toMatchObject({
        role: 'wall',
        towns: [YAXI],
        label: '桠溪大屏',
        unitId: null
      });
      const secret = new URL(url, 'http://x').searchParams.get('kiosk')!;
      // the link is shown once: nothing lists it afterwards
      expect((await admin('GET', '/api/accounts')).body).not.toContain(secret);
      // a kiosk secret is not a password
      const asPassword = await server.app.inject({
        method: 'POST',
        url: '/api/login',
        payload: { username: account.username, password: secret },
        remoteAddress: freshAddress()
      });
      expect(asPassword.statusCode).toBe(401);

      const res = await server.app.inject({
        method: 'POST',
        url: '/api/login',
        payload: { kiosk: secret },
        remoteAddress: freshAddress()
      });
      expect(res.statusCode).toBe(200);
      const info = res.json() as SessionInfo;
      expect(info.account).toMatchObject({ role: 'wall', towns: [YAXI] });
      const cookie = res.cookies.find((c) => c.name === 'gw_session')!;
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

      await server.as('dispatcher', {
        method: 'POST',
        url: '/api/incidents',
        payload: incidentAt(CHUNXI, 4)
      });
      await server.as('dispatcher', {
        method: 'POST',
        url: '/api/incidents',
        payload: incidentAt(YAXI, 4)
      });
      const { socket, sync } = await connectWith(server.url, { token: info.token });
      expect(sync.account.towns).toEqual([YAXI]);
      expect(sync.incidents!.length).toBeGreaterThan(0);
      expect(sync.incidents!.every((i) => i.townCode === YAXI)).toBe(true);
      const create = await ask(socket, 'incident:create', {
        commandId: cid('wall'),
        ...incidentAt(YAXI, 5)
      });
      expect(create).toMatchObject({ ok: false, error: 'FORBIDDEN' });
      socket.close();
      const post = await inject(server, cookie.value, {
        method: 'POST',
        url: '/api/incidents',
        payload: incidentAt(YAXI, 5)
      });
      expect(post.statusCode).toBe(403);
    });
  });

  describe('audit log', () => {
    it('refuses a malformed page request', async () => {
      for (const q of ['?limit=abc', '?limit=-1', '?before=1e9', '?limit=99999']) {
        expect((await admin('GET', `/api/audit${q}`)).statusCode, q).toBe(400);
      }
    });

    it('records sign-ins ok and failed, sign-outs, account changes and commands, newest first', async () => {
      const failedFrom = freshAddress();
      const bad = await server.app.inject({
        method: 'POST',
        url: '/api/login',
        payload: { username: 'dispatcher', password: 'not-the-password' },
        remoteAddress: failedFrom
      });
      expect(bad.statusCode).toBe(401);
      const view = (await newAccount()).json() as AccountView;
      const s = await signIn(server, view.username, PASSWORD);
      const outFrom = freshAddress();
      await server.app.inject({
        method: 'POST',
        url: '/api/logout',
        cookies: { gw_session: s.cookie },
        remoteAddress: outFrom
      });
      await admin('PATCH', `/api/accounts/${view.id}`, { label: '改名' });
      const dispatcher = await server.client('dispatcher');
      const leader = await server.client('leader-yaxi');
      const made = await ask<Incident>(dispatcher.socket, 'incident:create', {
        commandId: cid('aud'),
        ...incidentAt(CHUNXI, 8)
      });
      expect(made.ok).toBe(true);
      const denied = await ask(leader.socket, 'incident:create', {
        commandId: cid('aud'),
        ...incidentAt(CHUNXI, 8)
      });
      expect(denied).toMatchObject({ ok: false, error: 'FORBIDDEN' });
      const incidentId = made.ok ? made.data.id : '';
      const unitId = dispatcher.sync.units.find((u) => u.status === 'available')!.id;
      const first = await ask(dispatcher.socket, 'dispatch:assign', {
        commandId: cid('aud'),
        incidentId,
        unitId
      });
      expect(first.ok).toBe(true);
      // the same unit again: it is busy now
      const again = await ask(dispatcher.socket, 'dispatch:assign', {
        commandId: cid('aud'),
        incidentId,
        unitId
      });
      expect(again).toMatchObject({ ok: false, error: 'UNIT_UNAVAILABLE' });
      dispatcher.socket.close();
      leader.socket.close();

      const log = await audit('?limit=50');
      const ids = log.map((r) => r.id);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      expect(log.map((r) => r.at)).toEqual(log.map((r) => r.at).sort((a, b) => b - a));
      const find = (match: Partial<AuditRecord>) => {
        const hit = log.find((r) =>
          Object.entries(match).every(([k, v]) => r[k as keyof AuditRecord] === v)
        );
        if (!hit) throw new Error(`no audit record like ${JSON.stringify(match)}`);
        return hit;
      };
      const steps = [
        find({ action: 'login', actor: 'dispatcher', outcome: 'failed', source: failedFrom }),
        find({
          action: 'account.create',
          actor: 'admin',
          target: view.username,
          outcome: 'ok',
          source: '127.0.0.1'
        }),
        find({ action: 'login', actor: view.username, outcome: 'ok', source: s.address }),
        find({ action: 'logout', actor: view.username, outcome: 'ok', source: outFrom }),
        find({ action: 'account.update', actor: 'admin', target: view.username, outcome: 'ok' }),
        find({ action: 'incident.create', actor: 'dispatcher', outcome: 'ok' }),
        find({ action: 'incident.create', actor: 'leader-yaxi', outcome: 'denied' }),
        find({ action: 'dispatch.assign', actor: 'dispatcher', outcome: 'failed' })
      ];
      // a refusal is recorded as the refusal, with the command's facts beside it
      expect(steps[7].detail).toMatchObject({
        values: { incident: incidentId, unit: unitId },
        refusal: { key: 'unit_busy' }
      });
      // in the order they happened: each later step has a higher id
      expect(steps.map((r) => r.id)).toEqual([...steps.map((r) => r.id)].sort((a, b) => a - b));
      const byCommand = steps.slice(5);
      for (const r of byCommand) expect(r.source).toMatch(/127\.0\.0\.1$/);
      expect(steps[6].detail.refusal?.key).toBe('outside_jurisdiction');
      expect(steps[4].detail.values).toMatchObject({ name: '改名' });
      // each record names the person as they were called then
      expect(steps[5]).toMatchObject({
        actorName: '王建国',
        detail: { values: { incident: incidentId } }
      });
      expect(steps[1].actorName).toBe('周建华');

      const page = await audit('?limit=3');
      expect(page.map((r) => r.id)).toEqual(ids.slice(0, 3));
      const next = await audit(`?limit=3&before=${page[2].id}`);
      expect(next.map((r) => r.id)).toEqual(ids.slice(3, 6));
    });

    it('records a command its role refuses as denied, on a socket and over HTTP', async () => {
      const wall = await server.client('wall');
      const refused = await ask(wall.socket, 'incident:create', {
        commandId: cid('aud'),
        ...incidentAt(YAXI, 9)
      });
      expect(refused).toMatchObject({ ok: false, error: 'FORBIDDEN' });
      wall.socket.close();
      const post = await server.as('wall', {
        method: 'POST',
        url: '/api/incidents',
        payload: incidentAt(YAXI, 9)
      });
      expect(post.statusCode).toBe(403);
      const log = await audit('?limit=20');
      const denied = log.filter((r) => r.actor === 'wall' && r.outcome === 'denied');
      expect(denied.map((r) => r.action)).toEqual(['incident.create', 'incident.create']);
    });

    it('exports the log as CSV: a header, one quoted-where-needed row per record, formulas defused', async () => {
      const sly = '=HYPERLINK("http://x.example"),"a,b"';
      await server.app.inject({
        method: 'POST',
        url: '/api/login',
        payload: { username: sly, password: 'x' },
        remoteAddress: freshAddress()
      });
      const res = await admin('GET', '/api/audit.csv');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[\w.-]+\.csv"$/);
      expect(res.body.startsWith('\ufeff')).toBe(true);
      expect(res.body.endsWith('\r\n')).toBe(true);
      const rows = parseCsv(res.body.slice(1));
      expect(rows[0]).toEqual([
        'id',
        'time',
        'actor',
        'actor_name',
        'action',
        'target',
        'source',
        'outcome',
        'detail'
      ]);
      expect(rows.slice(1).every((r) => r.length === 9)).toBe(true);
      expect(rows.length - 1).toBe((await audit('?limit=1000')).length);
      const row = rows.find((r) => r[2].includes('HYPERLINK'))!;
      expect(row[2]).toBe(`'${sly}`);
      expect(res.body).toContain(`"'=HYPERLINK(""http://x.example""),""a,b"""`);
      expect(row[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      // for machines and auditors the detail is English, the name beside the login name
      const created = rows.find((r) => r[4] === 'account.create' && r[2] === 'system')!;
      expect(created[8]).toMatch(/^display name: .+; role: \w+; towns: /);
      const signedIn = rows.find((r) => r[4] === 'login' && r[2] === 'admin' && r[7] === 'ok')!;
      expect(signedIn[3]).toBe('周建华');
    });

    it('keeps the audit table append-only: the store refuses UPDATE and DELETE', () => {
      const db = new Database(join(server.dataDir, 'gridwatch.sqlite'));
      try {
        const count = () =>
          (db.prepare('SELECT COUNT(*) AS n FROM audit').get() as { n: number }).n;
        const before = count();
        expect(before).toBeGreaterThan(0);
        expect(() =>
          db.prepare("UPDATE audit SET outcome = 'ok' WHERE outcome = 'failed'").run()
        ).toThrow(/append-only/);
        expect(() => db.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
        expect(count()).toBe(before);
      } finally {
        db.close();
      }
    });
  });
});

/** RFC 4180: CRLF-separated records, cells quoted when they hold a comma, quote or line break. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell !== '' || row.length) throw new Error('CSV does not end with CRLF');
  return rows;
}
