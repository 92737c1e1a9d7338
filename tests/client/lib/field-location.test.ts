import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PositionReport } from '../../../shared/commands.ts';
import { ErrorCode, fail } from '../../../shared/result.ts';
import { locale } from '../../../client/src/lib/locale.svelte.ts';
import type { CommandResult } from '../../../client/src/lib/live.svelte.ts';
import { FieldLocation, type LocationLink } from '../../../client/src/lib/field-location.svelte.ts';

/**
 * The phone's position logic against a scripted Geolocation (the browser's is driven in tests/e2e/field-app):
 * where each fix goes (live, kept for the backlog, nowhere), how often, and what a desk's request does.
 */

const M = 1 / 111_195;

class ScriptedGeolocation implements Geolocation {
  watchers = new Map<number, PositionCallback>();
  errors = new Map<number, PositionErrorCallback | null | undefined>();
  options: PositionOptions[] = [];
  /** what getCurrentPosition answers next */
  current: GeolocationPosition | null = null;
  #next = 1;

  watchPosition(ok: PositionCallback, err?: PositionErrorCallback | null, o?: PositionOptions) {
    const id = this.#next++;
    this.watchers.set(id, ok);
    this.errors.set(id, err);
    if (o) this.options.push(o);
    return id;
  }
  clearWatch(id: number) {
    this.watchers.delete(id);
  }
  getCurrentPosition(
    ok: PositionCallback,
    _err?: PositionErrorCallback | null,
    o?: PositionOptions
  ) {
    if (o) this.options.push(o);
    if (this.current) ok(this.current);
  }
  /** the phone moves: every watcher hears of it */
  move(northM: number, time: number): GeolocationPosition {
    const p = position(northM, time);
    for (const w of this.watchers.values()) w(p);
    return p;
  }
  deny() {
    const e = {
      code: 1,
      PERMISSION_DENIED: 1,
      POSITION_UNAVAILABLE: 2,
      TIMEOUT: 3,
      message: 'denied'
    };
    for (const err of this.errors.values()) err?.(e as GeolocationPositionError);
  }
}

function position(northM: number, time: number): GeolocationPosition {
  return {
    timestamp: time,
    coords: {
      longitude: 118.87,
      latitude: 31.33 + northM * M,
      accuracy: 6,
      altitude: null,
      altitudeAccuracy: null,
      heading: null,
      speed: Number.NaN
    }
  } as unknown as GeolocationPosition;
}

class ScriptedLink implements LocationLink {
  online = true;
  clockOffsetMs = 0;
  reported: PositionReport[] = [];
  kept: PositionReport[] = [];
  answer: CommandResult<null> = { ok: true, data: null };
  async report(r: PositionReport): Promise<CommandResult<null>> {
    this.reported.push(r);
    return this.answer;
  }
  async keep(r: PositionReport): Promise<void> {
    this.kept.push(r);
  }
}

const store = new Map<string, string>();
let geo: ScriptedGeolocation;
let link: ScriptedLink;
let loc: FieldLocation;

beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
  store.clear();
  vi.stubGlobal('localStorage', {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v)
  });
  geo = new ScriptedGeolocation();
  link = new ScriptedLink();
});

afterEach(() => {
  loc?.close();
  locale.set('zh');
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const now = () => Date.now();
async function settle() {
  await vi.advanceTimersByTimeAsync(0);
}

describe('FieldLocation', () => {
  it('shares by default with a high-accuracy watch, and reports the first fix at once', async () => {
    loc = new FieldLocation('u1', link, geo);
    expect(loc.state).toBe('waiting');
    expect(geo.options[0]).toMatchObject({ enableHighAccuracy: true });
    geo.move(0, now());
    await settle();
    expect(loc.state).toBe('sharing');
    expect(link.reported).toHaveLength(1);
    // speed is NaN on a phone standing still: left out rather than sent as garbage
    expect(link.reported[0]).toEqual({
      unitId: 'u1',
      lng: 118.87,
      lat: 31.33,
      time: now(),
      accuracyM: 6
    });
    expect(loc.lastSent?.time).toBe(now());
  });

  it('reports at most one fix a second while moving', async () => {
    loc = new FieldLocation('u1', link, geo);
    for (let i = 0; i < 30; i++) {
      geo.move(i * 2, now());
      await vi.advanceTimersByTimeAsync(100);
    }
    await vi.advanceTimersByTimeAsync(1000);
    const times = link.reported.map((r) => r.time);
    expect(times.length).toBeGreaterThanOrEqual(3);
    expect(times.length).toBeLessThanOrEqual(4);
    for (let i = 1; i < times.length; i++)
      expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(900);
  });

  it('keeps fixes for the backlog while offline, every 50 m, and sends the newest at once on reconnect', async () => {
    loc = new FieldLocation('u1', link, geo);
    link.online = false;
    loc.connectionChanged(false);
    for (let i = 0; i < 10; i++) {
      geo.move(i * 20, now());
      await vi.advanceTimersByTimeAsync(2000);
    }
    expect(link.reported).toEqual([]);
    expect(link.kept.map((r) => Math.round((r.lat - 31.33) / M))).toEqual([0, 60, 120, 180]);
    link.online = true;
    loc.connectionChanged(true);
    await settle();
    expect(link.reported.map((r) => Math.round((r.lat - 31.33) / M))).toEqual([180]);
  });

  it('keeps a fix whose report got no answer', async () => {
    link.answer = { ok: false, error: 'TIMEOUT', message: 'timed out' };
    loc = new FieldLocation('u1', link, geo);
    geo.move(0, now());
    await settle();
    expect(link.kept).toHaveLength(1);
    expect(loc.lastSent).toBeNull();
  });

  it("says why the server refused a fix, in the screen's words", async () => {
    link.answer = fail(ErrorCode.INVALID, 'position_rejected', { reason: 'jump' });
    loc = new FieldLocation('u1', link, geo);
    geo.move(0, now());
    await settle();
    expect(loc.rejected).toBe('位置未被采用：位置跳变');
    locale.set('en');
    expect(loc.rejected).toBe('position rejected: Impossible jump');
    expect(link.kept).toEqual([]);
  });

  it('stops the watch when sharing is turned off, and remembers the choice', async () => {
    loc = new FieldLocation('u1', link, geo);
    loc.setSharing(false);
    expect(loc.state).toBe('off');
    expect(geo.watchers.size).toBe(0);
    loc.close();
    loc = new FieldLocation('u1', link, geo);
    expect(loc.sharing).toBe(false);
    expect(geo.watchers.size).toBe(0);
  });

  it('shows a refused permission', () => {
    loc = new FieldLocation('u1', link, geo);
    geo.deny();
    expect(loc.state).toBe('denied');
  });

  it('answers a desk at once with a fresh fix while sharing', async () => {
    loc = new FieldLocation('u1', link, geo);
    geo.move(0, now());
    await settle();
    await vi.advanceTimersByTimeAsync(300);
    geo.current = position(1, now());
    loc.requested({ unitId: 'u1', by: 'dispatcher', at: now() });
    await settle();
    expect(geo.options.at(-1)).toMatchObject({ maximumAge: 0, enableHighAccuracy: true });
    expect(link.reported.map((r) => r.time)).toEqual([now() - 300, now()]);
    expect(loc.request).toBeNull();
  });

  it('asks the person first while not sharing, and sends one fix on their tap', async () => {
    loc = new FieldLocation('u1', link, geo);
    loc.setSharing(false);
    loc.requested({ unitId: 'u1', by: 'dispatcher', at: now() });
    expect(loc.request?.by).toBe('dispatcher');
    expect(link.reported).toEqual([]);
    geo.current = position(0, now());
    await loc.answerRequest();
    expect(link.reported).toHaveLength(1);
    expect(loc.request).toBeNull();
    expect(loc.sharing).toBe(false);
  });

  it('puts fix times on the server clock', async () => {
    link.clockOffsetMs = 2500;
    loc = new FieldLocation('u1', link, geo);
    geo.move(0, now());
    await settle();
    expect(link.reported[0].time).toBe(now() + 2500);
  });
});
