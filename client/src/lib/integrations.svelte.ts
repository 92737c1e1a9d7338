import type {
  IntegrationCreate,
  IntegrationCreated,
  IntegrationUpdate,
  IntegrationView
} from '../../../shared/access.ts';
import type { Api } from './api.ts';
import { errorText } from './errors.ts';

/**
 * The outside systems an admin lets in (hotline platforms, camera alarms), over `/api/integrations`. A new key is
 * held until dismissed: the server shows it this once and keeps only its hash. Each change answers with the
 * integration as the server now has it, which replaces ours.
 */

export interface NewKey {
  name: string;
  key: string;
}

export class IntegrationList {
  #api: Api;
  #items = $state.raw<IntegrationView[]>([]);
  #loading = $state(false);
  #loadError = $state('');
  #busyId = $state<string | null>(null);
  #rowError = $state.raw<{ id: string; text: string } | null>(null);
  #newKey = $state.raw<NewKey | null>(null);
  /** called after every change the server accepted, so the audit log can follow */
  onchange: () => void = () => {};

  constructor(api: Api) {
    this.#api = api;
  }

  get items(): readonly IntegrationView[] {
    return this.#items;
  }
  get loading(): boolean {
    return this.#loading;
  }
  get loadError(): string {
    return this.#loadError;
  }
  get busyId(): string | null {
    return this.#busyId;
  }
  get rowError(): { id: string; text: string } | null {
    return this.#rowError;
  }
  /** the key just created: shown once */
  get newKey(): NewKey | null {
    return this.#newKey;
  }

  async load(): Promise<void> {
    this.#loading = true;
    const res = await this.#api.call<IntegrationView[]>('GET', '/api/integrations');
    this.#loading = false;
    if (res.ok) {
      this.#items = res.data;
      this.#loadError = '';
    } else this.#loadError = errorText(res);
  }

  /** Resolves with null when created (the key is then in `newKey`), or the line to show under the form. */
  async create(c: IntegrationCreate): Promise<string | null> {
    const res = await this.#api.call<IntegrationCreated>('POST', '/api/integrations', c);
    if (!res.ok) return errorText(res);
    this.#put(res.data.integration);
    this.#newKey = { name: res.data.integration.name, key: res.data.key };
    this.onchange();
    return null;
  }

  async setDisabled(id: string, disabled: boolean): Promise<boolean> {
    if (this.#busyId) return false;
    this.#busyId = id;
    this.#rowError = null;
    const body: IntegrationUpdate = { disabled };
    const res = await this.#api.call<IntegrationView>(
      'PATCH',
      `/api/integrations/${encodeURIComponent(id)}`,
      body
    );
    this.#busyId = null;
    if (!res.ok) {
      this.#rowError = { id, text: errorText(res) };
      return false;
    }
    this.#put(res.data);
    this.onchange();
    return true;
  }

  dismissKey(): void {
    this.#newKey = null;
  }

  #put(i: IntegrationView): void {
    const at = this.#items.findIndex((x) => x.id === i.id);
    const next = [...this.#items];
    if (at >= 0) next[at] = i;
    else next.push(i);
    this.#items = next.sort((a, b) => a.name.localeCompare(b.name));
  }
}
