import { resolve } from 'node:path';
import { policyFromEnv, type DispatchPolicy } from './dispatch/policy.ts';
import { basemapFromEnv, type BasemapConfig } from './basemap/config.ts';
import type { AlertLimits } from './live/unit-alerts.ts';

const MINUTE_MS = 60_000;

/** Everything the server reads from its environment, parsed once at start. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** the built client to serve; absent in API-only tests */
  clientDir: string | null;
  sim: boolean;
  simUnits: number;
  /** ms between `units:moved` frames */
  tickMs: number;
  /** seed for the simulator, so a run can be replayed */
  simSeed: number;
  /** how simulated units answer offers: `realistic` (mostly accept, some decline, some stay silent) or `accept` */
  simAnswers: 'realistic' | 'accept';
  /** create demo accounts on a first start (DEMO=off for a real deployment) */
  demo: boolean;
  /** signs socket tokens; set the same one on nodes that share a store, else each process makes its own */
  tokenSecret: string | null;
  /** a road router's base URL (OSRM) for arrival estimates; null: straight line × detour factor */
  osrmUrl: string | null;
  /** SLA minutes, offer deadlines and the escalation ladder's limits (SLA, OFFER_TIMEOUT_S, OFFER_TIMEOUT_P1_S) */
  policy: DispatchPolicy;
  /** a fix whose reported accuracy is worse than this many metres never reaches a screen */
  gpsMaxAccuracyM: number;
  /** how many days of position history are kept; older points are purged every hour */
  historyDays: number;
  /** seconds a wall keeps a new P1 in focus before it returns to the district view */
  wallFocusS: number;
  /** the map under the district (BASEMAP, BASEMAP_CRS, BASEMAP_ATTRIBUTION, BASEMAP_SUBDOMAINS) */
  basemap: BasemapConfig;
  /**
   * when a unit counts as quiet or astray (QUIET_MIN_CAR, QUIET_MIN_EBIKE, QUIET_MIN_FOOT, LOW_BATTERY_PCT,
   * LEFT_TOWN_GRACE_MIN; live/unit-alerts.ts)
   */
  unitAlerts: AlertLimits;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(env.DATA_DIR || './data');
  return {
    port: intIn(env, 'PORT', 8080, 0, 65535),
    host: env.HOST || '0.0.0.0',
    dataDir,
    clientDir: resolve(env.CLIENT_DIR || './dist/client'),
    sim: onOff(env, 'SIM', true),
    simUnits: intIn(env, 'SIM_UNITS', 3000, 0, 50000),
    tickMs: intIn(env, 'TICK_MS', 250, 20, 10000),
    simSeed: intIn(env, 'SIM_SEED', 20261128, 0, 2 ** 31 - 1),
    simAnswers: oneOf(env, 'SIM_ANSWERS', ['realistic', 'accept'] as const, 'realistic'),
    demo: onOff(env, 'DEMO', true),
    tokenSecret: secret(env, 'TOKEN_SECRET'),
    osrmUrl: url(env, 'OSRM_URL'),
    policy: policyFromEnv(env),
    gpsMaxAccuracyM: intIn(env, 'GPS_MAX_ACCURACY_M', 150, 5, 100000),
    historyDays: intIn(env, 'HISTORY_DAYS', 30, 1, 3650),
    wallFocusS: intIn(env, 'WALL_FOCUS_S', 45, 1, 3600),
    basemap: basemapFromEnv(env, dataDir),
    unitAlerts: {
      // a car tracker reports every few seconds; a phone in a pocket on foot may pause longer
      quietMs: {
        car: intIn(env, 'QUIET_MIN_CAR', 5, 1, 1440) * MINUTE_MS,
        ebike: intIn(env, 'QUIET_MIN_EBIKE', 5, 1, 1440) * MINUTE_MS,
        foot: intIn(env, 'QUIET_MIN_FOOT', 10, 1, 1440) * MINUTE_MS
      },
      lowBatteryPct: intIn(env, 'LOW_BATTERY_PCT', 20, 0, 100),
      strayGraceMs: intIn(env, 'LEFT_TOWN_GRACE_MIN', 10, 0, 1440) * MINUTE_MS
    }
  };
}

function intIn(
  env: NodeJS.ProcessEnv,
  key: string,
  fallback: number,
  min: number,
  max: number
): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${key}=${raw}: expected a whole number from ${min} to ${max}`);
  }
  return n;
}

function onOff(env: NodeJS.ProcessEnv, key: string, fallback: boolean): boolean {
  const raw = env[key]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['on', '1', 'true', 'yes'].includes(raw)) return true;
  if (['off', '0', 'false', 'no'].includes(raw)) return false;
  throw new Error(`${key}=${env[key]}: expected on or off`);
}

function secret(env: NodeJS.ProcessEnv, key: string): string | null {
  const raw = env[key];
  if (!raw) return null;
  if (!/^[A-Za-z0-9_-]{43,}$/.test(raw))
    throw new Error(`${key}: expected at least 32 random bytes in base64url (43+ characters)`);
  return raw;
}

function oneOf<T extends string>(
  env: NodeJS.ProcessEnv,
  key: string,
  values: readonly T[],
  fallback: T
): T {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  if (!(values as readonly string[]).includes(raw))
    throw new Error(`${key}=${raw}: expected one of ${values.join(', ')}`);
  return raw as T;
}

function url(env: NodeJS.ProcessEnv, key: string): string | null {
  const raw = env[key];
  if (!raw) return null;
  try {
    const u = new URL(raw);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
    return raw;
  } catch {
    throw new Error(`${key}=${raw}: expected an http(s) URL`);
  }
}
