import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { detail, type AuditValues } from '../../shared/audit-detail.ts';
import type {
  AccountCreate,
  AccountUpdate,
  AccountView,
  AuditRecord,
  KioskCreate,
  SessionInfo
} from '../../shared/access.ts';
import { CommandError, ErrorCode } from '../../shared/result.ts';
import type { AccountRecord, SessionRecord, Store } from '../store/store.ts';
import { DECOY_HASH, hashPassword, verifyPassword } from './passwords.ts';
import { Scope } from './scope.ts';
import { TokenSigner } from './tokens.ts';
import { RESERVED_NAMES, checkShape, describe, sameTowns, view } from './account-rules.ts';
import { BASE_MS, FREE_FAILURES, LoginBackoff } from './login-backoff.ts';

/**
 * Accounts, sessions and the audit log. A login makes a session (an HttpOnly cookie holds its random id; the store
 * keeps only its hash) and hands out short-lived socket tokens. Accounts are cached in memory so the per-request
 * check (live, unexpired, not revoked, account enabled) costs no I/O; every change goes to the store first.
 */

export const SESSION_MS = 12 * 60 * 60_000;
export const TOKEN_MS = 60_000;

export interface Session {
  idHash: string;
  account: AccountView;
  scope: Scope;
  createdAt: number;
  expiresAt: number;
}

export type RevocationListener = (accountId: string, sessionHash: string | null) => void;

export class AccessService {
  readonly #store: Store;
  readonly #signer: TokenSigner;
  readonly #accounts = new Map<string, AccountRecord>();
  readonly #revoked = new Set<string>();
  /** account id → when all its sessions were last revoked */
  readonly #revokedAt = new Map<string, number>();
  readonly #listeners = new Set<RevocationListener>();
  readonly #backoff = new LoginBackoff();

  private constructor(store: Store, signer: TokenSigner) {
    this.#store = store;
    this.#signer = signer;
  }

  /**
   * `tokenSecret` signs socket tokens. It is never stored with the sessions: a copy of the store must not be able to
   * mint a token for a live session. Without one, each process makes its own (tokens live a minute, so a restart
   * costs a client one `GET /api/session`); nodes that share sessions are given the same one (TOKEN_SECRET).
   */
  static async open(store: Store, tokenSecret: string | null = null): Promise<AccessService> {
    const s = new AccessService(store, new TokenSigner(tokenSecret ?? TokenSigner.newSecret()));
    for (const a of await store.accounts()) s.#accounts.set(a.id, a);
    return s;
  }

  get accountCount(): number {
    return this.#accounts.size;
  }

  onRevoke(l: RevocationListener): () => void {
    this.#listeners.add(l);
    return () => this.#listeners.delete(l);
  }

  /**
   * Same answer, same cost, for an unknown user and a wrong password. A username in back-off (login-backoff.ts)
   * is refused before its password is looked at, right or wrong: a CommandError `login_throttled` with the seconds
   * to wait.
   */
  async login(
    username: string,
    password: string,
    source: string,
    now = Date.now()
  ): Promise<{ cookie: string; info: SessionInfo } | null> {
    const attempt = this.#backoff.attempt(username, now);
    if (!attempt.ok) {
      const seconds = Math.ceil(attempt.waitMs / 1000);
      await this.#auditThrottled(username, source, { waitS: seconds }, now);
      throw new CommandError(ErrorCode.RATE_LIMITED, 'login_throttled', { seconds });
    }
    const acc = [...this.#accounts.values()].find((a) => a.username === username);
    const ok = await verifyPassword(password, acc?.passwordHash || DECOY_HASH);
    if (!acc || !ok || acc.disabled) {
      await this.audit(
        {
          actor: username,
          action: 'login',
          target: username,
          source,
          outcome: 'failed',
          detail: detail()
        },
        now
      );
      if (attempt.failures === FREE_FAILURES) {
        // the back-off starts: BASE_MS, doubling up to MAX_MS
        const values = { failures: FREE_FAILURES, waitS: BASE_MS / 1000 };
        await this.#auditThrottled(username, source, values, now);
      }
      return null;
    }
    this.#backoff.succeeded(username);
    return this.#startSession(acc, source, now, 'login');
  }

  async kioskLogin(
    secret: string,
    source: string,
    now = Date.now()
  ): Promise<{ cookie: string; info: SessionInfo } | null> {
    const acc = await this.#store.accountByKioskHash(sha256(secret));
    const live = acc && this.#accounts.get(acc.id);
    if (!live || live.disabled || live.kioskHash !== sha256(secret)) {
      await this.audit(
        {
          actor: 'kiosk',
          action: 'login',
          target: 'kiosk',
          source,
          outcome: 'failed',
          detail: detail()
        },
        now
      );
      return null;
    }
    return this.#startSession(live, source, now, 'kiosk login');
  }

  /** The live session behind a cookie value, or null. */
  async fromCookie(cookie: string | undefined, now = Date.now()): Promise<Session | null> {
    if (!cookie || cookie.length > 100) return null;
    return this.#live(sha256(cookie), now);
  }

  /** The live session behind a socket token, or null. */
  async fromToken(token: unknown, now = Date.now()): Promise<Session | null> {
    const hash = this.#signer.verify(token, now);
    return hash ? this.#live(hash, now) : null;
  }

  sessionInfo(s: Session, now = Date.now()): SessionInfo {
    const tokenExpiresAt = Math.min(now + TOKEN_MS, s.expiresAt);
    return {
      account: s.account,
      token: this.#signer.sign(s.idHash, tokenExpiresAt),
      tokenExpiresAt
    };
  }

  /** Cheap per-request check for a session already established: no I/O. */
  stillValid(s: Session, now = Date.now()): boolean {
    if (now >= s.expiresAt || this.#revoked.has(s.idHash)) return false;
    // revoking an account ends every session it had then, including one whose socket was mid-handshake
    if (s.createdAt <= (this.#revokedAt.get(s.account.id) ?? -Infinity)) return false;
    const acc = this.#accounts.get(s.account.id);
    return (
      !!acc && !acc.disabled && acc.role === s.account.role && sameTowns(acc.towns, s.account.towns)
    );
  }

  async logout(s: Session, source: string, now = Date.now()): Promise<void> {
    await this.#store.revokeSession(s.idHash, now);
    this.#revoked.add(s.idHash);
    await this.audit(
      {
        actor: s.account.username,
        action: 'logout',
        target: s.account.username,
        source,
        outcome: 'ok',
        detail: detail()
      },
      now
    );
    for (const l of this.#listeners) l(s.account.id, s.idHash);
  }

  accounts(): AccountView[] {
    return [...this.#accounts.values()]
      .map(view)
      .sort((a, b) => a.username.localeCompare(b.username));
  }

  async createAccount(
    c: AccountCreate,
    by: Scope,
    source: string,
    now = Date.now()
  ): Promise<AccountView> {
    // the server's own actors sign the timeline with these names; no account may take one
    if (RESERVED_NAMES.includes(c.username.toLowerCase())) {
      throw new CommandError(ErrorCode.INVALID, 'username_reserved', { username: c.username });
    }
    if ([...this.#accounts.values()].some((a) => a.username === c.username)) {
      throw new CommandError(ErrorCode.INVALID, 'username_taken', { username: c.username });
    }
    const rec = await newRecord(c, now);
    await this.#store.putAccount(rec);
    this.#accounts.set(rec.id, rec);
    await this.audit(
      {
        actor: by.actor,
        action: 'account.create',
        target: rec.username,
        source,
        outcome: 'ok',
        detail: detail(describe(rec))
      },
      now
    );
    return view(rec);
  }

  async updateAccount(
    id: string,
    u: AccountUpdate,
    by: Scope,
    source: string,
    now = Date.now()
  ): Promise<AccountView> {
    const old = this.#accounts.get(id);
    if (!old) throw new CommandError(ErrorCode.NOT_FOUND, 'not_found', { kind: 'account', id });
    const next: AccountRecord = {
      ...old,
      role: u.role ?? old.role,
      towns: u.towns === undefined ? old.towns : u.towns,
      unitId: u.unitId === undefined ? old.unitId : u.unitId,
      disabled: u.disabled ?? old.disabled,
      label: u.label ?? old.label,
      passwordHash: u.password ? await hashPassword(u.password) : old.passwordHash
    };
    checkShape(next.role, next.towns, next.unitId);
    if (old.id === by.accountId && (next.disabled || next.role !== 'admin')) {
      throw new CommandError(ErrorCode.INVALID, 'self_demote');
    }
    await this.#store.putAccount(next);
    this.#accounts.set(id, next);
    await this.audit(
      {
        actor: by.actor,
        action: 'account.update',
        target: next.username,
        source,
        outcome: 'ok',
        detail: detail({ ...describe(next), ...(u.password ? { password: true } : {}) })
      },
      now
    );
    // a changed role, scope or a disabled account ends live sessions at once: they were granted under the old terms
    if (
      next.disabled ||
      next.role !== old.role ||
      !sameTowns(next.towns, old.towns) ||
      next.unitId !== old.unitId ||
      u.password
    ) {
      await this.#revokeAll(next, by, source, now);
    }
    return view(next);
  }

  async revokeSessions(id: string, by: Scope, source: string, now = Date.now()): Promise<number> {
    const acc = this.#accounts.get(id);
    if (!acc) throw new CommandError(ErrorCode.NOT_FOUND, 'not_found', { kind: 'account', id });
    return this.#revokeAll(acc, by, source, now);
  }

  /** A wall account signed in by a secret link; returns the secret once. */
  async createKiosk(
    k: KioskCreate,
    by: Scope,
    source: string,
    now = Date.now()
  ): Promise<{ account: AccountView; secret: string }> {
    const secret = randomBytes(24).toString('base64url');
    const rec: AccountRecord = {
      id: randomUUID(),
      username: `wall-${randomBytes(4).toString('hex')}`,
      role: 'wall',
      towns: k.towns,
      unitId: null,
      disabled: false,
      label: k.label,
      passwordHash: '',
      kioskHash: sha256(secret),
      createdAt: now
    };
    await this.#store.putAccount(rec);
    this.#accounts.set(rec.id, rec);
    await this.audit(
      {
        actor: by.actor,
        action: 'kiosk.create',
        target: rec.username,
        source,
        outcome: 'ok',
        detail: detail(describe(rec))
      },
      now
    );
    return { account: view(rec), secret };
  }

  /** Creates an account outside any session (first start, the admin CLI). */
  async bootstrap(
    c: AccountCreate & { kioskSecret?: string },
    now = Date.now()
  ): Promise<AccountView> {
    const rec = await newRecord(c, now, c.kioskSecret);
    await this.#store.putAccount(rec);
    this.#accounts.set(rec.id, rec);
    await this.audit(
      {
        actor: 'system',
        action: 'account.create',
        target: rec.username,
        source: 'local',
        outcome: 'ok',
        detail: detail(describe(rec))
      },
      now
    );
    return view(rec);
  }

  /**
   * Appends a record. An actor that is an account is recorded with its display name as it is now, so the log
   * says who it was then whatever the account is called later.
   */
  async audit(r: Omit<AuditRecord, 'id' | 'at'>, now = Date.now()): Promise<void> {
    const named = [...this.#accounts.values()].find((a) => a.username === r.actor);
    const actorName = r.actorName ?? (named ? named.label : undefined);
    await this.#store.appendAudit({ ...r, ...(actorName ? { actorName } : {}), at: now });
  }

  auditLog(limit: number, beforeId?: number): Promise<AuditRecord[]> {
    return this.#store.auditLog(limit, beforeId);
  }

  #auditThrottled(
    username: string,
    source: string,
    values: AuditValues,
    now: number
  ): Promise<void> {
    return this.audit(
      {
        actor: username,
        action: 'login.throttled',
        target: username,
        source,
        outcome: 'denied',
        detail: detail(values)
      },
      now
    );
  }

  async #revokeAll(acc: AccountRecord, by: Scope, source: string, now: number): Promise<number> {
    const n = await this.#store.revokeSessions(acc.id, now);
    this.#revokedAt.set(acc.id, now);
    await this.audit(
      {
        actor: by.actor,
        action: 'sessions.revoke',
        target: acc.username,
        source,
        outcome: 'ok',
        detail: detail({ sessions: n })
      },
      now
    );
    for (const l of this.#listeners) l(acc.id, null);
    return n;
  }

  async #startSession(acc: AccountRecord, source: string, now: number, action: string) {
    const cookie = randomBytes(32).toString('base64url');
    const rec: SessionRecord = {
      idHash: sha256(cookie),
      accountId: acc.id,
      createdAt: now,
      expiresAt: now + SESSION_MS,
      revokedAt: null,
      source
    };
    await this.#store.putSession(rec);
    await this.audit(
      {
        actor: acc.username,
        action,
        target: acc.username,
        source,
        outcome: 'ok',
        detail: detail({ role: acc.role })
      },
      now
    );
    const session: Session = {
      idHash: rec.idHash,
      account: view(acc),
      scope: new Scope(acc),
      createdAt: rec.createdAt,
      expiresAt: rec.expiresAt
    };
    return { cookie, info: this.sessionInfo(session, now) };
  }

  async #live(idHash: string, now: number): Promise<Session | null> {
    if (this.#revoked.has(idHash)) return null;
    const rec = await this.#store.session(idHash);
    if (!rec || rec.revokedAt !== null || rec.expiresAt <= now) {
      if (rec?.revokedAt) this.#revoked.add(idHash);
      return null;
    }
    const acc = this.#accounts.get(rec.accountId);
    if (!acc || acc.disabled) return null;
    // sessions revoked in the store before this process knew of them are caught by the store read above
    return {
      idHash,
      account: view(acc),
      scope: new Scope(acc),
      createdAt: rec.createdAt,
      expiresAt: rec.expiresAt
    };
  }
}

/** A new account record; its shape (field ↔ unit, leader ↔ towns) is checked before anything is stored. */
async function newRecord(
  c: AccountCreate,
  now: number,
  kioskSecret?: string
): Promise<AccountRecord> {
  checkShape(c.role, c.towns, c.unitId);
  return {
    id: randomUUID(),
    username: c.username,
    role: c.role,
    towns: c.towns,
    unitId: c.unitId,
    disabled: false,
    label: c.label ?? c.username,
    passwordHash: await hashPassword(c.password),
    kioskHash: kioskSecret ? sha256(kioskSecret) : null,
    createdAt: now
  };
}

export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('base64url');
}
