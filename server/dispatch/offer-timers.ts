/**
 * One timer per open offer. When an offer's deadline passes the owner is told, and runs the timeout as a command
 * of its own (so it is serialised and durable like any other). Timers are rebuilt from the incidents on start.
 */
export class OfferTimers {
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #onExpire: (incidentId: string, unitId: string) => void;

  constructor(onExpire: (incidentId: string, unitId: string) => void) {
    this.#onExpire = onExpire;
  }

  set(incidentId: string, unitId: string, deadline: number, now = Date.now()): void {
    const key = `${incidentId}\u0000${unitId}`;
    this.clear(incidentId, unitId);
    const t = setTimeout(
      () => {
        this.#timers.delete(key);
        this.#onExpire(incidentId, unitId);
      },
      Math.max(0, deadline - now)
    );
    t.unref?.();
    this.#timers.set(key, t);
  }

  clear(incidentId: string, unitId: string): void {
    const key = `${incidentId}\u0000${unitId}`;
    const t = this.#timers.get(key);
    if (t) clearTimeout(t);
    this.#timers.delete(key);
  }

  stop(): void {
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
  }
}
