import type { Incident } from '../../../shared/domain.ts';
import { deadlineAlarm, type AlarmedStep } from '../../../shared/sla.ts';

/**
 * What the wall looks at: each new P1 and each new SLA breach (a dispatch or arrival deadline run out, the rule in
 * shared/sla.ts) in turn, for `holdMs` each, then the district again. News is what this screen has not seen before
 * and that happened less than `freshMs` ago (a P1's report, a breach's deadline), so opening the wall does not
 * replay the morning, but what happened while the wall was reconnecting still gets its turn. Each P1 and each
 * breach of each clock gets one turn; those that arrive during another's turn wait in the order they happened. A
 * turn whose reason is gone (the incident no longer open; a breach fixed by a unit sent or on scene) leaves the
 * queue, and gives up the focus at once if it held it. A breach of the incident whose P1 turn is under way or
 * waiting takes that turn over rather than queueing the same place twice.
 */

export interface FocusOptions {
  holdMs: number;
  /** a P1 reported, or a breach that happened, longer ago than this is not news */
  freshMs?: number;
}

/** one turn of the wall's attention: a new P1, or the clock whose deadline ran out */
export interface FocusTurn {
  incidentId: string;
  /** null for a new P1 */
  breach: AlarmedStep | null;
}

export const FOCUS_FRESH_MS = 120_000;

export class FocusQueue {
  #current = $state.raw<FocusTurn | null>(null);
  #waiting = $state.raw<readonly FocusTurn[]>([]);
  #endsAt = $state(0);
  #holdMs: number;
  readonly #freshMs: number;
  /** what this screen has judged already (a P1's id, `id:step` for a breach), each considered once */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never displayed
  #seen = new Map<string, string>();
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(options: FocusOptions) {
    this.#holdMs = options.holdMs;
    this.#freshMs = options.freshMs ?? FOCUS_FRESH_MS;
  }

  /** the incident in focus, or null for the district view */
  get current(): string | null {
    return this.#current?.incidentId ?? null;
  }
  /** why it holds the focus, or null for the district view */
  get turn(): FocusTurn | null {
    return this.#current;
  }
  /** incidents waiting for their turn, next first */
  get waiting(): readonly string[] {
    return this.#waiting.map((t) => t.incidentId);
  }
  get holdMs(): number {
    return this.#holdMs;
  }
  /** when the current turn ends, on this page's clock (epoch ms); 0 without one */
  get endsAt(): number {
    return this.#endsAt;
  }

  /** A new hold time (the server's setting arrived); the turn under way keeps the time it started with. */
  setHold(ms: number): void {
    this.#holdMs = ms;
  }

  /**
   * Compares the open incidents (server time `now`) with what was seen: queues new P1s and new breaches, drops
   * turns whose reason is gone.
   */
  observe(open: readonly Incident[], now: number): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- local to this call
    const byId = new Map(open.map((i) => [i.id, i]));
    const news = this.#news(open, now);
    // an incident that left the open set will not come back as news: forget it, so the map stays small
    for (const [key, id] of this.#seen) if (!byId.has(id)) this.#seen.delete(key);

    const holds = (t: FocusTurn) => stillHolds(t, byId.get(t.incidentId), now);
    let waiting = this.#waiting.filter(holds);
    let restart = false;
    for (const turn of news) {
      if (turn.breach !== null && this.#current?.incidentId === turn.incidentId) {
        // the place is on the wall already: the breach takes the turn over, with a full hold of its own
        this.#current = turn;
        restart = true;
        continue;
      }
      const k =
        turn.breach === null ? -1 : waiting.findIndex((w) => w.incidentId === turn.incidentId);
      if (k >= 0) waiting = waiting.map((w, j) => (j === k ? turn : w));
      else waiting = [...waiting, turn];
    }
    if (waiting.length !== this.#waiting.length || news.length > 0) this.#waiting = waiting;

    if (this.#current !== null && !holds(this.#current)) this.#next();
    else if (restart) this.#begin(this.#current);
    else if (this.#current === null && this.#waiting.length > 0) this.#next();
  }

  /** Ends the current turn now (the next one, or the district view). */
  skip(): void {
    this.#next();
  }

  dispose(): void {
    this.#stop();
  }

  /** The P1s and breaches not judged before, the fresh ones in the order they happened. */
  #news(open: readonly Incident[], now: number): FocusTurn[] {
    const found: Array<{ turn: FocusTurn; at: number }> = [];
    const judge = (key: string, incident: Incident, at: number, breach: AlarmedStep | null) => {
      if (this.#seen.has(key)) return;
      this.#seen.set(key, incident.id);
      if (now - at <= this.#freshMs) found.push({ turn: { incidentId: incident.id, breach }, at });
    };
    for (const i of open) {
      if (i.priority === 1) judge(i.id, i, i.createdAt, null);
      const alarm = deadlineAlarm(i, now);
      if (alarm?.level === 'breach') judge(`${i.id}:${alarm.step}`, i, alarm.at, alarm.step);
    }
    return found.sort((a, b) => a.at - b.at).map((f) => f.turn);
  }

  #next(): void {
    const [head, ...rest] = this.#waiting;
    this.#waiting = rest;
    this.#begin(head ?? null);
  }

  #begin(turn: FocusTurn | null): void {
    this.#stop();
    this.#current = turn;
    this.#endsAt = turn === null ? 0 : Date.now() + this.#holdMs;
    if (turn !== null) this.#timer = setTimeout(() => this.#next(), this.#holdMs);
  }

  #stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

/** A P1's turn holds while it is open; a breach's while that clock is still the one run out. */
function stillHolds(turn: FocusTurn, incident: Incident | undefined, now: number): boolean {
  if (!incident) return false;
  if (turn.breach === null) return true;
  const alarm = deadlineAlarm(incident, now);
  return alarm?.level === 'breach' && alarm.step === turn.breach;
}
