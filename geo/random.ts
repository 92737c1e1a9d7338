/**
 * Seeded randomness for the district generator and the simulator. Math.random is never used there: the district
 * file must be byte-identical between runs and a simulation must be replayable from its seed.
 */

/** FNV-1a over UTF-16 code units: turns a label such as "grids:320118001001" into a 32-bit seed. */
export function hashSeed(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * mulberry32: tiny, fast and good enough for placing points. Each area gets its own stream (seeded from
 * its code) so changing one town's parameters does not reshuffle every other town.
 */
export class Rng {
  private state: number;

  constructor(seed: number | string) {
    this.state = (typeof seed === 'string' ? hashSeed(seed) : seed) >>> 0;
  }

  /** uniform in [0, 1) */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** uniform in [lo, hi) */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** standard normal via Box–Muller (one value per call keeps the stream simple to reason about) */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** multiplicative jitter around 1, e.g. jitter(0.2) is in [0.8, 1.2) */
  jitter(spread: number): number {
    return 1 + this.range(-spread, spread);
  }
}
