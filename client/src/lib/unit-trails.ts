import { GONE, type DecodedFrame } from '../../../shared/position-codec.ts';

/**
 * Short trails behind moving units: the last minute of each unit's positions, taken from the binary frames as
 * they arrive. A frame lists only the units that moved, so the work per frame is the movers, never the roster.
 * A unit gets a ring of points (a slot) only once it has moved; standing units cost three numbers. Slots whose
 * points have all aged out are given back. The map gets one binary PathLayer input, rebuilt at most once a
 * `rebuildMs`, with every vertex's alpha fading by its age, and at most `maxVertices` vertices (the units that
 * moved last win when there are more).
 */

export interface TrailOptions {
  /** how far back a trail reaches */
  windowMs: number;
  /** points kept per unit (a ring) */
  perUnit: number;
  /** vertices handed to the map at most */
  maxVertices: number;
  /** a step shorter than this from the last kept point is GPS scatter, not movement */
  minStepM: number;
  /** the map's data is rebuilt at most this often (it fades by the second, not by the frame) */
  rebuildMs: number;
}

export const TRAIL_DEFAULTS: TrailOptions = {
  windowMs: 60_000,
  perUnit: 12,
  maxVertices: 24_000,
  minStepM: 8,
  rebuildMs: 1000
};

/** Binary input of a deck.gl PathLayer: one path per unit, a colour per vertex. */
export interface TrailData {
  length: number;
  startIndices: Uint32Array;
  attributes: {
    getPath: { value: Float64Array; size: 2 };
    getColor: { value: Uint8Array; size: 4; normalized: true };
  };
}

export interface TrailStats {
  paths: number;
  vertices: number;
}

/** light blue-white: reads on the dark map beside every unit colour */
const TRAIL_RGB = [186, 230, 253] as const;
const MAX_ALPHA = 200;
const MIN_ALPHA = 12;
const M_PER_DEG_LAT = 110_540;
const M_PER_DEG_LNG_EQUATOR = 111_320;

export class UnitTrails {
  readonly #o: TrailOptions;
  // per unit idx: the last kept position, whether one exists, and its slot (-1: none)
  #lastLng = new Float64Array(0);
  #lastLat = new Float64Array(0);
  #seen = new Uint8Array(0);
  #slotOf = new Int32Array(0);
  // per slot: a ring of perUnit points, oldest at (head - count)
  #lng = new Float64Array(0);
  #lat = new Float64Array(0);
  #time = new Float64Array(0);
  #head = new Uint16Array(0);
  #count = new Uint16Array(0);
  #idxOf = new Int32Array(0);
  #free: number[] = [];
  #slots = 0;
  #built: TrailData | null = null;
  #builtAt = -Infinity;
  #stats: TrailStats = { paths: 0, vertices: 0 };

  constructor(options: Partial<TrailOptions> = {}) {
    this.#o = { ...TRAIL_DEFAULTS, ...options };
    if (this.#o.perUnit < 2) throw new Error(`trails: perUnit ${this.#o.perUnit} < 2`);
  }

  /** what the last build handed to the map */
  get stats(): TrailStats {
    return this.#stats;
  }

  /** units holding a slot (they moved within the window, or since their last slot was given back) */
  get activeUnits(): number {
    return this.#slots - this.#free.length;
  }

  /** bytes the columns hold: they grow with the units seen and the movers, and only clear() gives them back */
  get bytes(): number {
    let n = 0;
    for (const a of [
      this.#lastLng,
      this.#lastLat,
      this.#seen,
      this.#slotOf,
      this.#lng,
      this.#lat,
      this.#time,
      this.#head,
      this.#count,
      this.#idxOf
    ])
      n += a.byteLength;
    return n;
  }

  /** Takes one decoded frame at `now` (epoch ms). A GONE row forgets the unit: it left this screen's sight. */
  record(f: DecodedFrame, now: number): void {
    for (let i = 0; i < f.count; i++) {
      const idx = f.idx[i];
      this.#ensureUnit(idx);
      if (f.status[i] === GONE) {
        this.#forget(idx);
        continue;
      }
      const lng = f.lng[i];
      const lat = f.lat[i];
      if (!this.#seen[idx]) {
        this.#seen[idx] = 1;
        this.#lastLng[idx] = lng;
        this.#lastLat[idx] = lat;
        continue;
      }
      if (stepM(this.#lastLng[idx], this.#lastLat[idx], lng, lat) < this.#o.minStepM) continue;
      let slot = this.#slotOf[idx];
      if (slot < 0) {
        slot = this.#takeSlot(idx);
        // the unit stood at its last position until now: that is where its trail starts
        this.#push(slot, this.#lastLng[idx], this.#lastLat[idx], now);
      }
      this.#push(slot, lng, lat, now);
      this.#lastLng[idx] = lng;
      this.#lastLat[idx] = lat;
    }
  }

  /** Forgets every unit and point and gives the columns' memory back, as a new UnitTrails would hold. */
  clear(): void {
    this.#lastLng = new Float64Array(0);
    this.#lastLat = new Float64Array(0);
    this.#seen = new Uint8Array(0);
    this.#slotOf = new Int32Array(0);
    this.#lng = new Float64Array(0);
    this.#lat = new Float64Array(0);
    this.#time = new Float64Array(0);
    this.#head = new Uint16Array(0);
    this.#count = new Uint16Array(0);
    this.#idxOf = new Int32Array(0);
    this.#free = [];
    this.#slots = 0;
    this.#built = null;
    this.#builtAt = -Infinity;
    this.#stats = { paths: 0, vertices: 0 };
  }

  /**
   * The paths as of `now`: points older than the window dropped, alpha fading with age. Rebuilt at most once a
   * `rebuildMs`; in between the same object is returned (so the layer does not re-tessellate every frame).
   */
  data(now: number): TrailData {
    if (this.#built && now - this.#builtAt < this.#o.rebuildMs) return this.#built;
    this.#builtAt = now;
    this.#built = this.#build(now);
    return this.#built;
  }

  #build(now: number): TrailData {
    const { windowMs, perUnit, maxVertices } = this.#o;
    const cutoff = now - windowMs;
    const chosen: Array<{ slot: number; n: number; last: number }> = [];
    let total = 0;
    for (let s = 0; s < this.#slots; s++) {
      if (this.#idxOf[s] < 0) continue;
      const n = this.#recent(s, cutoff);
      if (n === 0) {
        this.#giveBack(s);
        continue;
      }
      if (n < 2) continue;
      const newest = (this.#head[s] + perUnit - 1) % perUnit;
      chosen.push({ slot: s, n, last: this.#time[s * perUnit + newest] });
      total += n;
    }
    if (total > maxVertices) {
      chosen.sort((a, b) => b.last - a.last);
      let kept = 0;
      let budget = 0;
      while (kept < chosen.length && budget + chosen[kept].n <= maxVertices)
        budget += chosen[kept++].n;
      chosen.length = kept;
      total = budget;
    }
    const starts = new Uint32Array(chosen.length);
    const path = new Float64Array(total * 2);
    const color = new Uint8Array(total * 4);
    let v = 0;
    chosen.forEach(({ slot, n }, p) => {
      starts[p] = v;
      const base = slot * perUnit;
      const oldest = (this.#head[slot] + perUnit - n) % perUnit;
      for (let k = 0; k < n; k++) {
        const at = base + ((oldest + k) % perUnit);
        path[2 * v] = this.#lng[at];
        path[2 * v + 1] = this.#lat[at];
        const fresh = 1 - (now - this.#time[at]) / windowMs;
        color[4 * v] = TRAIL_RGB[0];
        color[4 * v + 1] = TRAIL_RGB[1];
        color[4 * v + 2] = TRAIL_RGB[2];
        color[4 * v + 3] = Math.max(MIN_ALPHA, Math.round(MAX_ALPHA * Math.min(1, fresh)));
        v++;
      }
    });
    this.#stats = { paths: chosen.length, vertices: total };
    return {
      length: chosen.length,
      startIndices: starts,
      attributes: {
        getPath: { value: path, size: 2 },
        getColor: { value: color, size: 4, normalized: true }
      }
    };
  }

  /** points of the slot at or after `cutoff` (the ring is in time order, so they are the newest ones) */
  #recent(slot: number, cutoff: number): number {
    const k = this.#o.perUnit;
    const count = this.#count[slot];
    let n = 0;
    for (let j = 1; j <= count; j++) {
      const at = slot * k + ((this.#head[slot] + k - j) % k);
      if (this.#time[at] < cutoff) break;
      n++;
    }
    return n;
  }

  #push(slot: number, lng: number, lat: number, time: number): void {
    const k = this.#o.perUnit;
    const at = slot * k + this.#head[slot];
    this.#lng[at] = lng;
    this.#lat[at] = lat;
    this.#time[at] = time;
    this.#head[slot] = (this.#head[slot] + 1) % k;
    this.#count[slot] = Math.min(k, this.#count[slot] + 1);
  }

  #forget(idx: number): void {
    this.#seen[idx] = 0;
    const slot = this.#slotOf[idx];
    if (slot >= 0) this.#giveBack(slot);
  }

  #giveBack(slot: number): void {
    this.#slotOf[this.#idxOf[slot]] = -1;
    this.#idxOf[slot] = -1;
    this.#free.push(slot);
  }

  #takeSlot(idx: number): number {
    let slot = this.#free.pop();
    if (slot === undefined) {
      slot = this.#slots++;
      this.#ensureSlots(this.#slots);
    }
    this.#head[slot] = 0;
    this.#count[slot] = 0;
    this.#idxOf[slot] = idx;
    this.#slotOf[idx] = slot;
    return slot;
  }

  /** grows the per-unit columns to hold `idx`, doubling */
  #ensureUnit(idx: number): void {
    if (idx < this.#seen.length) return;
    let cap = Math.max(1024, this.#seen.length);
    while (cap <= idx) cap *= 2;
    this.#lastLng = grow(this.#lastLng, new Float64Array(cap));
    this.#lastLat = grow(this.#lastLat, new Float64Array(cap));
    this.#seen = grow(this.#seen, new Uint8Array(cap));
    this.#slotOf = grow(this.#slotOf, new Int32Array(cap).fill(-1));
  }

  #ensureSlots(n: number): void {
    if (n <= this.#head.length) return;
    const cap = Math.max(256, this.#head.length * 2);
    const k = this.#o.perUnit;
    this.#lng = grow(this.#lng, new Float64Array(cap * k));
    this.#lat = grow(this.#lat, new Float64Array(cap * k));
    this.#time = grow(this.#time, new Float64Array(cap * k));
    this.#head = grow(this.#head, new Uint16Array(cap));
    this.#count = grow(this.#count, new Uint16Array(cap));
    this.#idxOf = grow(this.#idxOf, new Int32Array(cap).fill(-1));
  }
}

/** metres between two nearby points, flat-earth: plenty for "did it move 8 m" */
function stepM(lng0: number, lat0: number, lng1: number, lat1: number): number {
  const dx = (lng1 - lng0) * M_PER_DEG_LNG_EQUATOR * Math.cos((lat0 * Math.PI) / 180);
  const dy = (lat1 - lat0) * M_PER_DEG_LAT;
  return Math.hypot(dx, dy);
}

function grow<T extends Float64Array | Int32Array | Uint16Array | Uint8Array>(old: T, next: T): T {
  next.set(old);
  return next;
}
