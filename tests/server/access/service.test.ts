import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandError } from '../../../shared/result.ts';
import { AccessService } from '../../../server/access/service.ts';
import { openSqliteStore } from '../../../server/store/sqlite-store.ts';
import type { Store } from '../../../server/store/store.ts';

/**
 * Sign-in's per-username back-off, in the service's own time (`now`): many addresses guessing one account get a
 * growing wait, the real password included, and a success starts afresh.
 */

const PASSWORD = 'right-password-1';
const T0 = 1_800_000_000_000;

let store: Store;
let access: AccessService;
let accounts = 0;

beforeAll(async () => {
  store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'gw-access-')), 'store.sqlite'));
  access = await AccessService.open(store);
});
afterAll(async () => store.close());

async function account(): Promise<string> {
  const username = `guessed-${++accounts}`;
  await access.bootstrap({
    username,
    password: PASSWORD,
    role: 'dispatcher',
    towns: null,
    unitId: null
  });
  return username;
}

let address = 0;
const from = () => `198.51.100.${++address}`;

/** the login's outcome: signed in, failed (null), or the seconds to wait */
async function login(username: string, password: string, now: number, source = from()) {
  try {
    const res = await access.login(username, password, source, now);
    return res ? 'ok' : 'failed';
  } catch (e) {
    if (e instanceof CommandError && e.detail.key === 'login_throttled')
      return { wait: e.detail.values.seconds };
    throw e;
  }
}

describe('AccessService sign-in back-off per username', () => {
  it('refuses even the right password from a new address after five failures, until the wait is over', async () => {
    const username = await account();
    for (let k = 0; k < 5; k++) expect(await login(username, 'wrong', T0 + k)).toBe('failed');
    expect(await login(username, PASSWORD, T0 + 4 + 500)).toEqual({ wait: 1 });
    expect(await login(username, PASSWORD, T0 + 4 + 1000)).toBe('ok');
  });

  it('doubles the wait with every failure, up to a minute, measured from the last failure', async () => {
    const username = await account();
    let t = T0;
    for (let k = 0; k < 5; k++) await login(username, 'wrong', t);
    const waits: unknown[] = [];
    for (let k = 0; k < 8; k++) {
      const refused = await login(username, 'wrong', t);
      waits.push(refused);
      t += (refused as { wait: number }).wait * 1000;
      expect(await login(username, 'wrong', t)).toBe('failed');
    }
    expect(waits.map((w) => (w as { wait: number }).wait)).toEqual([1, 2, 4, 8, 16, 32, 60, 60]);
  });

  it('starts afresh after a success', async () => {
    const username = await account();
    for (let k = 0; k < 4; k++) await login(username, 'wrong', T0);
    expect(await login(username, PASSWORD, T0)).toBe('ok');
    for (let k = 0; k < 4; k++) expect(await login(username, 'wrong', T0 + 1)).toBe('failed');
  });

  it('treats an unknown username exactly as a known one', async () => {
    const known = await account();
    const unknown = `nobody-${accounts}`;
    const answers = async (name: string) => {
      const out: unknown[] = [];
      for (let k = 0; k < 7; k++) out.push(await login(name, 'wrong', T0 + k * 300));
      return out;
    };
    const seen = await answers(unknown);
    expect(seen).toEqual(await answers(known));
    expect(seen).toEqual([...Array(5).fill('failed'), { wait: 1 }, { wait: 1 }]);
  });

  it('audits the start of a back-off and every attempt it refuses, with the username and the address', async () => {
    const username = await account();
    for (let k = 0; k < 5; k++) await login(username, 'wrong', T0, `203.0.113.${k}`);
    await login(username, PASSWORD, T0 + 200, '203.0.113.99');
    const log = (await access.auditLog(100)).filter((r) => r.target === username);
    const throttled = log.filter((r) => r.action === 'login.throttled');
    expect(throttled.map((r) => [r.actor, r.source, r.outcome])).toEqual([
      [username, '203.0.113.99', 'denied'],
      [username, '203.0.113.4', 'denied']
    ]);
    expect(throttled[0].detail).toEqual({ values: { waitS: 1 } });
    expect(throttled[1].detail).toEqual({ values: { failures: 5, waitS: 1 } });
    // the refused attempt never reached the password check: no login record of its own
    expect(log.filter((r) => r.action === 'login' && r.source === '203.0.113.99')).toEqual([]);
  });
});
