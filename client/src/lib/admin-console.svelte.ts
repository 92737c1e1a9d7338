import type {
  AccountCreate,
  AccountUpdate,
  AccountView,
  KioskCreate,
  KioskLink
} from '../../../shared/access.ts';
import type { Api } from './api.ts';
import { errorText } from './errors.ts';

/**
 * The accounts an admin manages, over `/api/accounts` and `/api/kiosks`. Each change answers with the account as
 * the server now has it, which replaces ours; a refusal is kept per row (or per form) to show where it happened.
 * A new kiosk link is held until dismissed: the server shows its secret this once and never again.
 */

export interface RowMessage {
  accountId: string;
  text: string;
  ok: boolean;
}

export class AdminConsole {
  #api: Api;
  #accounts = $state.raw<AccountView[]>([]);
  #loading = $state(false);
  #loadError = $state('');
  #busyId = $state<string | null>(null);
  #rowMessage = $state.raw<RowMessage | null>(null);
  #kioskLink = $state.raw<{ label: string; url: string } | null>(null);
  /** called after every change the server accepted, so the audit log can follow */
  onchange: () => void = () => {};

  constructor(api: Api) {
    this.#api = api;
  }

  get accounts(): readonly AccountView[] {
    return this.#accounts;
  }
  get loading(): boolean {
    return this.#loading;
  }
  get loadError(): string {
    return this.#loadError;
  }
  /** the account whose change is in flight */
  get busyId(): string | null {
    return this.#busyId;
  }
  get rowMessage(): RowMessage | null {
    return this.#rowMessage;
  }
  /** the kiosk link just created, as an absolute URL: shown once */
  get kioskLink(): { label: string; url: string } | null {
    return this.#kioskLink;
  }

  async load(): Promise<void> {
    this.#loading = true;
    const res = await this.#api.call<AccountView[]>('GET', '/api/accounts');
    this.#loading = false;
    if (res.ok) {
      this.#accounts = res.data;
      this.#loadError = '';
    } else this.#loadError = errorText(res);
  }

  /** Resolves with null when created, or the line to show under the form. */
  async create(c: AccountCreate): Promise<string | null> {
    const res = await this.#api.call<AccountView>('POST', '/api/accounts', c);
    if (!res.ok) return errorText(res);
    this.#put(res.data);
    this.onchange();
    return null;
  }

  async update(id: string, u: AccountUpdate): Promise<boolean> {
    return this.#rowCall(id, async () => {
      const res = await this.#api.call<AccountView>(
        'PATCH',
        `/api/accounts/${encodeURIComponent(id)}`,
        u
      );
      if (res.ok) this.#put(res.data);
      return res.ok ? { ok: true } : { ok: false, text: errorText(res) };
    });
  }

  /** Ends every session of the account at once (强制下线); resolves with how many ended, or null. */
  async revoke(id: string, okText: (n: number) => string): Promise<number | null> {
    let revoked: number | null = null;
    await this.#rowCall(id, async () => {
      const res = await this.#api.call<{ revoked: number }>(
        'POST',
        `/api/accounts/${encodeURIComponent(id)}/revoke`
      );
      if (!res.ok) return { ok: false, text: errorText(res) };
      revoked = res.data.revoked;
      return { ok: true, text: okText(revoked) };
    });
    return revoked;
  }

  /** Resolves with null when created (the link is then in `kioskLink`), or the line to show. */
  async createKiosk(k: KioskCreate): Promise<string | null> {
    const res = await this.#api.call<KioskLink>('POST', '/api/kiosks', k);
    if (!res.ok) return errorText(res);
    this.#put(res.data.account);
    this.#kioskLink = { label: k.label, url: new URL(res.data.url, location.origin).href };
    this.onchange();
    return null;
  }

  dismissKioskLink(): void {
    this.#kioskLink = null;
  }

  async #rowCall(
    id: string,
    call: () => Promise<{ ok: boolean; text?: string }>
  ): Promise<boolean> {
    if (this.#busyId) return false;
    this.#busyId = id;
    this.#rowMessage = null;
    const res = await call();
    this.#busyId = null;
    if (res.text) this.#rowMessage = { accountId: id, text: res.text, ok: res.ok };
    if (res.ok) this.onchange();
    return res.ok;
  }

  #put(a: AccountView): void {
    const i = this.#accounts.findIndex((x) => x.id === a.id);
    const next = [...this.#accounts];
    if (i >= 0) next[i] = a;
    else next.push(a);
    this.#accounts = next.sort((x, y) => x.username.localeCompare(y.username));
  }
}
