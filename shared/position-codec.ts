import { UNIT_STATUSES, type UnitStatus } from './domain.ts';

/**
 * The binary `units:moved` frame: one per room per tick, struct-of-arrays so the client can copy columns straight
 * into typed arrays for deck.gl.
 *
 *   header (16 bytes): u8 version, u8 reserved, u16 reserved, u32 count, f64 server time (epoch ms)
 *   idx     u32 × n   dense unit index
 *   lng     i32 × n   micro-degrees (1e-6°, about 0.1 m)
 *   lat     i32 × n   micro-degrees
 *   age     u32 × n   ms between the fix's measurement and the frame's time (clamped)
 *   speed   u16 × n   cm/s
 *   heading u16 × n   hundredths of a degree
 *   status  u8  × n   index into UNIT_STATUSES, or GONE (255): the unit left what this room may see
 *
 * Little-endian throughout; every column starts 4-byte aligned except the u16/u8 tail, which follows u32 columns.
 */

export const FRAME_VERSION = 1;
/** status byte of a unit that left the receiver's scope: remove it from the map */
export const GONE = 255;
const HEADER_BYTES = 16;
const BYTES_PER_UNIT = 4 + 4 + 4 + 4 + 2 + 2 + 1;
const MICRO = 1e6;

export interface PositionRow {
  idx: number;
  lng: number;
  lat: number;
  /** epoch ms of the fix */
  time: number;
  speedMps: number;
  headingDeg: number;
  status: UnitStatus | 'gone';
}

export interface DecodedFrame {
  time: number;
  count: number;
  idx: Uint32Array;
  /** degrees */
  lng: Float64Array;
  lat: Float64Array;
  /** epoch ms of each fix */
  fixTime: Float64Array;
  speedMps: Float32Array;
  headingDeg: Float32Array;
  /** index into UNIT_STATUSES, or GONE */
  status: Uint8Array;
}

export function frameBytes(count: number): number {
  return HEADER_BYTES + count * BYTES_PER_UNIT;
}

export function encodeFrame(rows: readonly PositionRow[], time: number): ArrayBuffer {
  return encodeWith(rows.length, time, (k, out) => Object.assign(out, rows[k]));
}

/**
 * Encodes `n` units read through `read`, which fills the one scratch row it is given for unit k — so a caller
 * holding positions in typed arrays allocates nothing per unit.
 */
export function encodeWith(
  n: number,
  time: number,
  read: (k: number, out: PositionRow) => void
): ArrayBuffer {
  const buf = new ArrayBuffer(frameBytes(n));
  const view = new DataView(buf);
  view.setUint8(0, FRAME_VERSION);
  view.setUint32(4, n, true);
  view.setFloat64(8, time, true);

  const idx = new Uint32Array(buf, HEADER_BYTES, n);
  const lng = new Int32Array(buf, HEADER_BYTES + 4 * n, n);
  const lat = new Int32Array(buf, HEADER_BYTES + 8 * n, n);
  const age = new Uint32Array(buf, HEADER_BYTES + 12 * n, n);
  const speed = new Uint16Array(buf, HEADER_BYTES + 16 * n, n);
  const heading = new Uint16Array(buf, HEADER_BYTES + 18 * n, n);
  const status = new Uint8Array(buf, HEADER_BYTES + 20 * n, n);

  const r: PositionRow = {
    idx: 0,
    lng: 0,
    lat: 0,
    time: 0,
    speedMps: 0,
    headingDeg: 0,
    status: 'off_duty'
  };
  for (let i = 0; i < n; i++) {
    read(i, r);
    idx[i] = r.idx;
    lng[i] = Math.round(r.lng * MICRO);
    lat[i] = Math.round(r.lat * MICRO);
    age[i] = clamp(Math.round(time - r.time), 0, 0xffffffff);
    speed[i] = clamp(Math.round(r.speedMps * 100), 0, 0xffff);
    heading[i] = clamp(Math.round(r.headingDeg * 100), 0, 36000);
    status[i] = statusIndex(r.status);
  }
  return buf;
}

/** Decodes a frame; throws on anything that is not a well-formed frame of this version. */
export function decodeFrame(input: ArrayBuffer | ArrayBufferView): DecodedFrame {
  const bytes = toBytes(input);
  if (bytes.byteLength < HEADER_BYTES)
    throw new Error(`position frame: ${bytes.byteLength} bytes is shorter than its header`);
  // copy into a fresh, aligned buffer: socket.io may hand us a Buffer slice at any offset
  const buf = bytes.byteOffset % 4 === 0 ? bytes.buffer : bytes.slice().buffer;
  const base = bytes.byteOffset % 4 === 0 ? bytes.byteOffset : 0;
  const view = new DataView(buf, base, bytes.byteLength);
  const version = view.getUint8(0);
  if (version !== FRAME_VERSION)
    throw new Error(`position frame: version ${version}, expected ${FRAME_VERSION}`);
  const n = view.getUint32(4, true);
  const time = view.getFloat64(8, true);
  if (bytes.byteLength !== frameBytes(n)) {
    throw new Error(
      `position frame: ${bytes.byteLength} bytes for ${n} units, expected ${frameBytes(n)}`
    );
  }
  const at = (k: number) => base + HEADER_BYTES + k * n;
  const lngI = new Int32Array(buf, at(4), n);
  const latI = new Int32Array(buf, at(8), n);
  const age = new Uint32Array(buf, at(12), n);
  const speed = new Uint16Array(buf, at(16), n);
  const heading = new Uint16Array(buf, at(18), n);

  const frame: DecodedFrame = {
    time,
    count: n,
    idx: new Uint32Array(buf, at(0), n),
    lng: new Float64Array(n),
    lat: new Float64Array(n),
    fixTime: new Float64Array(n),
    speedMps: new Float32Array(n),
    headingDeg: new Float32Array(n),
    status: new Uint8Array(buf, at(20), n)
  };
  for (let i = 0; i < n; i++) {
    frame.lng[i] = lngI[i] / MICRO;
    frame.lat[i] = latI[i] / MICRO;
    frame.fixTime[i] = time - age[i];
    frame.speedMps[i] = speed[i] / 100;
    frame.headingDeg[i] = heading[i] / 100;
    if (frame.status[i] >= UNIT_STATUSES.length && frame.status[i] !== GONE)
      throw new Error(`position frame: unit ${frame.idx[i]} has status ${frame.status[i]}`);
  }
  return frame;
}

export function statusIndex(s: UnitStatus | 'gone'): number {
  if (s === 'gone') return GONE;
  const i = UNIT_STATUSES.indexOf(s);
  if (i < 0) throw new Error(`unknown unit status ${s}`);
  return i;
}

function toBytes(input: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
