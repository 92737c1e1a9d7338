import type { IncidentCategory, IncidentSource, Priority } from '../../../shared/domain.ts';
import type { Incident } from '../../../shared/domain.ts';
import type { DistrictCollection } from '../../../shared/district.ts';
import { ReporterContact } from '../../../shared/commands.ts';
import type { Api } from './api.ts';
import { newCommandId } from './command-id.ts';
import { errorText } from './errors.ts';
import { msg } from './i18n.ts';
import type { LiveLink } from './live.svelte.ts';
import { placeContains } from './place-pick.ts';
import { PlaceSearch, type Place } from './place-search.svelte.ts';

/**
 * The "new incident" form: open or not, the location picked on the map or typed, the reporter's contact
 * (optional) and the fields. The created incident reaches the list through the `incident:changed` broadcast like
 * anyone else's, not through the ack.
 *
 * A place found by name says where to look, not where the incident is: choosing a town or community leaves the
 * location unset, frames the map on the place and waits for a click inside it (a click outside is refused), so
 * no incident lands on a town's label point and units are never ranked from there. A grid is small: its label
 * point stands as a provisional location, framed, until a click in the grid corrects it.
 */

/** Where the map should look for a chosen place: a new object per choice, so the map moves once per choice. */
export interface PlaceFrame {
  code: string;
  /** [west, south, east, north] in WGS-84 */
  bbox: [number, number, number, number];
}

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
  #areas: () => DistrictCollection | null;
  /** the chosen place: picks must lie inside it until it is cleared */
  #place = $state.raw<Place | null>(null);
  #frame = $state.raw<PlaceFrame | null>(null);
  /** the location is a grid's label point, not yet confirmed by a click */
  #provisional = $state(false);
  #refusal = $state('');

  readonly places: PlaceSearch;
  lng = $state<number | null>(null);
  lat = $state<number | null>(null);
  category = $state<IncidentCategory>('dispute');
  priority = $state<Priority>(2);
  source = $state<IncidentSource>('dispatcher');
  description = $state('');
  reporterName = $state('');
  reporterPhone = $state('');

  /** `areas` is the district the screen holds, for the polygon of a chosen place */
  constructor(live: LiveLink, api: Api, areas: () => DistrictCollection | null = () => null) {
    this.#live = live;
    this.#areas = areas;
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
  /** the chosen place's name, '' when none is */
  get placeName(): string {
    return this.#place?.name ?? '';
  }
  get place(): Place | null {
    return this.#place;
  }
  /** where the map should look, set once per chosen place */
  get frame(): PlaceFrame | null {
    return this.#frame;
  }
  /** the location is the chosen grid's label point, not a confirmed spot */
  get provisional(): boolean {
    return this.#provisional;
  }
  /** a place is chosen and its exact point is still to come */
  get awaitingPoint(): boolean {
    return this.#place !== null && !this.hasLocation;
  }
  /** why the last click was not taken, '' when it was */
  get refusal(): string {
    return this.#refusal;
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
    this.#place = null;
    this.#frame = null;
    this.#provisional = false;
    this.#refusal = '';
    this.places.clear();
    // a citizen's name and number stay on the form no longer than it is open
    this.reporterName = '';
    this.reporterPhone = '';
  }

  /** A click on the map (WGS-84): taken when no place is chosen or it lies inside the chosen one. */
  pick(lng: number, lat: number): boolean {
    if (!this.#inPlace(lng, lat)) {
      this.#refusal = msg.form.placeOutside(this.#place!.name);
      return false;
    }
    this.#setPoint(lng, lat);
    this.#provisional = false;
    this.#refusal = '';
    return true;
  }

  /**
   * A place was chosen from the search: the map frames it and the exact point is still to come; a grid's label
   * point stands in for it meanwhile.
   */
  pickPlace(place: Place): void {
    this.#place = place;
    this.#frame = { code: place.code, bbox: place.bbox };
    this.#refusal = '';
    this.#error = '';
    if (place.layer === 'grid') {
      this.#setPoint(place.labelAt[0], place.labelAt[1]);
      this.#provisional = true;
    } else {
      this.lng = null;
      this.lat = null;
      this.#provisional = false;
    }
    this.places.clear();
  }

  /** Picks anywhere again; the location stays. */
  releasePlace(): void {
    this.#place = null;
    this.#frame = null;
    this.#refusal = '';
  }

  /** The coordinates were typed: they are the caller's, checked against the place on submit. */
  typedLocation(): void {
    this.#provisional = false;
    this.#refusal = '';
  }

  /** Sends `incident:create`; resolves with the new incident, or null and an error on the form. */
  async submit(): Promise<Incident | null> {
    if (this.#submitting) return null;
    if (this.lng === null || this.lat === null || !this.hasLocation) {
      this.#error = this.#place
        ? msg.form.placePointPrompt(this.#place.name)
        : msg.form.needLocation;
      return null;
    }
    if (!this.#inPlace(this.lng, this.lat)) {
      this.#error = msg.form.placeOutside(this.#place!.name);
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

  #setPoint(lng: number, lat: number): void {
    // six decimals is about 0.1 m, the precision of the position frames
    this.lng = Math.round(lng * 1e6) / 1e6;
    this.lat = Math.round(lat * 1e6) / 1e6;
  }

  #inPlace(lng: number, lat: number): boolean {
    return this.#place === null || placeContains(this.#areas(), this.#place.code, [lng, lat]);
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
