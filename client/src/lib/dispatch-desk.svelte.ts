import type { Recommendation, UnitEvaluation } from '../../../shared/commands.ts';
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
  /** the unit the dispatcher picked by name or on the map, and how it weighs for the open incident */
  #picked = $state.raw<UnitEvaluation | null>(null);
  #pickingId = $state<string | null>(null);
  #pickError = $state('');
  #pickToken = 0;
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

  get picked(): UnitEvaluation | null {
    return this.#picked;
  }
  /** the unit being weighed, while its answer is on the way */
  get pickingId(): string | null {
    return this.#pickingId;
  }
  get pickError(): string {
    return this.#pickError;
  }

  /** Weighs any unit in scope for the open incident (its arrival time, reasons, why it is not ranked). */
  async pick(unitId: string): Promise<void> {
    const incidentId = this.#selectedId;
    if (!incidentId) return;
    const token = ++this.#pickToken;
    this.#pickingId = unitId;
    this.#pickError = '';
    const res = await this.#live.evaluate({ incidentId, unitId });
    if (token !== this.#pickToken || incidentId !== this.#selectedId) return;
    this.#pickingId = null;
    if (res.ok) this.#picked = res.data;
    else {
      this.#picked = null;
      this.#pickError = errorText(res);
    }
  }

  clearPick(): void {
    this.#pickToken++;
    this.#picked = null;
    this.#pickingId = null;
    this.#pickError = '';
  }

  /** Takes the incident from `fromUnitId` and offers it to `toUnitId`, atomically on the server. */
  async reassign(fromUnitId: string, toUnitId: string): Promise<boolean> {
    const incidentId = this.#selectedId;
    if (!incidentId || this.#assigning) return false;
    return this.#send(
      incidentId,
      toUnitId,
      `${incidentId}:${fromUnitId}>${toUnitId}`,
      (commandId) => this.#live.reassign({ commandId, incidentId, fromUnitId, toUnitId })
    );
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
    this.clearPick();
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
    return this.#send(incidentId, unitId, `${incidentId}:${unitId}`, (commandId) =>
      this.#live.assign({ commandId, incidentId, unitId })
    );
  }

  /** an offer to `unitId`, retried with the same commandId while its answer is unknown */
  async #send(
    incidentId: string,
    unitId: string,
    key: string,
    send: (commandId: string) => ReturnType<LiveLink['assign']>
  ): Promise<boolean> {
    this.#assigning = unitId;
    this.#assignError = null;
    const commandId = this.#pending.get(key) ?? newCommandId();
    this.#pending.set(key, commandId);
    const res = await send(commandId);
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
