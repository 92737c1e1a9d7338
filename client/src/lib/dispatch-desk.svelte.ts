import type { Recommendation } from '../../../shared/commands.ts';
import { newCommandId } from './command-id.ts';
import { errorText } from './errors.ts';
import type { LiveLink } from './live.svelte.ts';

/**
 * The dispatcher's working state: the queue cursor (moved by j/k), which incident is open, its ranked units, and
 * the offer in flight. The incident itself is never copied here; screens read it from the incident store by id, so
 * it stays live.
 */

export const RECOMMEND_LIMIT = 5;

export class DispatchDesk {
  #live: LiveLink;
  #selectedId = $state<string | null>(null);
  #cursorId = $state<string | null>(null);
  #recommendations = $state.raw<readonly Recommendation[]>([]);
  #loading = $state(false);
  #recommendError = $state('');
  #assigning = $state<string | null>(null);
  #assignError = $state<{ unitId: string; text: string } | null>(null);
  #assignedUnitIds = $state.raw<readonly string[]>([]);
  /** commandId per incident × unit while its answer is unknown, so a retry cannot assign twice */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping only, never displayed
  #pending = new Map<string, string>();
  /** bumps per request so a slow answer for an older selection is dropped */
  #token = 0;

  constructor(live: LiveLink) {
    this.#live = live;
  }

  get selectedId(): string | null {
    return this.#selectedId;
  }
  /** the queue row the keyboard is on */
  get cursorId(): string | null {
    return this.#cursorId;
  }
  get recommendations(): readonly Recommendation[] {
    return this.#recommendations;
  }
  get loading(): boolean {
    return this.#loading;
  }
  get recommendError(): string {
    return this.#recommendError;
  }
  /** unit id of the assignment waiting for its ack */
  get assigning(): string | null {
    return this.#assigning;
  }
  get assignError(): { unitId: string; text: string } | null {
    return this.#assignError;
  }
  /** units this screen assigned to the selected incident and the server accepted */
  get assignedUnitIds(): readonly string[] {
    return this.#assignedUnitIds;
  }

  /**
   * Moves the cursor `delta` rows over the queue as shown (`ids`). From nowhere (or from a row that has left the
   * queue) it starts at the open incident, else at the top (j) or the bottom (k). Returns the row it lands on.
   */
  moveCursor(ids: readonly string[], delta: 1 | -1): string | null {
    if (ids.length === 0) return (this.#cursorId = null);
    let at = this.#cursorId ? ids.indexOf(this.#cursorId) : -1;
    if (at < 0 && this.#selectedId) at = ids.indexOf(this.#selectedId);
    const next =
      at < 0 ? (delta > 0 ? 0 : ids.length - 1) : Math.min(ids.length - 1, Math.max(0, at + delta));
    this.#cursorId = ids[next];
    return this.#cursorId;
  }

  select(id: string | null): void {
    if (id) this.#cursorId = id;
    if (id === this.#selectedId) return;
    this.#selectedId = id;
    this.#recommendations = [];
    this.#recommendError = '';
    this.#assignError = null;
    this.#assignedUnitIds = [];
    if (id) void this.refresh();
  }

  async refresh(): Promise<void> {
    const incidentId = this.#selectedId;
    if (!incidentId) return;
    const token = ++this.#token;
    this.#loading = true;
    this.#recommendError = '';
    const res = await this.#live.recommend({ incidentId, limit: RECOMMEND_LIMIT });
    if (token !== this.#token) return;
    this.#loading = false;
    if (res.ok) this.#recommendations = res.data.slice(0, RECOMMEND_LIMIT);
    else {
      this.#recommendations = [];
      this.#recommendError = errorText(res);
    }
  }

  async assign(unitId: string): Promise<boolean> {
    const incidentId = this.#selectedId;
    if (!incidentId || this.#assigning) return false;
    this.#assigning = unitId;
    this.#assignError = null;
    const key = `${incidentId}:${unitId}`;
    const commandId = this.#pending.get(key) ?? newCommandId();
    this.#pending.set(key, commandId);
    const res = await this.#live.assign({ commandId, incidentId, unitId });
    if (res.ok || (res.error !== 'TIMEOUT' && res.error !== 'OFFLINE')) this.#pending.delete(key);
    this.#assigning = null;
    if (incidentId !== this.#selectedId) return res.ok;
    if (!res.ok) {
      this.#assignError = { unitId, text: errorText(res) };
      return false;
    }
    this.#assignedUnitIds = [...this.#assignedUnitIds, unitId];
    return true;
  }
}
