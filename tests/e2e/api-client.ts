import type { SessionInfo } from '../../shared/access.ts';
import type { DemoAccount } from './server-process.ts';

/**
 * The HTTP API as a signed-in account, for what a test does outside the page: report an incident as a hotline
 * integration would, read what the server holds, take a socket token. It signs in once (`POST /api/login` is
 * rate-limited) and sends the session cookie by hand; Node's fetch keeps no cookie jar.
 */
export class ApiClient {
  readonly #base: string;
  readonly #cookie: string;

  private constructor(base: string, cookie: string) {
    this.#base = base;
    this.#cookie = cookie;
  }

  static async signIn(base: string, account: DemoAccount): Promise<ApiClient> {
    const res = await fetch(`${base}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: account.username, password: account.password })
    });
    if (res.status !== 200) {
      throw new Error(`sign in as ${account.username}: HTTP ${res.status} ${await res.text()}`);
    }
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .find((c) => c.startsWith('gw_session='));
    if (!cookie) throw new Error(`sign in as ${account.username}: no gw_session cookie`);
    return new ApiClient(base, cookie);
  }

  get(path: string): Promise<Response> {
    return fetch(`${this.#base}${path}`, { headers: { cookie: this.#cookie } });
  }

  post(path: string, body: unknown): Promise<Response> {
    return fetch(`${this.#base}${path}`, {
      method: 'POST',
      headers: { cookie: this.#cookie, 'content-type': 'application/json' },
      body: JSON.stringify(body)
    });
  }

  async json<T>(path: string): Promise<T> {
    const res = await this.get(path);
    if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  /** a fresh handshake token for a socket of this session */
  async socketToken(): Promise<string> {
    return (await this.json<SessionInfo>('/api/session')).token;
  }
}
