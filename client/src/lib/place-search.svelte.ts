import type { Place } from '../../../shared/district.ts';
import type { Api } from './api.ts';
import { errorText } from './errors.ts';

/**
 * Place search for the new-incident form, over `GET /api/places?q=`: a dispatcher on a hotline call types a town,
 * community or grid name in Chinese, full pinyin (chunxi) or initials (cxjd), and picks one of at most ten
 * matches, best first, with the arrow keys or the mouse. Typing is debounced; an answer to an older query than the
 * one on screen is dropped, so a slow reply never replaces a newer list.
 */

/** One match, as `GET /api/places` answers: only places in the caller's towns, each with its bounding box. */
export type { Place };

export const PLACE_DEBOUNCE_MS = 150;
/** the server's limit on a query */
const MAX_QUERY = 40;

export class PlaceSearch {
  #api: Api;
  #results = $state.raw<Place[]>([]);
  #active = $state(-1);
  #searching = $state(false);
  #error = $state('');
  /** the query whose answer the list shows (or awaits) */
  #asked = $state('');
  #timer: ReturnType<typeof setTimeout> | null = null;
  #seq = 0;

  query = $state('');

  constructor(api: Api) {
    this.#api = api;
  }

  get results(): readonly Place[] {
    return this.#results;
  }
  /** index of the highlighted match, -1 for none */
  get active(): number {
    return this.#active;
  }
  get searching(): boolean {
    return this.#searching;
  }
  get error(): string {
    return this.#error;
  }
  /** a query was answered with nothing */
  get empty(): boolean {
    return this.#asked !== '' && !this.#searching && !this.#error && this.#results.length === 0;
  }

  /** The text in the box changed: search it once typing pauses. */
  input(text: string): void {
    this.query = text;
    if (this.#timer) clearTimeout(this.#timer);
    const q = text.trim().slice(0, MAX_QUERY);
    if (!q) return this.clear(text);
    this.#timer = setTimeout(() => void this.#search(q), PLACE_DEBOUNCE_MS);
  }

  /** Moves the highlight, wrapping at either end. */
  move(delta: 1 | -1): void {
    const n = this.#results.length;
    if (n === 0) return;
    this.#active = this.#active < 0 && delta < 0 ? n - 1 : (this.#active + delta + n) % n;
  }

  /** The highlighted match, or the first when none is. */
  current(): Place | null {
    return this.#results[Math.max(0, this.#active)] ?? null;
  }

  /** Empties the list (and sets the box to `text`); an answer still on its way is dropped. */
  clear(text = ''): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#seq++;
    this.query = text;
    this.#asked = '';
    this.#results = [];
    this.#active = -1;
    this.#searching = false;
    this.#error = '';
  }

  async #search(q: string): Promise<void> {
    this.#timer = null;
    const seq = ++this.#seq;
    this.#asked = q;
    this.#searching = true;
    const res = await this.#api.call<Place[]>('GET', `/api/places?q=${encodeURIComponent(q)}`);
    if (seq !== this.#seq) return;
    this.#searching = false;
    this.#active = -1;
    if (res.ok) {
      this.#results = res.data;
      this.#error = '';
    } else {
      this.#results = [];
      this.#error = errorText(res);
    }
  }
}
