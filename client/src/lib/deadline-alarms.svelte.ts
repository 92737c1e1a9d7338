import type { DeadlineAlert } from './sla.ts';

/**
 * What one desk does with the deadline alarms (lib/sla.ts `deadlineAlerts`): which to show, which ring, and which
 * its dispatcher has acknowledged. Every warning and breach shows; a breach rings until acknowledged, but only a
 * new one: its deadline passed while the desk was listening, or at most `BREACH_FRESH_MS` before it started (a
 * desk opened on a morning's backlog shows the old breaches without ringing for each).
 *
 * Acknowledging is this desk's own, not a server command: it silences the breach here and takes it off this bar,
 * for this browser tab (sessionStorage, so a reload does not ring it again), and tells no other desk. The queue's
 * red countdown and the map's halo stay until the breach is fixed; a fixed breach (a unit sent, a unit on scene)
 * leaves every desk by itself, and a later breach of the next clock rings again, being another key.
 */

/** a breach (or warning) this recent when the desk starts listening is still news */
export const BREACH_FRESH_MS = 120_000;
export const ACK_STORAGE_KEY = 'gridwatch.deadline-acks';
/** acknowledged keys kept, the oldest dropped first: a shift's worth, and the storage stays small */
const KEPT_ACKS = 300;

export class DeadlineAlarms {
  #since = $state<number | null>(null);
  #acknowledged = $state.raw<readonly string[]>([]);
  #storage: Storage | null;

  constructor(storage: Storage | null = sessionStorageOrNull()) {
    this.#storage = storage;
    this.#acknowledged = load(storage);
  }

  /** server time the desk started listening (its first sync), or null before */
  get since(): number | null {
    return this.#since;
  }

  /** Starts listening at server time `at`: what passed before, and is no longer news, shows but stays silent. */
  start(at: number): void {
    if (this.#since === null) this.#since = at;
  }

  /** The alerts this desk shows: all but the breaches it has acknowledged. */
  shown(alerts: readonly DeadlineAlert[]): DeadlineAlert[] {
    return alerts.filter((a) => !this.isAcknowledged(a));
  }

  /** The breaches that ring: new to this desk and not acknowledged. Nothing rings before the desk started. */
  ringing(alerts: readonly DeadlineAlert[]): DeadlineAlert[] {
    return alerts.filter(
      (a) => a.level === 'breach' && this.#isNews(a.at) && !this.isAcknowledged(a)
    );
  }

  /** The warnings that chime once each: those that began while the desk listened (or just before). */
  newWarnings(alerts: readonly DeadlineAlert[]): DeadlineAlert[] {
    return alerts.filter((a) => a.level === 'warning' && this.#isNews(a.warnAt));
  }

  isAcknowledged(alert: DeadlineAlert): boolean {
    return alert.level === 'breach' && this.#acknowledged.includes(alert.key);
  }

  /** Silences the breach on this desk and takes it off its bar. */
  acknowledge(key: string): void {
    if (this.#acknowledged.includes(key)) return;
    this.#acknowledged = [...this.#acknowledged, key].slice(-KEPT_ACKS);
    try {
      this.#storage?.setItem(ACK_STORAGE_KEY, JSON.stringify(this.#acknowledged));
    } catch {
      // storage full or refused: the acknowledgement still holds until the page reloads
    }
  }

  #isNews(at: number): boolean {
    return this.#since !== null && at > this.#since - BREACH_FRESH_MS;
  }
}

function load(storage: Storage | null): string[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(ACK_STORAGE_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((k): k is string => typeof k === 'string') : [];
  } catch {
    return [];
  }
}

function sessionStorageOrNull(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    // a sandboxed frame may refuse storage altogether
    return null;
  }
}
