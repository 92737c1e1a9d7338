import { describe, expect, it } from 'vitest';
import gcoord from 'gcoord';
import {
  parseJson,
  parseOsmAnd,
  parseParams,
  toPositionReport,
  type OsmAndFix,
  type Parsed
} from '../../../server/intake/osmand.ts';
import { distanceM } from '../../../geo/unit-index.ts';

const NOW = Date.UTC(2026, 10, 28, 6, 0, 0);
const T = 1_795_500_000; // 2026-11-24 in unix seconds

function fixOf(p: Parsed): OsmAndFix {
  if (!p.ok) throw new Error(`expected a fix, got: ${p.message}`);
  return p.fix;
}

function refusal(p: Parsed): string {
  if (p.ok) throw new Error(`expected a refusal, got a fix for ${p.fix.deviceId}`);
  return p.message;
}

/** what Traccar Client before version 9 sends (Android's ProtocolFormatter) */
const TRACCAR_QUERY = {
  id: '48241179',
  timestamp: String(T),
  lat: '31.3235',
  lon: '118.8745',
  speed: '10.0',
  bearing: '90.5',
  altitude: '12.0',
  accuracy: '8.0',
  batt: '76.0',
  charge: 'false'
};

describe('the OsmAnd parameter form', () => {
  it('reads every documented parameter of Traccar Client’s query string', () => {
    expect(fixOf(parseParams(TRACCAR_QUERY, NOW))).toEqual({
      deviceId: '48241179',
      lng: 118.8745,
      lat: 31.3235,
      time: T * 1000,
      // 10 knots
      speedMps: 10 * (1852 / 3600),
      headingDeg: 90.5,
      accuracyM: 8,
      batteryPct: 76,
      charging: false,
      valid: true
    });
  });

  it('takes speed in knots, as Traccar’s decoder does: 1 kn is 0.514 m/s', () => {
    const fix = fixOf(parseParams({ ...TRACCAR_QUERY, speed: '1' }, NOW));
    expect(fix.speedMps).toBeCloseTo(0.514444, 5);
  });

  it('accepts deviceid for id, heading for bearing and location=lat,lon for lat and lon', () => {
    const fix = fixOf(
      parseParams({ deviceid: 'car-7', location: '31.5,118.9', heading: '270' }, NOW)
    );
    expect(fix).toMatchObject({ deviceId: 'car-7', lat: 31.5, lng: 118.9, headingDeg: 270 });
  });

  it('uses the server’s time when the device sends none', () => {
    expect(fixOf(parseParams({ id: 'a', lat: '31', lon: '118' }, NOW)).time).toBe(NOW);
  });

  it('estimates accuracy from hdop only when accuracy is missing', () => {
    expect(fixOf(parseParams({ id: 'a', lat: '31', lon: '118', hdop: '4' }, NOW)).accuracyM).toBe(
      20
    );
    const both = { id: 'a', lat: '31', lon: '118', hdop: '4', accuracy: '6' };
    expect(fixOf(parseParams(both, NOW)).accuracyM).toBe(6);
  });

  it('reads valid as true, false, 1 or 0 and defaults to valid', () => {
    const base = { id: 'a', lat: '31', lon: '118' };
    expect(fixOf(parseParams({ ...base, valid: 'false' }, NOW)).valid).toBe(false);
    expect(fixOf(parseParams({ ...base, valid: '0' }, NOW)).valid).toBe(false);
    expect(fixOf(parseParams({ ...base, valid: '1' }, NOW)).valid).toBe(true);
    expect(fixOf(parseParams(base, NOW)).valid).toBe(true);
    expect(refusal(parseParams({ ...base, valid: 'yes' }, NOW))).toMatch(/^valid:/);
  });

  it('ignores parameters the protocol leaves open (Traccar keeps them as attributes)', () => {
    const fix = fixOf(parseParams({ ...TRACCAR_QUERY, driverUniqueId: 'x', fuel: '40' }, NOW));
    expect(fix.deviceId).toBe('48241179');
  });
});

describe('timestamps', () => {
  const at = (timestamp: string) => parseParams({ id: 'a', lat: '31', lon: '118', timestamp }, NOW);

  it('reads unix seconds below 2^31 - 1 and milliseconds above, as Traccar does', () => {
    expect(fixOf(at(String(T))).time).toBe(T * 1000);
    expect(fixOf(at(String(T * 1000 + 250))).time).toBe(T * 1000 + 250);
    expect(fixOf(at(`${T}.5`)).time).toBe(T * 1000 + 500);
  });

  it('reads ISO 8601 with a zone, with Z, and without a zone as UTC', () => {
    expect(fixOf(at('2026-11-28T14:00:00+08:00')).time).toBe(NOW);
    expect(fixOf(at('2026-11-28T06:00:00.000Z')).time).toBe(NOW);
    expect(fixOf(at('2026-11-28T06:00:00.250Z')).time).toBe(NOW + 250);
    expect(fixOf(at('2026-11-28T06:00:00')).time).toBe(NOW);
  });

  it('reads "yyyy-MM-dd HH:mm:ss" as UTC', () => {
    expect(fixOf(at('2026-11-28 06:00:00')).time).toBe(NOW);
  });

  it('refuses a time that does not exist or is not a time', () => {
    for (const t of ['2026-02-30 06:00:00', '2026-13-01T00:00:00Z', 'yesterday', '-5', '', 'NaN'])
      expect(refusal(at(t)), t).toMatch(/^timestamp:/);
  });
});

describe('garbage in the parameter form', () => {
  const base = { id: 'a', lat: '31.3', lon: '118.8' };

  it('refuses NaN, Infinity, hex, empty and words where a number belongs', () => {
    for (const bad of ['NaN', 'Infinity', '-Infinity', '0x1f', '', ' ', 'north', '1e999', '31,3'])
      expect(refusal(parseParams({ ...base, lat: bad }, NOW)), bad).toMatch(
        /^lat: .* is not a number/
      );
    expect(refusal(parseParams({ ...base, speed: 'fast' }, NOW))).toMatch(/^speed:/);
    expect(refusal(parseParams({ ...base, altitude: 'high' }, NOW))).toMatch(/^altitude:/);
    expect(refusal(parseParams({ ...base, batt: '140' }, NOW))).toMatch(/^batt:/);
  });

  it('refuses a missing id, lat or lon, and an id no device could be registered under', () => {
    expect(refusal(parseParams({ lat: '31', lon: '118' }, NOW))).toBe('id: missing');
    expect(refusal(parseParams({ id: 'a', lon: '118' }, NOW))).toBe('lat: missing');
    expect(refusal(parseParams({ id: 'a', lat: '31' }, NOW))).toBe('lon: missing');
    expect(refusal(parseParams({ ...base, id: '' }, NOW))).toMatch(/^id:/);
    expect(refusal(parseParams({ ...base, id: 'a b' }, NOW))).toMatch(/^id:/);
    expect(refusal(parseParams({ ...base, id: 'x'.repeat(65) }, NOW))).toMatch(/^id:/);
  });

  it('refuses a parameter sent twice rather than guess which one is meant', () => {
    expect(refusal(parseParams({ ...base, lat: ['31', '32'] }, NOW))).toBe('lat: sent 2 times');
  });

  it('quotes a long bad value back cut short', () => {
    const message = refusal(parseParams({ ...base, lat: 'x'.repeat(10_000) }, NOW));
    expect(message.length).toBeLessThan(100);
  });
});

/** what Traccar Client 9 sends (traccar.org/osmand, the background-location SDK's record) */
const TRACCAR_JSON = {
  location: {
    timestamp: '2026-11-28T06:00:00.000Z',
    coords: {
      latitude: 31.3235,
      longitude: 118.8745,
      accuracy: 5,
      speed: 2.5,
      heading: 180,
      altitude: 10
    },
    is_moving: true,
    odometer: 1200,
    event: 'motionchange',
    battery: { level: 0.42, is_charging: true },
    activity: { type: 'walking' },
    extras: {}
  },
  device_id: '48241179'
};

describe('the JSON form of Traccar Client 9', () => {
  it('reads the documented record, speed in m/s and the battery level as a fraction', () => {
    expect(fixOf(parseJson(TRACCAR_JSON))).toEqual({
      deviceId: '48241179',
      lng: 118.8745,
      lat: 31.3235,
      time: NOW,
      speedMps: 2.5,
      headingDeg: 180,
      accuracyM: 5,
      batteryPct: 42,
      charging: true,
      valid: true
    });
  });

  it('treats a negative speed, heading or battery level as not known, as the SDK means it', () => {
    const body = structuredClone(TRACCAR_JSON);
    body.location.coords.speed = -1;
    body.location.coords.heading = -1;
    body.location.battery.level = -1;
    const fix = fixOf(parseJson(body));
    expect(fix.speedMps).toBeUndefined();
    expect(fix.headingDeg).toBeUndefined();
    expect(fix.batteryPct).toBeUndefined();
  });

  it('refuses a record without coordinates, with a string for a number, or without a device id', () => {
    const noCoords = structuredClone(TRACCAR_JSON) as { location: Record<string, unknown> };
    delete noCoords.location.coords;
    expect(refusal(parseJson(noCoords))).toMatch(/coords/);
    const text = structuredClone(TRACCAR_JSON) as unknown as {
      location: { coords: { latitude: unknown } };
    };
    text.location.coords.latitude = '31.3';
    expect(refusal(parseJson(text))).toMatch(/latitude/);
    expect(refusal(parseJson({ location: TRACCAR_JSON.location }))).toMatch(/device_id/);
    expect(refusal(parseJson([TRACCAR_JSON]))).toBeTruthy();
    expect(refusal(parseJson(null))).toBeTruthy();
  });
});

describe('parseOsmAnd', () => {
  it('reads a JSON body as the Traccar Client 9 record', () => {
    expect(fixOf(parseOsmAnd({ query: {}, body: TRACCAR_JSON, json: true }, NOW)).time).toBe(NOW);
  });

  it('takes the query string when it has parameters, else the form body, else a raw body', () => {
    const query = fixOf(
      parseOsmAnd({ query: TRACCAR_QUERY, body: { id: 'other' }, json: false }, NOW)
    );
    expect(query.deviceId).toBe('48241179');
    const form = fixOf(parseOsmAnd({ query: {}, body: TRACCAR_QUERY, json: false }, NOW));
    expect(form.deviceId).toBe('48241179');
    const raw = fixOf(
      parseOsmAnd({ query: {}, body: 'id=raw-1&lat=31.3&lon=118.8', json: false }, NOW)
    );
    expect(raw).toMatchObject({ deviceId: 'raw-1', lat: 31.3, lng: 118.8 });
  });

  it('refuses an empty request and a body that is not parameters', () => {
    expect(refusal(parseOsmAnd({ query: {}, body: undefined, json: false }, NOW))).toBe(
      'id: missing'
    );
    expect(refusal(parseOsmAnd({ query: {}, body: { id: 5 }, json: false }, NOW))).toMatch(
      /neither form parameters nor JSON/
    );
  });
});

describe('toPositionReport', () => {
  const fix: OsmAndFix = {
    deviceId: 'a',
    lng: 118.8745,
    lat: 31.3235,
    time: NOW,
    speedMps: 3,
    valid: true
  };

  it('makes the unit’s report, unchanged for a WGS-84 device', () => {
    expect(toPositionReport(fix, 'u-1', 'wgs84')).toEqual({
      ok: true,
      report: { unitId: 'u-1', lng: 118.8745, lat: 31.3235, time: NOW, speedMps: 3 }
    });
  });

  it('converts a GCJ-02 device’s fix to WGS-84', () => {
    const [gLng, gLat] = gcoord.transform([118.8745, 31.3235], gcoord.WGS84, gcoord.GCJ02);
    const made = toPositionReport({ ...fix, lng: gLng, lat: gLat }, 'u-1', 'gcj02');
    if (!made.ok) throw new Error(made.message);
    expect(distanceM(made.report.lng, made.report.lat, 118.8745, 31.3235)).toBeLessThan(1);
  });

  it('refuses what the shared schema refuses: lat above 90, 500 m/s, a heading of 400°', () => {
    expect(toPositionReport({ ...fix, lat: 91 }, 'u-1', 'wgs84')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^\/lat:/)
    });
    expect(toPositionReport({ ...fix, speedMps: 500 }, 'u-1', 'wgs84').ok).toBe(false);
    expect(toPositionReport({ ...fix, headingDeg: 400 }, 'u-1', 'gcj02').ok).toBe(false);
  });
});
