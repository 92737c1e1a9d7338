import { SvelteMap } from 'svelte/reactivity';
import { OPEN_STATUSES, type Incident } from '../../../shared/domain.ts';
import { isKept } from '../../../shared/lifecycle.ts';
import type { IncidentChanged } from '../../../shared/protocol.ts';
import { escalationAlerts } from './sla.ts';

/**
 * Incidents as the server last told us, plus the sequence number of the last change applied. A change is applied
 * only if its `seq` is above `lastSeq`, so a replayed or duplicated broadcast is a no-op.
 *
 * The store keeps what the server keeps (`isKept`, shared/lifecycle.ts): open incidents, and finished ones
 * (resolved, closed, cancelled) until `RECENT_MS` (6 h) after their last change. Older ones are dropped as
 * changes arrive and on a sweep every `sweepMs`, so a wall left running for days holds no more than a fresh sync
 * would give it; an incident a screen holds open (`keep`) stays. Dropping never touches `lastSeq`: a later change
 * to a dropped incident (a reopen) is above it and brings the incident back.
 */

/** how often the store looks for finished incidents past `RECENT_MS` */
export const SWEEP_MS = 60_000;

export interface IncidentStoreOptions {
  /** server time, epoch ms: `updatedAt` is on the server's clock */
  now?: () => number;
  sweepMs?: number;
}

export class IncidentStore {
  /** reactive per id; the incidents themselves are stored as received, never proxied */
  #byId = new SvelteMap<string, Incident>();
  #lastSeq = 0;
  #now: () => number;
  /** the ids each screen holds open, read when something is due to go */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- subscribers, never displayed
  #keepers = new Set<() => Iterable<string | null>>();
  #sweep: ReturnType<typeof setInterval>;

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

  constructor({ now = Date.now, sweepMs = SWEEP_MS }: IncidentStoreOptions = {}) {
    this.#now = now;
    this.#sweep = setInterval(() => this.prune(), sweepMs);
  }

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
    const now = this.#now();
    this.#byId.clear();
    for (const i of incidents) if (this.#keeps(i, now)) this.#byId.set(i.id, i);
    this.#lastSeq = seq;
  }

  /** Applies changes in order; returns how many were new. */
  applyChanges(changes: readonly IncidentChanged[]): number {
    const now = this.#now();
    let applied = 0;
    for (const c of changes) {
      if (c.seq <= this.#lastSeq) continue;
      // a replayed change may finish an incident long ago: it counts, but is not kept
      if (this.#keeps(c.incident, now)) this.#byId.set(c.incident.id, c.incident);
      else this.#byId.delete(c.incident.id);
      this.#lastSeq = c.seq;
      applied++;
    }
    return applied;
  }

  /** After a sync with `events`, the server's seq may be past the last incident event (unit events share it). */
  advanceTo(seq: number): void {
    if (seq > this.#lastSeq) this.#lastSeq = seq;
  }

  /**
   * Keeps the incidents `ids` names (the one open in a panel) however long ago they finished, for as long as it
   * names them. Returns the function that lets go.
   */
  keep(ids: () => Iterable<string | null>): () => void {
    this.#keepers.add(ids);
    return () => void this.#keepers.delete(ids);
  }

  /** Drops finished incidents past `RECENT_MS` that no screen keeps; returns how many went. */
  prune(): number {
    const now = this.#now();
    const gone = [...this.#byId.values()].filter((i) => !this.#keeps(i, now));
    for (const i of gone) this.#byId.delete(i.id);
    return gone.length;
  }

  dispose(): void {
    clearInterval(this.#sweep);
    this.#keepers.clear();
  }

  #keeps(i: Incident, now: number): boolean {
    if (isKept(i, now)) return true;
    for (const ids of this.#keepers) for (const id of ids()) if (id === i.id) return true;
    return false;
  }
}
