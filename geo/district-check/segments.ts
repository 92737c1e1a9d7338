import type { MultiPoly } from './polygons.ts';

/**
 * Edges that do not cancel. Give every comprehensive grid's boundary +1 and the district outline −1, rings
 * oriented outer counter-clockwise and holes clockwise, and add them up as a chain: an edge two neighbours share
 * is walked once each way and cancels, a border edge cancels against the outline. The sum is the boundary of
 * (grids covering a point − district covering it), so where every edge cancels the district is covered exactly
 * once, with no gap, overlap or spill. Only places near an edge that does not cancel need the exact (slow)
 * polygon operations. Surveyed districts share their vertices along common borders, so almost everything cancels.
 *
 * Edges are matched by identical coordinates in an open-addressing hash table over the four doubles; the table
 * holds entry numbers and the entries are stored in insertion order, which keeps the memory touched small.
 */

export interface Segments {
  count: number;
  /** x0, y0, x1, y1 of each segment, 4 entries a segment */
  coords: Float64Array;
}

export class SegmentChain {
  /** open-addressing table of entry numbers + 1 (0 = free); the entries themselves are stored in order */
  #table: Int32Array;
  #keys: Float64Array;
  #net: Int32Array;
  #size = 0;

  constructor(expectedSegments: number) {
    let cap = 16;
    while (cap < expectedSegments * 2) cap *= 2;
    this.#table = new Int32Array(cap);
    this.#keys = new Float64Array(Math.max(16, expectedSegments) * 4);
    this.#net = new Int32Array(Math.max(16, expectedSegments));
  }

  /** Adds every ring of the polygons, walked in the orientation given, with the weight given. */
  addPolys(polys: MultiPoly, weight: number): void {
    for (const p of polys)
      for (const r of p)
        for (let i = 0; i + 1 < r.length; i++)
          this.add(r[i][0], r[i][1], r[i + 1][0], r[i + 1][1], weight);
  }

  add(ax: number, ay: number, bx: number, by: number, weight: number): void {
    if (ax === bx && ay === by) return;
    // one key per undirected edge: the lexicographically smaller end first, direction in the sign
    if (ax > bx || (ax === bx && ay > by)) this.#addKey(bx, by, ax, ay, -weight);
    else this.#addKey(ax, ay, bx, by, weight);
  }

  /** The edges whose sum is not zero. */
  uncancelled(): Segments {
    let count = 0;
    for (let e = 0; e < this.#size; e++) if (this.#net[e] !== 0) count++;
    const coords = new Float64Array(count * 4);
    let k = 0;
    for (let e = 0; e < this.#size; e++) {
      if (this.#net[e] === 0) continue;
      coords.set(this.#keys.subarray(e * 4, e * 4 + 4), k * 4);
      k++;
    }
    return { count, coords };
  }

  #addKey(ax: number, ay: number, bx: number, by: number, w: number): void {
    if (this.#size * 2 >= this.#table.length) this.#rehash(this.#table.length * 2);
    if (this.#size === this.#net.length) this.#growEntries();
    const table = this.#table;
    const keys = this.#keys;
    const mask = table.length - 1;
    for (let s = hash4(ax, ay, bx, by) & mask; ; s = (s + 1) & mask) {
      const e = table[s];
      if (e === 0) {
        const n = this.#size++;
        table[s] = n + 1;
        keys[n * 4] = ax;
        keys[n * 4 + 1] = ay;
        keys[n * 4 + 2] = bx;
        keys[n * 4 + 3] = by;
        this.#net[n] = w;
        return;
      }
      const o = (e - 1) * 4;
      if (keys[o] === ax && keys[o + 1] === ay && keys[o + 2] === bx && keys[o + 3] === by) {
        this.#net[e - 1] += w;
        return;
      }
    }
  }

  #growEntries(): void {
    const keys = new Float64Array(this.#keys.length * 2);
    keys.set(this.#keys);
    const net = new Int32Array(this.#net.length * 2);
    net.set(this.#net);
    this.#keys = keys;
    this.#net = net;
  }

  #rehash(cap: number): void {
    const table = new Int32Array(cap);
    const keys = this.#keys;
    const mask = cap - 1;
    for (let e = 0; e < this.#size; e++) {
      let s = hash4(keys[e * 4], keys[e * 4 + 1], keys[e * 4 + 2], keys[e * 4 + 3]) & mask;
      while (table[s] !== 0) s = (s + 1) & mask;
      table[s] = e + 1;
    }
    this.#table = table;
  }
}

const f64 = new Float64Array(4);
const u32 = new Uint32Array(f64.buffer);

function hash4(a: number, b: number, c: number, d: number): number {
  // -0 + 0 is 0: equal keys must hash alike
  f64[0] = a + 0;
  f64[1] = b + 0;
  f64[2] = c + 0;
  f64[3] = d + 0;
  let h = 0x12345678;
  for (let k = 0; k < 8; k++) {
    h = Math.imul(h ^ u32[k], 0x9e3779b1);
    h ^= h >>> 15;
  }
  return h >>> 0;
}
