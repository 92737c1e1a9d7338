import type { IncidentCategory, IncidentSource, Priority } from '../../../shared/domain.ts';
import type { Incident } from '../../../shared/domain.ts';
import { ReporterContact } from '../../../shared/commands.ts';
import type { Api } from './api.ts';
import { newCommandId } from './command-id.ts';
import { errorText } from './errors.ts';
import { msg } from './i18n.ts';
import type { LiveLink } from './live.svelte.ts';
import { PlaceSearch, type Place } from './place-search.svelte.ts';

/**
 * The "new incident" form: open or not, the location picked on the map, found by place name or typed, the
 * reporter's contact (optional) and the fields. The created incident reaches the list through the
 * `incident:changed` broadcast like anyone else's, not through the ack.
 */

/** the schema's own pattern, so the form refuses what the server would */
const PHONE = new RegExp(ReporterContact.properties.phone.pattern ?? '^[0-9+\\- ]{5,20}$');
export const REPORTER_NAME_MAX = ReporterContact.properties.name.maxLength ?? 40;

export class IncidentDraft {
  #live: LiveLink;
  #open = $state(false);
  #submitting = $state(false);
  #error = $state('');
  /** kept across retries of one submission, so a retry after a timeout cannot create a second incident */
  #commandId = newCommandId();
  #placeName = $state('');

  readonly places: PlaceSearch;
  lng = $state<number | null>(null);
  lat = $state<number | null>(null);
  category = $state<IncidentCategory>('dispute');
  priority = $state<Priority>(2);
  source = $state<IncidentSource>('dispatcher');
  description = $state('');
  reporterName = $state('');
  reporterPhone = $state('');

  constructor(live: LiveLink, api: Api) {
    this.#live = live;
    this.places = new PlaceSearch(api);
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
  /** the place the location was taken from, until the map or the fields move it */
  get placeName(): string {
    return this.#placeName;
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
    this.#placeName = '';
    this.places.clear();
    // a citizen's name and number stay on the form no longer than it is open
    this.reporterName = '';
    this.reporterPhone = '';
  }

  pick(lng: number, lat: number): void {
    // six decimals is about 0.1 m, the precision of the position frames
    this.lng = Math.round(lng * 1e6) / 1e6;
    this.lat = Math.round(lat * 1e6) / 1e6;
    this.#placeName = '';
  }

  /** The incident is at the place's label point, where the map writes its name. */
  pickPlace(place: Place): void {
    this.pick(place.labelAt[0], place.labelAt[1]);
    this.#placeName = place.name;
    this.places.clear();
  }

  /** The coordinates were typed: they no longer say the picked place. */
  typedLocation(): void {
    this.#placeName = '';
  }

  /** Sends `incident:create`; resolves with the new incident, or null and an error on the form. */
  async submit(): Promise<Incident | null> {
    if (this.#submitting) return null;
    if (this.lng === null || this.lat === null || !this.hasLocation) {
      this.#error = msg.form.needLocation;
      return null;
    }
    const reporter = this.#reporter();
    if (typeof reporter === 'string') {
      this.#error = reporter;
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
      description: this.description.trim(),
      ...(reporter ? { reporter } : {})
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

  /** The contact to send, none when both fields are empty, or why it cannot be sent. */
  #reporter(): ReporterContact | null | string {
    const name = this.reporterName.trim();
    const phone = this.reporterPhone.trim();
    if (!name && !phone) return null;
    if (!phone) return msg.form.needPhone;
    if (!PHONE.test(phone)) return msg.form.badPhone;
    if (name.length > REPORTER_NAME_MAX) return msg.form.longName(REPORTER_NAME_MAX);
    return { name, phone };
  }
}
