import { describe, expect, it } from 'vitest';
import {
  decodeFrame,
  encodeFrame,
  frameBytes,
  type PositionRow
} from '../../shared/position-codec.ts';

const row = (idx: number, over: Partial<PositionRow> = {}): PositionRow => ({
  idx,
  lng: 118.875123 + idx * 1e-4,
  lat: 31.327456 - idx * 1e-4,
  time: 1_800_000_000_000 - idx * 1000,
  speedMps: 11.11,
  headingDeg: 271.5,
  status: 'en_route',
  ...over
});

describe('position codec', () => {
  it('round-trips every column to its wire precision', () => {
    const t = 1_800_000_000_500;
    const rows = [row(0), row(7, { status: 'off_duty', speedMps: 0, headingDeg: 0 }), row(19999)];
    const f = decodeFrame(encodeFrame(rows, t));
    expect(f.count).toBe(3);
    expect(f.time).toBe(t);
    expect([...f.idx]).toEqual([0, 7, 19999]);
    rows.forEach((r, i) => {
      expect(f.lng[i]).toBeCloseTo(r.lng, 6);
      expect(f.lat[i]).toBeCloseTo(r.lat, 6);
      expect(f.fixTime[i]).toBe(r.time);
      expect(f.speedMps[i]).toBeCloseTo(r.speedMps, 2);
      expect(f.headingDeg[i]).toBeCloseTo(r.headingDeg, 2);
    });
    expect([...f.status]).toEqual([3, 0, 3]);
  });

  it('encodes zero units as a header-only frame', () => {
    const buf = encodeFrame([], 5);
    expect(buf.byteLength).toBe(frameBytes(0));
    expect(decodeFrame(buf).count).toBe(0);
  });

  it('uses 21 bytes per unit after a 16-byte header', () => {
    expect(encodeFrame([row(1), row(2)], 0).byteLength).toBe(16 + 2 * 21);
  });

  it('decodes a frame handed over as an unaligned Node Buffer slice', () => {
    const buf = Buffer.from(encodeFrame([row(3), row(4), row(5)], 1000));
    const shifted = Buffer.concat([Buffer.from([9]), buf]).subarray(1);
    expect(shifted.byteOffset % 4).not.toBe(0);
    expect([...decodeFrame(shifted).idx]).toEqual([3, 4, 5]);
  });

  it('clamps a fix newer than the frame to age zero rather than wrapping', () => {
    const f = decodeFrame(encodeFrame([row(1, { time: 2000 })], 1000));
    expect(f.fixTime[0]).toBe(1000);
  });

  it('rejects truncated frames, wrong versions and impossible statuses', () => {
    const good = encodeFrame([row(1)], 0);
    expect(() => decodeFrame(good.slice(0, 10))).toThrow(/shorter than its header/);
    expect(() => decodeFrame(good.slice(0, good.byteLength - 1))).toThrow(/expected 37/);
    const v2 = good.slice(0);
    new DataView(v2).setUint8(0, 2);
    expect(() => decodeFrame(v2)).toThrow(/version 2/);
    const bad = good.slice(0);
    new Uint8Array(bad)[16 + 20] = 9;
    expect(() => decodeFrame(bad)).toThrow(/status 9/);
  });
});
