import {
  OPEN_STATUSES,
  type Incident,
  type IncidentCategory,
  type IncidentSource,
  type Offer,
  type Priority,
  type UnitStatus
} from '../../../shared/domain.ts';
import type { UnitInfo } from '../../../shared/protocol.ts';
import { newCommandId } from './command-id.ts';
import type { FieldMove } from './field-actions.ts';
import { loadSnapshot, saveSnapshot, type FieldSnapshot } from './field-snapshot.ts';
import type { IncidentStore } from './incidents.svelte.ts';
import type { LiveLink } from './live.svelte.ts';
import { answeredOffers, pendingStatus, type CommandEntry } from './outbox-plan.ts';
import type { Outbox } from './outbox.svelte.ts';
import type { UnitStore } from './units.svelte.ts';

/** An offer waiting for this unit's answer, with the incident it is for. */
export interface OpenOffer {
  incident: Incident;
  offer: Offer;
}

/** A new incident reported from the field. */
export interface FieldReport {
  category: IncidentCategory;
  priority: Priority;
  description: string;
  lng: number;
  lat: number;
  photos: readonly Blob[];
}

/**
 * A field account's own unit and work: the unit the account speaks for (the server sends only that one), its
 * duty status from `unit:changed` and the frames, its incidents (the server sends only those it works or
 * reported) and the offer waiting for its answer. Everything the person presses goes into the outbox first and is
 * shown at once as waiting (待发送); the server's word replaces it when the command arrives. Until the first
 * `sync` of this page (opened with no network) the last known state kept on the phone stands in.
 */
export class FieldDesk {
  #live: LiveLink;
  #units: UnitStore;
  #incidents: IncidentStore;
  #outbox: Outbox | null;
  #unitId: string | null;
  #snapshot = $state.raw<FieldSnapshot | null>(null);

  constructor(
    live: LiveLink,
    units: UnitStore,
    incidents: IncidentStore,
    unitId: string | null,
    outbox: Outbox | null
  ) {
    this.#live = live;
    this.#units = units;
    this.#incidents = incidents;
    this.#unitId = unitId;
    this.#outbox = outbox;
    this.#snapshot = unitId ? loadSnapshot(unitId) : null;
  }

  get unitId(): string | null {
    return this.#unitId;
  }

  /** whether the server has spoken on this page yet (else the kept snapshot stands in) */
  get synced(): boolean {
    return this.#live.syncs > 0;
  }

  /** the unit as last told; `units.version` is the signal, the store's maps are not reactive themselves */
  get unit(): UnitInfo | undefined {
    void this.#units.version;
    if (!this.#unitId) return undefined;
    return this.#units.infoById(this.#unitId) ?? (this.synced ? undefined : this.#snapshot?.unit);
  }

  /** the duty status the server last confirmed: from whichever came last, a frame or `unit:changed` */
  get status(): UnitStatus | null {
    void this.#units.version;
    const id = this.#unitId;
    const info = id ? this.#units.infoById(id) : undefined;
    if (info) return this.#units.statusOf(info.idx);
    return this.unit?.status ?? null;
  }

  /** the status the unit will have once what waits in the outbox arrives, or null when nothing waits */
  get pendingStatus(): UnitStatus | null {
    return pendingStatus(this.#outbox?.entries ?? []);
  }

  /** what the screen shows: the pressed status while it waits, the confirmed one otherwise */
  get shownStatus(): UnitStatus | null {
    return this.pendingStatus ?? this.status;
  }

  /** this unit's commands still waiting to be sent */
  get pending(): CommandEntry[] {
    return this.#outbox?.pending ?? [];
  }

  /**
   * The offer waiting for this unit's answer, unless the person has answered it already (the answer may still be
   * in the outbox). The unit itself must be held for that incident too (its own record, `unit:changed`, names the
   * incident): an offer on an incident the unit no longer holds is stale, so a change this screen missed cannot
   * leave a phone ringing for work that was taken back.
   */
  get offer(): OpenOffer | null {
    const unitId = this.#unitId;
    if (!unitId) return null;
    const answered = answeredOffers(this.#outbox?.entries ?? []);
    let best: OpenOffer | null = null;
    for (const incident of this.#all()) {
      if (!OPEN_STATUSES.includes(incident.status) || answered.has(incident.id)) continue;
      if (this.#stale(incident)) continue;
      const offer = incident.offers.find((o) => o.unitId === unitId && o.status === 'offered');
      if (offer && (!best || offer.deadline < best.offer.deadline)) best = { incident, offer };
    }
    return best;
  }

  /** this unit's latest offer on the incident, whatever became of it */
  offerOn(incident: Incident): Offer | null {
    return incident.offers.findLast((o) => o.unitId === this.#unitId) ?? null;
  }

  /** the incident this unit works now, by its own record */
  get current(): Incident | null {
    const id = this.unit?.incidentId;
    return id ? (this.#all().find((i) => i.id === id) ?? null) : null;
  }

  /**
   * Current work first (most urgent, then oldest), then the rest, newest first: what was finished, and incidents
   * this unit declined or was taken off.
   */
  get incidents(): Incident[] {
    const me = this.#unitId ?? '';
    const open = (i: Incident) =>
      OPEN_STATUSES.includes(i.status) && (i.unitIds.includes(me) || i.reportedByUnit === me);
    return this.#all()
      .filter((i) => !this.#stale(i))
      .sort(
        (a, b) =>
          Number(open(b)) - Number(open(a)) ||
          (open(a)
            ? a.priority - b.priority || a.createdAt - b.createdAt
            : b.updatedAt - a.updatedAt)
      );
  }

  /** Accepts the open offer, or declines it with a reason. */
  async respond(accept: boolean, reason = ''): Promise<void> {
    const unitId = this.#unitId;
    const open = this.offer;
    if (!unitId || !open || !this.#outbox) return;
    const text = reason.trim();
    await this.#outbox.push({
      event: 'offer:respond',
      payload: {
        commandId: newCommandId(),
        incidentId: open.incident.id,
        unitId,
        accept,
        pressedAt: this.#now(),
        ...(text ? { reason: text } : {})
      }
    });
  }

  /** Reports a new duty status; 完成 carries the resolution note and photos. */
  async report(move: FieldMove, note = '', photos: readonly Blob[] = []): Promise<void> {
    const unitId = this.#unitId;
    if (!unitId || !this.#outbox) return;
    const text = note.trim();
    await this.#outbox.push(
      {
        event: 'unit:status',
        payload: {
          commandId: newCommandId(),
          unitId,
          status: move.to,
          pressedAt: this.#now(),
          ...(text ? { note: text } : {})
        }
      },
      photos
    );
  }

  /** Reports a new incident where the phone is, as a grid worker or a volunteer by the unit's kind. */
  async reportIncident(r: FieldReport): Promise<void> {
    if (!this.#outbox) return;
    await this.#outbox.push(
      {
        event: 'incident:create',
        payload: {
          commandId: newCommandId(),
          category: r.category,
          priority: r.priority,
          lng: r.lng,
          lat: r.lat,
          source: this.source,
          description: r.description.trim(),
          pressedAt: this.#now()
        }
      },
      r.photos
    );
  }

  /** how this unit's reports are labelled */
  get source(): IncidentSource {
    return this.unit?.kind === 'volunteer' ? 'volunteer' : 'grid_worker';
  }

  /** Keeps what the server last said about this unit, for a screen opened with no network. */
  remember(): void {
    const unit = this.#unitId ? this.#units.infoById(this.#unitId) : undefined;
    if (!unit || !this.synced || !this.#unitId) return;
    const status = this.#units.statusOf(unit.idx);
    saveSnapshot(this.#unitId, { unit: { ...unit, status }, incidents: [...this.#incidents.all] });
  }

  /** the server's incidents once synced, else the kept ones */
  #all(): readonly Incident[] {
    return this.synced ? this.#incidents.all : (this.#snapshot?.incidents ?? []);
  }

  /** server time: a press is stamped on the server's clock, as the timeline shows it */
  #now(): number {
    return Date.now() + this.#live.clockOffsetMs;
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
