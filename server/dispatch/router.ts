import type { TravelMode } from '../../shared/domain.ts';
import type { LngLat } from '../../shared/district.ts';
import { etaS } from '../../geo/eta.ts';
import type { Logger } from '../logger.ts';

/**
 * Travel times for ranking. The default is the straight-line model (geo/eta.ts); a road router (OSRM) is chosen
 * by configuration. A router that fails answers with the straight-line estimate for that request, so a router
 * outage slows nothing down and still ranks every unit.
 */

export interface RouteFrom {
  lng: number;
  lat: number;
  mode: TravelMode;
  /** straight-line distance to the destination, for the fallback */
  distanceM: number;
}

export interface Router {
  readonly name: string;
  /** seconds from each origin to `to`, in the order given */
  travelTimes(to: LngLat, from: readonly RouteFrom[]): Promise<number[]>;
}

export class StraightLineRouter implements Router {
  readonly name = 'straight-line';

  async travelTimes(_to: LngLat, from: readonly RouteFrom[]): Promise<number[]> {
    return from.map((f) => etaS(f.distanceM, f.mode));
  }
}

/** OSRM's profile for each travel mode (one OSRM server may serve several under one base URL). */
const PROFILE: Record<TravelMode, string> = { car: 'driving', ebike: 'cycling', foot: 'walking' };
const TIMEOUT_MS = 1500;

/** An OSRM server's table service: one request per travel mode among the origins. */
export class OsrmRouter implements Router {
  readonly name = 'osrm';
  readonly #base: string;
  readonly #log: Logger;
  readonly #fallback = new StraightLineRouter();

  constructor(baseUrl: string, log: Logger) {
    this.#base = baseUrl.replace(/\/+$/, '');
    this.#log = log;
  }

  async travelTimes(to: LngLat, from: readonly RouteFrom[]): Promise<number[]> {
    const out = await this.#fallback.travelTimes(to, from);
    const modes = [...new Set(from.map((f) => f.mode))];
    await Promise.all(
      modes.map(async (mode) => {
        const idx = from.flatMap((f, i) => (f.mode === mode ? [i] : []));
        try {
          const durations = await this.#table(
            PROFILE[mode],
            to,
            idx.map((i) => from[i])
          );
          idx.forEach((i, k) => {
            // OSRM answers null for an origin it cannot route from: keep the straight-line estimate there
            if (typeof durations[k] === 'number') out[i] = durations[k] as number;
          });
        } catch (e) {
          this.#log.warn({ err: e, mode }, 'road router failed; using straight-line estimates');
        }
      })
    );
    return out;
  }

  async #table(
    profile: string,
    to: LngLat,
    from: readonly RouteFrom[]
  ): Promise<Array<number | null>> {
    const coords = [...from.map((f) => `${f.lng},${f.lat}`), `${to[0]},${to[1]}`].join(';');
    const sources = from.map((_, i) => i).join(';');
    const url = `${this.#base}/table/v1/${profile}/${coords}?sources=${sources}&destinations=${from.length}&annotations=duration`;
    const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (!res.ok) throw new Error(`osrm ${res.status}`);
    const body = (await res.json()) as { code?: string; durations?: Array<Array<number | null>> };
    if (body.code !== 'Ok' || !body.durations) throw new Error(`osrm answered ${body.code}`);
    return body.durations.map((row) => row[0]);
  }
}
