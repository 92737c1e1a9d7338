import {
  OPEN_STATUSES,
  type Incident,
  type Offer,
  type Unit,
  type UnitStatus
} from '../../../shared/domain.ts';
import type { UnitInfo } from '../../../shared/protocol.ts';
import { distanceM } from '../../../geo/unit-index.ts';
import type { Api } from './api.ts';
import { newCommandId } from './command-id.ts';
import { errorText } from './errors.ts';
import type { FieldMove } from './field-actions.ts';
import type { IncidentStore } from './incidents.svelte.ts';
import type { LiveLink } from './live.svelte.ts';
import type { UnitStore } from './units.svelte.ts';

/** An offer waiting for this unit's answer, with the incident it is for. */
export interface OpenOffer {
  incident: Incident;
  offer: Offer;
}

/**
 * A field account's own unit and work: the unit the account speaks for (the server sends only that one), its
 * duty status from `unit:changed` and the frames, its incidents (the server sends only those it works or
 * reported), the offer waiting for its answer, and the `unit:status` report or answer in flight.
 * Phones get no position frames, so the unit's last fix (for the distance to an offered incident) is read from
 * `GET /api/units` when an offer arrives.
 */
export class FieldDesk {
  #live: LiveLink;
  #units: UnitStore;
  #incidents: IncidentStore;
  #api: Api;
  #unitId: string | null;
  #sending = $state<FieldMove | null>(null);
  #answering = $state<'accept' | 'decline' | null>(null);
  #error = $state('');
  #fix = $state.raw<{ lng: number; lat: number } | null>(null);
  /** commandId per target status while its answer is unknown, so a retry after a timeout cannot apply twice */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping only, never displayed
  #pending = new Map<UnitStatus, string>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping only, never displayed
  #pendingAnswers = new Map<string, string>();

  constructor(
    live: LiveLink,
    api: Api,
    units: UnitStore,
    incidents: IncidentStore,
    unitId: string | null
  ) {
    this.#live = live;
    this.#api = api;
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

  /**
   * The offer waiting for this unit's answer. The unit itself must be held for that incident too (its own record,
   * `unit:changed`, names the incident): an offer on an incident the unit no longer holds is stale, so a change
   * this screen missed cannot leave a phone ringing for work that was taken back.
   */
  get offer(): OpenOffer | null {
    const unitId = this.#unitId;
    if (!unitId) return null;
    let best: OpenOffer | null = null;
    for (const incident of this.#incidents.all) {
      if (!OPEN_STATUSES.includes(incident.status) || this.#stale(incident)) continue;
      const offer = incident.offers.find((o) => o.unitId === unitId && o.status === 'offered');
      if (offer && (!best || offer.deadline < best.offer.deadline)) best = { incident, offer };
    }
    return best;
  }

  /** this unit's latest offer on the incident, whatever became of it */
  offerOn(incident: Incident): Offer | null {
    return incident.offers.findLast((o) => o.unitId === this.#unitId) ?? null;
  }

  /** metres from the unit's last known fix to the incident, or null when the fix is unknown */
  distanceTo(incident: Incident): number | null {
    const f = this.#fix;
    return f ? distanceM(f.lng, f.lat, incident.lng, incident.lat) : null;
  }

  get answering(): 'accept' | 'decline' | null {
    return this.#answering;
  }

  /**
   * Current work first (most urgent, then oldest), then the rest, newest first: what was finished, and incidents
   * this unit declined or was taken off.
   */
  get incidents(): Incident[] {
    const me = this.#unitId ?? '';
    const open = (i: Incident) =>
      OPEN_STATUSES.includes(i.status) && (i.unitIds.includes(me) || i.reportedByUnit === me);
    return [...this.#incidents.all]
      .filter((i) => !this.#stale(i))
      .sort(
        (a, b) =>
          Number(open(b)) - Number(open(a)) ||
          (open(a)
            ? a.priority - b.priority || a.createdAt - b.createdAt
            : b.updatedAt - a.updatedAt)
      );
  }

  get sending(): FieldMove | null {
    return this.#sending;
  }
  get error(): string {
    return this.#error;
  }

  /** Reads the unit's last fix from the server (phones get no position frames). */
  async loadFix(): Promise<void> {
    const unitId = this.#unitId;
    if (!unitId) return;
    const res = await this.#api.call<Unit[]>('GET', '/api/units');
    const fix = res.ok ? res.data.find((u) => u.id === unitId)?.fix : null;
    if (fix) this.#fix = { lng: fix.lng, lat: fix.lat };
  }

  /** Accepts the open offer, or declines it with a reason. */
  async respond(accept: boolean, reason = ''): Promise<boolean> {
    const unitId = this.#unitId;
    const open = this.offer;
    if (!unitId || !open || this.#answering) return false;
    const incidentId = open.incident.id;
    this.#answering = accept ? 'accept' : 'decline';
    this.#error = '';
    const key = `${incidentId}:${accept}`;
    const commandId = this.#pendingAnswers.get(key) ?? newCommandId();
    this.#pendingAnswers.set(key, commandId);
    const text = reason.trim();
    const res = await this.#live.respond({
      commandId,
      incidentId,
      unitId,
      accept,
      ...(text ? { reason: text } : {})
    });
    if (res.ok || (res.error !== 'TIMEOUT' && res.error !== 'OFFLINE'))
      this.#pendingAnswers.delete(key);
    this.#answering = null;
    if (!res.ok) {
      this.#error = errorText(res);
      return false;
    }
    return true;
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

  /**
   * An open incident this unit was on by our last news of it, though the unit's own record says it holds another
   * incident or none: a change to the incident that this screen missed. The unit's record wins.
   */
  #stale(incident: Incident): boolean {
    if (!OPEN_STATUSES.includes(incident.status) || incident.reportedByUnit === this.#unitId) {
      return false;
    }
    const unit = this.unit;
    if (!unit || !incident.unitIds.includes(unit.id)) return false;
    return unit.incidentId !== incident.id;
  }
}
