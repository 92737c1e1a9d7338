import { SvelteMap } from 'svelte/reactivity';
import { OPEN_STATUSES, type Incident } from '../../../shared/domain.ts';
import type { IncidentChanged } from '../../../shared/protocol.ts';
import { escalationAlerts } from './sla.ts';

/**
 * Incidents as the server last told us, plus the sequence number of the last change applied. A change is applied
 * only if its `seq` is above `lastSeq`, so a replayed or duplicated broadcast is a no-op.
 */

export class IncidentStore {
  /** reactive per id; the incidents themselves are stored as received, never proxied */
  #byId = new SvelteMap<string, Incident>();
  #lastSeq = 0;

  #all = $derived([...this.#byId.values()]);
  /** open incidents, most urgent first, then the longest waiting */
  #open = $derived(
    this.#all
      .filter((i) => OPEN_STATUSES.includes(i.status))
      .sort((a, b) => a.priority - b.priority || a.createdAt - b.createdAt)
  );

  /** resolved incidents waiting for a commander to close them, the longest waiting first */
  #resolved = $derived(
    this.#all.filter((i) => i.status === 'resolved').sort((a, b) => a.updatedAt - b.updatedAt)
  );
  /** open incidents whose escalation nobody has acknowledged yet */
  #alerts = $derived(escalationAlerts(this.#all));

  get all(): readonly Incident[] {
    return this.#all;
  }
  get open(): readonly Incident[] {
    return this.#open;
  }
  get resolved(): readonly Incident[] {
    return this.#resolved;
  }
  get alerts(): readonly Incident[] {
    return this.#alerts;
  }
  get lastSeq(): number {
    return this.#lastSeq;
  }

  get(id: string): Incident | undefined {
    return this.#byId.get(id);
  }

  /** A snapshot: replaces everything and takes the snapshot's seq. */
  replaceAll(incidents: readonly Incident[], seq: number): void {
    this.#byId.clear();
    for (const i of incidents) this.#byId.set(i.id, i);
    this.#lastSeq = seq;
  }

  /** Applies changes in order; returns how many were new. */
  applyChanges(changes: readonly IncidentChanged[]): number {
    let applied = 0;
    for (const c of changes) {
      if (c.seq <= this.#lastSeq) continue;
      this.#byId.set(c.incident.id, c.incident);
      this.#lastSeq = c.seq;
      applied++;
    }
    return applied;
  }

  /** After a sync with `events`, the server's seq may be past the last incident event (unit events share it). */
  advanceTo(seq: number): void {
    if (seq > this.#lastSeq) this.#lastSeq = seq;
  }
}
