import type { TrackPoint } from '../../../shared/commands.ts';
import type { Api } from './api.ts';
import { errorText } from './errors.ts';
import {
  cleanTrack,
  trackPaths,
  trackSummary,
  trackWindow,
  type TrackPath,
  type TrackSummary
} from './track-paths.ts';

/**
 * The track of one unit over the last hours, loaded from `GET /api/units/:id/track` for the map. A newer load or
 * a clear supersedes a load still in flight, whose answer is then dropped.
 */

export type TrackState =
  | { kind: 'idle' }
  | { kind: 'loading'; unitId: string; hours: number }
  | { kind: 'empty'; unitId: string; hours: number }
  | { kind: 'failed'; unitId: string; hours: number; error: string }
  | {
      kind: 'ready';
      unitId: string;
      hours: number;
      points: readonly TrackPoint[];
      paths: readonly TrackPath[];
      summary: TrackSummary;
    };

export class UnitTrack {
  #api: Api;
  #state = $state.raw<TrackState>({ kind: 'idle' });
  #token = 0;

  constructor(api: Api) {
    this.#api = api;
  }

  get state(): TrackState {
    return this.#state;
  }

  /** `nowMs` is the server time, so the window matches the fix times the server keeps */
  async load(unitId: string, hours: number, nowMs: number): Promise<void> {
    const token = ++this.#token;
    const { from, to } = trackWindow(hours, nowMs);
    this.#state = { kind: 'loading', unitId, hours };
    const res = await this.#api.call<{ points: TrackPoint[] }>(
      'GET',
      `/api/units/${encodeURIComponent(unitId)}/track?from=${from}&to=${to}`
    );
    if (token !== this.#token) return;
    if (!res.ok) {
      this.#state = { kind: 'failed', unitId, hours, error: errorText(res) };
      return;
    }
    const points = cleanTrack(res.data?.points);
    const summary = trackSummary(points);
    this.#state = summary
      ? { kind: 'ready', unitId, hours, points, paths: trackPaths(points), summary }
      : { kind: 'empty', unitId, hours };
  }

  clear(): void {
    this.#token++;
    this.#state = { kind: 'idle' };
  }
}
