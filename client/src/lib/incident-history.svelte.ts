import type { HistoryDays, HistoryPoint, IncidentHistory } from '../../../shared/history.ts';
import type { Api } from './api.ts';
import { errorText } from './errors.ts';

/**
 * The incidents of the last day or week for the map's history layer (`GET /api/incidents/history`), loaded when
 * the layer is switched on and again every few minutes while it stays on, so the window slides with the day.
 * The server filters by the account's Scope; an answer for a window no longer asked for is dropped.
 */

export type HistoryStatus = 'off' | 'loading' | 'ready' | 'failed';

/** the window moves by minutes; a wall left on all day still shows the last 24 h */
export const HISTORY_REFRESH_MS = 5 * 60_000;

export class IncidentHistoryLoader {
  #api: Api;
  #days = $state<HistoryDays | null>(null);
  #status = $state<HistoryStatus>('off');
  #error = $state('');
  #points = $state.raw<readonly HistoryPoint[]>([]);
  #timer: ReturnType<typeof setInterval> | null = null;
  /** bumps per request: a slow answer for an older window is dropped */
  #token = 0;

  constructor(api: Api) {
    this.#api = api;
  }

  /** the window shown, or null when the layer is off */
  get days(): HistoryDays | null {
    return this.#days;
  }
  get status(): HistoryStatus {
    return this.#status;
  }
  get error(): string {
    return this.#error;
  }
  /** the points of the window shown (those of the previous load while a refresh runs) */
  get points(): readonly HistoryPoint[] {
    return this.#points;
  }

  /** Shows a window (loads it now and every few minutes), or none. */
  show(days: HistoryDays | null): void {
    if (days === this.#days) return;
    this.#stop();
    this.#days = days;
    if (days === null) {
      this.#token++;
      this.#status = 'off';
      this.#points = [];
      return;
    }
    this.#points = [];
    void this.#load(days);
    this.#timer = setInterval(() => void this.#load(days), HISTORY_REFRESH_MS);
  }

  dispose(): void {
    this.#stop();
    this.#token++;
  }

  async #load(days: HistoryDays): Promise<void> {
    const token = ++this.#token;
    if (this.#points.length === 0) this.#status = 'loading';
    const res = await this.#api.call<IncidentHistory>('GET', `/api/incidents/history?days=${days}`);
    if (token !== this.#token) return;
    if (res.ok) {
      this.#points = res.data.points;
      this.#status = 'ready';
      this.#error = '';
    } else {
      this.#status = 'failed';
      this.#error = errorText(res);
    }
  }

  #stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
