import type { AccountView, SessionInfo } from '../../../shared/access.ts';
import type { ErrorCode } from '../../../shared/result.ts';
import { Api, request } from './api.ts';
import { errorText } from './errors.ts';
import { msg } from './i18n.ts';
import type { LiveAuth } from './live.svelte.ts';

/**
 * Who is signed in on this page. The session itself is an HttpOnly cookie the page cannot read: this asks the
 * server (`GET /api/session`) and keeps the account it answers with. Sockets get a fresh short-lived token for
 * every (re)connect through `socketToken()`. When the server says the session is over, `account` turns null and
 * the router's guard takes the page to /login, where `notice` says why.
 */

export type SessionStatus = 'loading' | 'ready' | 'failed';

/** why the login page is shown, when it is not the user's own doing */
export type SessionNotice = { kind: 'ended' } | { kind: 'kiosk'; detail: string } | null;

export class Session implements LiveAuth {
  #status = $state<SessionStatus>('loading');
  #error = $state('');
  #account = $state.raw<AccountView | null>(null);
  #notice = $state.raw<SessionNotice>(null);
  readonly api = new Api(() => this.end('UNAUTHORIZED'));

  get status(): SessionStatus {
    return this.#status;
  }
  /** why the session could not be checked, when status is failed */
  get error(): string {
    return this.#error;
  }
  get account(): AccountView | null {
    return this.#account;
  }
  get notice(): SessionNotice {
    return this.#notice;
  }

  /** First look at the page: sign in with a wall's kiosk secret if the link had one, then ask who we are. */
  async start(kioskSecret: string | null = null): Promise<void> {
    this.#status = 'loading';
    if (kioskSecret !== null) {
      const res = await request<SessionInfo>('POST', '/api/login', { kiosk: kioskSecret });
      if (res.ok) {
        this.#signedIn(res.data);
        return;
      }
      // why, in the screen's words: an unknown link, too many attempts
      this.#notice = { kind: 'kiosk', detail: errorText(res) };
    }
    const res = await request<SessionInfo>('GET', '/api/session');
    if (res.ok) this.#signedIn(res.data);
    else if (res.status === 401) {
      this.#account = null;
      this.#status = 'ready';
    } else {
      this.#error = errorText(res);
      this.#status = 'failed';
    }
  }

  /** Signs in with a password; resolves with null on success, or the line to show under the form. */
  async login(username: string, password: string): Promise<string | null> {
    const res = await request<SessionInfo>('POST', '/api/login', { username, password });
    if (res.ok) {
      this.#signedIn(res.data);
      return null;
    }
    // a 401 here is a wrong username or password (the server does not say which), not a lost session
    if (res.error === 'UNAUTHORIZED') {
      return errorText(res, msg.login.failed);
    }
    return errorText(res);
  }

  /**
   * Ends the session on the server; the page forgets it whatever the server answers. `leave` runs just before the
   * account clears, in the same tick, so the page can go to /login itself rather than be sent there with `next`.
   */
  async logout(leave?: () => void): Promise<void> {
    await request<null>('POST', '/api/logout');
    leave?.();
    this.#notice = null;
    this.#account = null;
  }

  /** A fresh socket token; null when there is no session any more. Throws when that cannot be told (network). */
  async socketToken(): Promise<string | null> {
    const res = await request<SessionInfo>('GET', '/api/session');
    if (res.ok) return res.data.token;
    if (res.status === 401) return null;
    throw new Error(`GET /api/session: ${res.status || res.error}`);
  }

  /** The server ended the session (revoked, disabled, expired): back to the login page with a notice. */
  end(_reason: ErrorCode): void {
    if (!this.#account) return;
    this.#notice = { kind: 'ended' };
    this.#account = null;
  }

  /** Who the server takes a socket for, from its sync: the server's word wins. */
  adopt(account: AccountView): void {
    if (this.#account && !sameAccount(this.#account, account)) this.#account = account;
  }

  /** Clears the notice once the user starts typing again. */
  dismissNotice(): void {
    this.#notice = null;
  }

  #signedIn(info: SessionInfo): void {
    this.#account = info.account;
    this.#notice = null;
    this.#status = 'ready';
  }
}

function sameAccount(a: AccountView, b: AccountView): boolean {
  return (
    a.id === b.id &&
    a.role === b.role &&
    a.label === b.label &&
    a.unitId === b.unitId &&
    a.disabled === b.disabled &&
    JSON.stringify(a.towns) === JSON.stringify(b.towns)
  );
}
