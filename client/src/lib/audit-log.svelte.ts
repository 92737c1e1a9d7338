import type { AuditRecord } from '../../../shared/access.ts';
import type { Api } from './api.ts';
import { errorText } from './errors.ts';

/**
 * The audit log, newest first, a page at a time: `load()` fetches the newest page again, `more()` the page
 * before the oldest one held (`before=<id>`). The CSV export is a plain link the browser downloads.
 */

export const AUDIT_PAGE = 200;
export const AUDIT_CSV_URL = '/api/audit.csv';

export class AuditLog {
  #api: Api;
  #records = $state.raw<AuditRecord[]>([]);
  #loading = $state(false);
  #error = $state('');
  #exhausted = $state(false);

  constructor(api: Api) {
    this.#api = api;
  }

  get records(): readonly AuditRecord[] {
    return this.#records;
  }
  get loading(): boolean {
    return this.#loading;
  }
  get error(): string {
    return this.#error;
  }
  /** whether the last page was short, so nothing older is left */
  get exhausted(): boolean {
    return this.#exhausted;
  }

  async load(): Promise<void> {
    const page = await this.#page(null);
    if (page) this.#records = page;
  }

  async more(): Promise<void> {
    const oldest = this.#records.at(-1);
    if (!oldest || this.#exhausted) return;
    const page = await this.#page(oldest.id);
    if (page) this.#records = [...this.#records, ...page];
  }

  async #page(before: number | null): Promise<AuditRecord[] | null> {
    this.#loading = true;
    const query = `limit=${AUDIT_PAGE}${before === null ? '' : `&before=${before}`}`;
    const res = await this.#api.call<AuditRecord[]>('GET', `/api/audit?${query}`);
    this.#loading = false;
    if (!res.ok) {
      this.#error = errorText(res);
      return null;
    }
    this.#error = '';
    this.#exhausted = res.data.length < AUDIT_PAGE;
    return res.data;
  }
}
