import { Type, type Static } from '@sinclair/typebox';
import { PositionReport } from '../../shared/commands.ts';
import { DeviceId } from '../../shared/devices.ts';
import { checker, validate } from '../../shared/validate.ts';
import { toWgs84, type Crs } from '../../geo/crs.ts';

/**
 * The OsmAnd protocol as Traccar defines it (traccar.org/osmand and its OsmAndProtocolDecoder), the one Traccar
 * Client, OsmAnd's online tracking and many car trackers speak over HTTP. Two forms:
 *
 * - parameters, in the query string or an `application/x-www-form-urlencoded` body: `id` or `deviceid`, `lat` and
 *   `lon` (or `location=lat,lon`), `timestamp`, `speed`, `bearing` or `heading`, `altitude`, `accuracy`, `hdop`,
 *   `batt`, `charge`, `valid`; anything else is ignored;
 * - the JSON body of Traccar Client 9 and later (its background-location SDK's native record):
 *   `{ location: { timestamp, coords: { latitude, longitude, accuracy, speed, heading, altitude },
 *   battery: { level, is_charging }, … }, device_id }`.
 *
 * Pure: a request's parts in, a fix (still in the device's coordinate system) or the reason it cannot be read out.
 * Every documented parameter that is present must be well-formed: a device that sends `lat=NaN` or `speed=fast`
 * is broken, and guessing what it meant would put a wrong marker on a screen.
 */

export interface OsmAndFix {
  deviceId: string;
  /** degrees, in the coordinate system the device is registered with */
  lng: number;
  lat: number;
  /** epoch ms of the measurement; the server's time when the device sent none */
  time: number;
  speedMps?: number;
  headingDeg?: number;
  accuracyM?: number;
  /** 0–100 */
  batteryPct?: number;
  charging?: boolean;
  /** false when the device itself says the fix is not valid (no satellite lock, a cached position) */
  valid: boolean;
}

export type Parsed = { ok: true; fix: OsmAndFix } | { ok: false; message: string };

/** What the route hands over: the parsed query, the parsed body, and whether the body was JSON. */
export interface OsmAndRequest {
  query: unknown;
  body: unknown;
  json: boolean;
}

/**
 * Reads a request the way Traccar does: a JSON body is the Traccar Client 9 record; otherwise the parameters come
 * from the query string when it has any, else from the form body.
 */
export function parseOsmAnd(req: OsmAndRequest, now: number): Parsed {
  if (req.json) return parseJson(req.body);
  const query = paramsOf(req.query);
  if (query && Object.keys(query).length > 0) return parseParams(query, now);
  if (typeof req.body === 'string') return parseParams(paramsOf(req.body) ?? {}, now);
  const body = paramsOf(req.body ?? {});
  if (!body) return { ok: false, message: 'the body is neither form parameters nor JSON' };
  return parseParams(body, now);
}

/** One knot in metres per second (1852 m an hour). */
const KNOT_MPS = 1852 / 3600;
/**
 * A receiver's horizontal error is roughly its HDOP times its range error (UERE, about 5 m for a phone or a
 * consumer GPS chip): used only when a device sends `hdop` and no `accuracy`, so a fix with a poor geometry is
 * still caught by the accuracy filter.
 */
const UERE_M = 5;

export function parseParams(params: Record<string, string | string[]>, now: number): Parsed {
  try {
    const one = (key: string): string | undefined => {
      const v = params[key];
      if (Array.isArray(v)) throw new BadInput(`${key}: sent ${v.length} times`);
      return v;
    };
    const deviceId = one('id') ?? one('deviceid');
    if (deviceId === undefined) throw new BadInput('id: missing');
    if (!deviceIdOk(deviceId)) throw new BadInput(`id: "${clip(deviceId)}" ${ID_RULE}`);
    let lat = optionalNumber('lat', one('lat'));
    let lng = optionalNumber('lon', one('lon'));
    const location = one('location');
    if (location !== undefined && lat === undefined && lng === undefined) {
      const parts = location.split(',');
      if (parts.length !== 2) throw new BadInput(`location: "${clip(location)}" is not lat,lon`);
      lat = number('location', parts[0]);
      lng = number('location', parts[1]);
    }
    if (lat === undefined) throw new BadInput('lat: missing');
    if (lng === undefined) throw new BadInput('lon: missing');
    const timestamp = one('timestamp');
    // Traccar's decoder takes `speed` in knots (convertSpeed(value, "kn")), because that is what Traccar Client
    // sent before version 9 (Android's m/s through knotsFromMps); we read it the same way so a phone set up for a
    // Traccar server reports the same speed here. The JSON form says m/s and is read as m/s.
    const speedKn = optionalNumber('speed', one('speed'));
    const accuracy = optionalNumber('accuracy', one('accuracy'));
    const hdop = optionalNumber('hdop', one('hdop'));
    optionalNumber('altitude', one('altitude'));
    const fix: OsmAndFix = {
      deviceId,
      lng,
      lat,
      time: timestamp === undefined ? now : parseTime(timestamp),
      valid: flag('valid', one('valid')) ?? true
    };
    if (speedKn !== undefined) fix.speedMps = speedKn * KNOT_MPS;
    const heading =
      optionalNumber('bearing', one('bearing')) ?? optionalNumber('heading', one('heading'));
    if (heading !== undefined) fix.headingDeg = heading;
    if (accuracy !== undefined) fix.accuracyM = accuracy;
    else if (hdop !== undefined) fix.accuracyM = hdop * UERE_M;
    const batt = optionalNumber('batt', one('batt'));
    if (batt !== undefined) fix.batteryPct = percent('batt', batt);
    const charging = flag('charge', one('charge'));
    if (charging !== undefined) fix.charging = charging;
    return { ok: true, fix };
  } catch (e) {
    if (e instanceof BadInput) return { ok: false, message: e.message };
    throw e;
  }
}

/**
 * Traccar Client 9's record. Fields the SDK adds (uuid, odometer, activity, extras, …) are allowed and ignored;
 * a negative speed, heading or battery level is the SDK's "not known" (-1), as Traccar's own decoder reads it.
 */
const JsonReport = Type.Object({
  device_id: Type.String(),
  location: Type.Object({
    timestamp: Type.Union([Type.String({ maxLength: 40 }), Type.Number()]),
    coords: Type.Object({
      latitude: Type.Number(),
      longitude: Type.Number(),
      accuracy: Type.Optional(Type.Number()),
      speed: Type.Optional(Type.Number()),
      heading: Type.Optional(Type.Number()),
      altitude: Type.Optional(Type.Number())
    }),
    battery: Type.Optional(
      Type.Object({ level: Type.Number(), is_charging: Type.Optional(Type.Boolean()) })
    )
  })
});
type JsonReport = Static<typeof JsonReport>;

export function parseJson(body: unknown): Parsed {
  const checked = validate(JsonReport, body);
  if (!checked.ok) return { ok: false, message: checked.message };
  const { device_id: deviceId, location }: JsonReport = checked.data;
  if (!deviceIdOk(deviceId))
    return { ok: false, message: `/device_id: "${clip(deviceId)}" ${ID_RULE}` };
  const { coords, battery } = location;
  try {
    const fix: OsmAndFix = {
      deviceId,
      lng: coords.longitude,
      lat: coords.latitude,
      time:
        typeof location.timestamp === 'number'
          ? epochMs('timestamp', location.timestamp)
          : parseTime(location.timestamp),
      valid: true
    };
    if (coords.speed !== undefined && coords.speed >= 0) fix.speedMps = coords.speed;
    if (coords.heading !== undefined && coords.heading >= 0) fix.headingDeg = coords.heading;
    if (coords.accuracy !== undefined) fix.accuracyM = coords.accuracy;
    if (battery && battery.level >= 0)
      fix.batteryPct = percent('battery.level', battery.level * 100);
    if (battery?.is_charging !== undefined) fix.charging = battery.is_charging;
    return { ok: true, fix };
  } catch (e) {
    if (e instanceof BadInput) return { ok: false, message: e.message };
    throw e;
  }
}

/**
 * The position report a fix makes for `unitId`, converted to WGS-84 and checked against the same schema as the
 * socket path's `unit:report` (so lat > 90, a speed of 500 m/s or a heading of 400° are refused here too). A
 * refusal carries the report as made, for the registry to tell swapped coordinates from plain garbage.
 */
export function toPositionReport(
  fix: OsmAndFix,
  unitId: string,
  crs: Crs
):
  { ok: true; report: PositionReport } | { ok: false; message: string; candidate: PositionReport } {
  const [lng, lat] = toWgs84(fix.lng, fix.lat, crs);
  const report: PositionReport = { unitId, lng, lat, time: fix.time };
  if (fix.speedMps !== undefined) report.speedMps = fix.speedMps;
  if (fix.headingDeg !== undefined) report.headingDeg = fix.headingDeg;
  if (fix.accuracyM !== undefined) report.accuracyM = fix.accuracyM;
  const checked = validate(PositionReport, report);
  return checked.ok
    ? { ok: true, report: checked.data }
    : { ok: false, message: checked.message, candidate: report };
}

class BadInput extends Error {}

const ID_RULE = 'is not 1–64 characters of A–Z a–z 0–9 _ . : -';
const deviceIdOk = (id: string) => checker(DeviceId).Check(id);

/**
 * Plain decimal numbers only: `Number()` would also take '', ' ', '0x1f', 'Infinity' and '1e999' (which is
 * Infinity), none of which a GPS sends.
 */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,3})?$/;

function number(key: string, raw: string): number {
  const v = DECIMAL.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isFinite(v)) throw new BadInput(`${key}: "${clip(raw)}" is not a number`);
  return v;
}

function optionalNumber(key: string, raw: string | undefined): number | undefined {
  return raw === undefined ? undefined : number(key, raw);
}

/** Traccar's `valid`: true, false, 1 or 0 */
function flag(key: string, raw: string | undefined): boolean | undefined {
  if (raw === undefined) return undefined;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new BadInput(`${key}: "${clip(raw)}" is not true, false, 1 or 0`);
}

function percent(key: string, v: number): number {
  if (v < 0 || v > 100) throw new BadInput(`${key}: ${v} is not a battery level`);
  return Math.round(v);
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;
const PLAIN = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/**
 * Traccar's timestamp forms: a number (seconds when below 2^31 - 1, as Traccar decides, else milliseconds), an
 * ISO 8601 time, or `yyyy-MM-dd HH:mm:ss`. A time without a zone is read as UTC, the time GPS receivers keep
 * (Traccar uses its server's zone, which is UTC on most installs); a device sending local time shows up as a fix
 * hours in the future or the past, which the filter refuses, rather than a silently wrong track.
 */
function parseTime(raw: string): number {
  const s = raw.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return epochMs('timestamp', Number(s));
  const m = ISO.exec(s) ?? PLAIN.exec(s);
  if (!m) throw new BadInput(`timestamp: "${clip(raw)}" is not a time`);
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map((x) => Number(x ?? 0));
  const base = Date.UTC(y, mo - 1, d, h, mi, sec);
  const back = new Date(base);
  // Date.UTC rolls 30 February over into March: a date that does not survive the round trip does not exist
  if (
    back.getUTCMonth() !== mo - 1 ||
    back.getUTCDate() !== d ||
    back.getUTCHours() !== h ||
    back.getUTCMinutes() !== mi ||
    back.getUTCSeconds() !== sec
  )
    throw new BadInput(`timestamp: "${clip(raw)}" is not a time`);
  // PLAIN has no fraction or zone groups: m[7] and m[8] are undefined there
  const frac = m[7] ? Math.round(Number(m[7]) * 1000) : 0;
  return base + frac - zoneOffsetMs(m[8]);
}

/** seconds or milliseconds since the epoch, told apart the way Traccar does */
function epochMs(key: string, v: number): number {
  if (!Number.isFinite(v) || v < 0) throw new BadInput(`${key}: ${v} is not a time`);
  return Math.round(v < 2 ** 31 - 1 ? v * 1000 : v);
}

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone || zone === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const h = Number(digits.slice(0, 2));
  const mi = Number(digits.slice(2));
  if (h > 14 || mi > 59) throw new BadInput(`timestamp: zone ${zone} does not exist`);
  return sign * (h * 60 + mi) * 60_000;
}

/** A form body or a query as Fastify parsed it, or a raw `a=1&b=2` string; null when it is neither. */
function paramsOf(v: unknown): Record<string, string | string[]> | null {
  if (typeof v === 'string') {
    const out: Record<string, string | string[]> = {};
    const sp = new URLSearchParams(v);
    for (const key of new Set(sp.keys())) {
      const all = sp.getAll(key);
      out[key] = all.length === 1 ? all[0] : all;
    }
    return out;
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  const out: Record<string, string | string[]> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x === 'string' || (Array.isArray(x) && x.every((e) => typeof e === 'string')))
      out[k] = x as string | string[];
    else return null;
  }
  return out;
}

/** a value quoted back in an error message, cut short: the answer must not echo a megabyte */
function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
