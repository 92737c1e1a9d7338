import { OPEN_STATUSES, type Incident, type UnitStatus } from '../../../shared/domain.ts';
import type { UnitInfo } from '../../../shared/protocol.ts';
import { newCommandId } from './command-id.ts';
import { errorText } from './errors.ts';
import type { FieldMove } from './field-actions.ts';
import type { IncidentStore } from './incidents.svelte.ts';
import type { LiveLink } from './live.svelte.ts';
import type { UnitStore } from './units.svelte.ts';

/**
 * A field account's own unit and work: the unit the account speaks for (the server sends only that one), its
 * duty status from `unit:changed` and the frames, its incidents (the server sends only those it works or
 * reported), and the `unit:status` report in flight.
 */
export class FieldDesk {
  #live: LiveLink;
  #units: UnitStore;
  #incidents: IncidentStore;
  #unitId: string | null;
  #sending = $state<FieldMove | null>(null);
  #error = $state('');
  /** commandId per target status while its answer is unknown, so a retry after a timeout cannot apply twice */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping only, never displayed
  #pending = new Map<UnitStatus, string>();

  constructor(live: LiveLink, units: UnitStore, incidents: IncidentStore, unitId: string | null) {
    this.#live = live;
    this.#units = units;
    this.#incidents = incidents;
    this.#unitId = unitId;
  }

  get unitId(): string | null {
    return this.#unitId;
  }

  /** the unit as last told; `units.version` is the signal, the store's maps are not reactive themselves */
  get unit(): UnitInfo | undefined {
    void this.#units.version;
    return this.#unitId ? this.#units.infoById(this.#unitId) : undefined;
  }

  /** the latest duty status, from whichever came last: a frame or `unit:changed` */
  get status(): UnitStatus | null {
    const u = this.unit;
    return u ? this.#units.statusOf(u.idx) : null;
  }

  /** open work first (most urgent, then oldest), then what was finished recently, newest first */
  get incidents(): Incident[] {
    const open = (i: Incident) => OPEN_STATUSES.includes(i.status);
    return [...this.#incidents.all].sort(
      (a, b) =>
        Number(open(b)) - Number(open(a)) ||
        (open(a) ? a.priority - b.priority || a.createdAt - b.createdAt : b.updatedAt - a.updatedAt)
    );
  }

  get sending(): FieldMove | null {
    return this.#sending;
  }
  get error(): string {
    return this.#error;
  }

  async report(move: FieldMove): Promise<boolean> {
    const unitId = this.#unitId;
    if (!unitId || this.#sending) return false;
    this.#sending = move;
    this.#error = '';
    const commandId = this.#pending.get(move.to) ?? newCommandId();
    this.#pending.set(move.to, commandId);
    const res = await this.#live.unitStatus({ commandId, unitId, status: move.to });
    if (res.ok || (res.error !== 'TIMEOUT' && res.error !== 'OFFLINE'))
      this.#pending.delete(move.to);
    this.#sending = null;
    if (!res.ok) {
      this.#error = errorText(res);
      return false;
    }
    // the ack carries the unit as the server now has it; the broadcast will say the same
    this.#units.applyUnitChanged(res.data);
    return true;
  }
}
