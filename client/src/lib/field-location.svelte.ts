import type { LocationRequested, PositionReport } from '../../../shared/commands.ts';
import type { CommandResult } from './live.svelte.ts';
import { errorText, type Refused } from './errors.ts';
import { refusalText } from './refusal-text.ts';
import { BACKLOG_GATE, Gate, LIVE_GATE } from './position-gate.ts';

/**
 * The phone's own position for a field unit: whether it is shared (the person's choice, kept across reloads),
 * the fix `watchPosition` gives (high accuracy), and where each fix goes. While the socket is up a fix goes out
 * as `unit:report` through the live gate (at most one a second, a fix that barely moved only every 10 s); while
 * it is down the backlog gate thins fixes to what the server's history keeps and the outbox holds them. A desk
 * may ask for a fresh fix (`location:requested`): sent at once while sharing, otherwise shown to the person, who
 * may send one with a tap.
 */

/** what the always-visible indicator says */
export type LocationState = 'unsupported' | 'off' | 'denied' | 'waiting' | 'sharing';

export interface PhoneFix {
  lng: number;
  lat: number;
  /** epoch ms on the server's clock (the phone's measurement time corrected by the last sync's offset) */
  time: number;
  accuracyM: number;
  speedMps?: number;
  headingDeg?: number;
}

/** What the location needs from the rest of the screen. */
export interface LocationLink {
  readonly online: boolean;
  /** server clock minus ours */
  readonly clockOffsetMs: number;
  report(r: PositionReport): Promise<CommandResult<null>>;
  /** keeps a fix for the backlog sent on reconnect */
  keep(r: PositionReport): Promise<void>;
}

const STORAGE_KEY = 'gridwatch.field.sharing';
const WATCH: PositionOptions = { enableHighAccuracy: true, maximumAge: 0, timeout: 60_000 };
/** a fresh fix asked for by a desk or for one report: no cached position */
const FRESH: PositionOptions = { enableHighAccuracy: true, maximumAge: 0, timeout: 20_000 };

export class FieldLocation {
  #unitId: string;
  #link: LocationLink;
  #geo: Geolocation | undefined;
  #sharing = $state(false);
  #denied = $state(false);
  #fix = $state.raw<PhoneFix | null>(null);
  #lastSent = $state.raw<PhoneFix | null>(null);
  #rejected = $state.raw<Refused | null>(null);
  #request = $state.raw<LocationRequested | null>(null);
  #answering = $state(false);
  #watch: number | null = null;
  #live: Gate<PhoneFix>;
  #backlog: Gate<PhoneFix>;
  #wasOnline = false;
  #permission: PermissionStatus | null = null;

  constructor(
    unitId: string,
    link: LocationLink,
    geo: Geolocation | undefined = globalThis.navigator?.geolocation
  ) {
    this.#unitId = unitId;
    this.#link = link;
    this.#geo = geo;
    this.#live = new Gate(LIVE_GATE, (f) => void this.#send(f));
    this.#backlog = new Gate(BACKLOG_GATE, (f) => void this.#link.keep(this.#report(f)));
    this.#sharing = readChoice();
    if (this.#sharing) this.#startWatch();
    void this.#followPermission();
  }

  get state(): LocationState {
    if (!this.#geo) return 'unsupported';
    if (!this.#sharing) return 'off';
    if (this.#denied) return 'denied';
    return this.#fix ? 'sharing' : 'waiting';
  }
  get sharing(): boolean {
    return this.#sharing;
  }
  /** the newest fix the phone gave (whether or not it was sent) */
  get fix(): PhoneFix | null {
    return this.#fix;
  }
  /** the last fix the server took */
  get lastSent(): PhoneFix | null {
    return this.#lastSent;
  }
  /** why the server refused the last fix, if it did */
  get rejected(): string {
    const r = this.#rejected;
    if (!r) return '';
    // a filter's verdict reads on its own (位置未被采用：位置跳变); anything else with its label
    return (r.detail?.key === 'position_rejected' && refusalText(r.detail)) || errorText(r);
  }
  /** a desk's request for a fix, waiting for the person (only while not sharing) */
  get request(): LocationRequested | null {
    return this.#request;
  }
  get answering(): boolean {
    return this.#answering;
  }

  setSharing(on: boolean): void {
    if (on === this.#sharing) return;
    this.#sharing = on;
    writeChoice(on);
    if (on) this.#startWatch();
    else this.#stopWatch();
  }

  /** The socket came up or went down: a fix after a reconnect goes out at once, the newest one first. */
  connectionChanged(online: boolean): void {
    if (online === this.#wasOnline) return;
    this.#wasOnline = online;
    this.#live.reset();
    this.#backlog.reset();
    if (online && this.#sharing && this.#fix) this.#live.offer(this.#fix);
  }

  /** A desk asked for a fresh fix. */
  requested(req: LocationRequested): void {
    if (this.#sharing) void this.#sendFresh();
    else this.#request = req;
  }

  /** The person agreed to send one fix for the desk's request (sharing stays off). */
  async answerRequest(): Promise<void> {
    if (await this.#sendFresh()) this.#request = null;
  }

  dismissRequest(): void {
    this.#request = null;
  }

  /**
   * A fix for a distance on screen (an offer while not sharing): the newest one if sharing, else one fresh fix
   * that stays on the phone.
   */
  async locate(): Promise<PhoneFix | null> {
    if (this.#sharing && this.#fix) return this.#fix;
    const fix = await this.#fresh();
    if (fix) this.#fix = fix;
    return fix;
  }

  close(): void {
    this.#stopWatch();
    if (this.#permission) this.#permission.onchange = null;
  }

  #startWatch(): void {
    if (!this.#geo || this.#watch !== null) return;
    this.#watch = this.#geo.watchPosition(
      (p) => this.#onFix(this.#toFix(p)),
      (e) => this.#onError(e),
      WATCH
    );
  }

  #stopWatch(): void {
    if (this.#watch !== null) this.#geo?.clearWatch(this.#watch);
    this.#watch = null;
    this.#live.stop();
    this.#backlog.stop();
  }

  #onFix(fix: PhoneFix): void {
    this.#denied = false;
    this.#fix = fix;
    if (!this.#sharing) return;
    if (this.#link.online) this.#live.offer(fix);
    else this.#backlog.offer(fix);
  }

  #onError(e: GeolocationPositionError): void {
    // a timeout or an unavailable fix passes: the watch keeps going; a refusal needs the person
    if (e.code === e.PERMISSION_DENIED) this.#denied = true;
  }

  async #send(fix: PhoneFix): Promise<boolean> {
    const report = this.#report(fix);
    const res = await this.#link.report(report);
    if (res.ok) {
      this.#lastSent = fix;
      this.#rejected = null;
      return true;
    }
    // the connection dropped under the report: the fix joins the backlog instead
    if (res.error === 'OFFLINE' || res.error === 'TIMEOUT') await this.#link.keep(report);
    else this.#rejected = res;
    return false;
  }

  async #sendFresh(): Promise<boolean> {
    this.#answering = true;
    try {
      const fix = await this.#fresh();
      if (!fix) return false;
      this.#fix = fix;
      const sent = await this.#send(fix);
      if (sent) this.#live.passed(fix);
      return sent;
    } finally {
      this.#answering = false;
    }
  }

  #fresh(): Promise<PhoneFix | null> {
    const geo = this.#geo;
    if (!geo) return Promise.resolve(null);
    return new Promise((resolve) =>
      geo.getCurrentPosition(
        (p) => {
          this.#denied = false;
          resolve(this.#toFix(p));
        },
        (e) => {
          this.#onError(e);
          resolve(null);
        },
        FRESH
      )
    );
  }

  #toFix(p: GeolocationPosition): PhoneFix {
    const c = p.coords;
    return {
      lng: c.longitude,
      lat: c.latitude,
      time: Math.round(p.timestamp + this.#link.clockOffsetMs),
      accuracyM: Math.min(c.accuracy, 100_000),
      speedMps: within(c.speed, 100),
      headingDeg: within(c.heading, 360)
    };
  }

  #report(f: PhoneFix): PositionReport {
    return {
      unitId: this.#unitId,
      lng: f.lng,
      lat: f.lat,
      time: f.time,
      accuracyM: f.accuracyM,
      ...(f.speedMps !== undefined ? { speedMps: f.speedMps } : {}),
      ...(f.headingDeg !== undefined ? { headingDeg: f.headingDeg } : {})
    };
  }

  /** Follows the permission where the browser tells it, so granting it in the settings resumes sharing. */
  async #followPermission(): Promise<void> {
    try {
      const status = await navigator.permissions.query({ name: 'geolocation' });
      this.#permission = status;
      const apply = () => {
        this.#denied = status.state === 'denied';
        if (status.state === 'granted' && this.#sharing && this.#watch !== null && !this.#fix) {
          // a watch that failed for want of permission does not restart on its own
          this.#stopWatch();
          this.#startWatch();
        }
      };
      status.onchange = apply;
      apply();
    } catch {
      // no Permissions API: the watch's error says it instead
    }
  }
}

/** the value when it is a number from 0 to max; speed and heading are null (or NaN) when the phone stands still */
function within(v: number | null, max: number): number | undefined {
  return v !== null && Number.isFinite(v) && v >= 0 && v <= max ? v : undefined;
}

function readChoice(): boolean {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) !== 'off';
  } catch {
    return true;
  }
}

function writeChoice(on: boolean): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, on ? 'on' : 'off');
  } catch {
    // storage refused (private mode): the choice lasts as long as the page
  }
}
