import type { IncidentCategory, IncidentSource, Priority } from '../../../shared/domain.ts';
import type { Incident } from '../../../shared/domain.ts';
import { newCommandId } from './command-id.ts';
import { errorText } from './errors.ts';
import { msg } from './i18n.ts';
import type { LiveLink } from './live.svelte.ts';

/**
 * The "new incident" form: open or not, the location picked on the map (or typed), and the fields. The created
 * incident reaches the list through the `incident:changed` broadcast like anyone else's, not through the ack.
 */

export class IncidentDraft {
  #live: LiveLink;
  #open = $state(false);
  #submitting = $state(false);
  #error = $state('');
  /** kept across retries of one submission, so a retry after a timeout cannot create a second incident */
  #commandId = newCommandId();

  lng = $state<number | null>(null);
  lat = $state<number | null>(null);
  category = $state<IncidentCategory>('dispute');
  priority = $state<Priority>(2);
  source = $state<IncidentSource>('dispatcher');
  description = $state('');

  constructor(live: LiveLink) {
    this.#live = live;
  }

  get open(): boolean {
    return this.#open;
  }
  get submitting(): boolean {
    return this.#submitting;
  }
  get error(): string {
    return this.#error;
  }
  get hasLocation(): boolean {
    return Number.isFinite(this.lng) && Number.isFinite(this.lat);
  }

  start(): void {
    this.#open = true;
    this.#error = '';
  }

  cancel(): void {
    this.#open = false;
    this.#error = '';
    this.lng = null;
    this.lat = null;
  }

  pick(lng: number, lat: number): void {
    // six decimals is about 0.1 m, the precision of the position frames
    this.lng = Math.round(lng * 1e6) / 1e6;
    this.lat = Math.round(lat * 1e6) / 1e6;
  }

  /** Sends `incident:create`; resolves with the new incident, or null and an error on the form. */
  async submit(): Promise<Incident | null> {
    if (this.#submitting) return null;
    if (this.lng === null || this.lat === null || !this.hasLocation) {
      this.#error = msg.form.needLocation;
      return null;
    }
    this.#submitting = true;
    this.#error = '';
    const res = await this.#live.createIncident({
      commandId: this.#commandId,
      category: this.category,
      priority: this.priority,
      lng: this.lng,
      lat: this.lat,
      source: this.source,
      description: this.description.trim()
    });
    this.#submitting = false;
    if (!res.ok) {
      this.#error = errorText(res);
      // only a lost answer may be retried under the same id; a refusal is final for it
      if (res.error !== 'TIMEOUT' && res.error !== 'OFFLINE') this.#commandId = newCommandId();
      return null;
    }
    this.#commandId = newCommandId();
    this.description = '';
    this.cancel();
    return res.data;
  }
}
