import { UNIT_KINDS, UNIT_STATUSES, type UnitStatus } from '../../../shared/domain.ts';
import { GONE, type DecodedFrame } from '../../../shared/position-codec.ts';
import type { UnitInfo } from '../../../shared/protocol.ts';
import type { LngLat } from '../../../shared/district.ts';
import { KIND_COLOR, OFF_DUTY_ALPHA, STATUS_RADIUS_PX, STATUS_RING } from './palette.ts';

/**
 * Live units as columns of typed arrays indexed by the server's dense unit `idx`, updated in place from each
 * binary `units:moved` frame. Nothing per unit is allocated per tick; the map reads `layerData()`, whose wrapper
 * objects are new for every `version` so deck.gl re-uploads the same arrays.
 * A frame row with status GONE means the unit left what this viewer may see: it loses its fix (radius 0, not
 * drawn) and is not counted until the server shows it again.
 */

/** a drawn unit, for the browser tests' probes */
export interface DrawnUnit {
  id: string;
  lng: number;
  lat: number;
  incidentId: string | null;
}

/** a unit's last fix as the frames gave it */
export interface UnitFix {
  lng: number;
  lat: number;
  /** epoch ms of the measurement */
  time: number;
  speedMps: number;
}

export interface UnitLayerData {
  length: number;
  attributes: {
    getPosition: { value: Float64Array; size: 2 };
    getFillColor: { value: Uint8Array; size: 4; normalized: true };
    getLineColor: { value: Uint8Array; size: 4; normalized: true };
    getRadius: { value: Float32Array; size: 1 };
  };
}

/** writes where (lng, lat) is drawn at out[o], out[o + 1] (map/display-crs.ts: GCJ-02 tiles shift it) */
export type DisplayWriter = (lng: number, lat: number, out: Float64Array, o: number) => void;

const OFF_DUTY = UNIT_STATUSES.indexOf('off_duty');
const AVAILABLE = UNIT_STATUSES.indexOf('available');
const UNKNOWN_KIND = 255;

export class UnitStore {
  /** bumps on every change the map must draw */
  #version = $state(0);
  #onDuty = $state(0);
  #available = $state(0);
  #frames = 0;
  #drawn = 0;

  #capacity = 0;
  /** max idx + 1 of anything seen */
  #length = 0;
  #positions = new Float64Array(0);
  #fill = new Uint8Array(0);
  #line = new Uint8Array(0);
  #radius = new Float32Array(0);
  #status = new Uint8Array(0);
  #kind = new Uint8Array(0);
  #hasFix = new Uint8Array(0);
  #fixTime = new Float64Array(0);
  #speed = new Float32Array(0);
  /** where each unit is drawn, when the map shifts positions for display; else the map reads #positions */
  #display: Float64Array | null = null;
  #toDisplay: DisplayWriter | null = null;

  #infos: (UnitInfo | undefined)[] = [];
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- read on the hot path outside any reaction; `version` is the signal
  #idxById = new Map<string, number>();
  #data: UnitLayerData | null = null;
  #dataVersion = -1;

  get version(): number {
    return this.#version;
  }
  get onDuty(): number {
    return this.#onDuty;
  }
  get available(): number {
    return this.#available;
  }
  /** units with a position, i.e. what the units layer draws */
  get drawn(): number {
    return this.#drawn;
  }
  /** binary frames applied since the page loaded */
  get frames(): number {
    return this.#frames;
  }

  /** Replaces the roster (every sync). Positions are dropped: the first frame after a sync carries them all. */
  applyRoster(units: readonly UnitInfo[]): void {
    this.#infos = [];
    this.#idxById.clear();
    this.#hasFix.fill(0);
    this.#radius.fill(0);
    this.#length = 0;
    for (const u of units) this.#setInfo(u);
    this.#recount();
  }

  applyUnitChanged(u: UnitInfo): void {
    this.#setInfo(u);
    this.#recount();
  }

  applyFrame(f: DecodedFrame): void {
    for (let i = 0; i < f.count; i++) {
      const idx = f.idx[i];
      this.#ensure(idx);
      this.#status[idx] = f.status[i];
      if (f.status[i] === GONE) {
        this.#hasFix[idx] = 0;
      } else {
        this.#positions[2 * idx] = f.lng[i];
        this.#positions[2 * idx + 1] = f.lat[i];
        if (this.#toDisplay) this.#toDisplay(f.lng[i], f.lat[i], this.#display!, 2 * idx);
        this.#fixTime[idx] = f.fixTime[i];
        this.#speed[idx] = f.speedMps[i];
        this.#hasFix[idx] = 1;
      }
      this.#paint(idx);
    }
    this.#frames++;
    this.#recount();
  }

  /**
   * Draws every position through `write` from now on (a GCJ-02 basemap), or as it is for null. Positions and
   * everything read from the store stay WGS-84; only the layer's array is shifted, one unit as its frame comes.
   */
  setDisplay(write: DisplayWriter | null): void {
    this.#toDisplay = write;
    this.#display = write ? new Float64Array(this.#positions.length) : null;
    if (write) {
      for (let i = 0; i < this.#length; i++) {
        if (this.#hasFix[i])
          write(this.#positions[2 * i], this.#positions[2 * i + 1], this.#display!, 2 * i);
      }
    }
    this.#version++;
  }

  info(idx: number): UnitInfo | undefined {
    return this.#infos[idx];
  }

  infoById(unitId: string): UnitInfo | undefined {
    const idx = this.#idxById.get(unitId);
    return idx === undefined ? undefined : this.#infos[idx];
  }

  /**
   * Units this viewer holds whose name or id contains `query` (case-insensitive), name-prefix and id-prefix
   * matches first, at most `limit`. Reads `version`, so a reaction re-runs as the roster changes.
   */
  search(query: string, limit = 8): UnitInfo[] {
    void this.#version;
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const hits: Array<{ u: UnitInfo; prefix: boolean }> = [];
    for (let idx = 0; idx < this.#infos.length; idx++) {
      const u = this.#infos[idx];
      if (!u || !this.visible(idx)) continue;
      const name = u.name.toLowerCase();
      const id = u.id.toLowerCase();
      if (!name.includes(q) && !id.includes(q)) continue;
      hits.push({ u, prefix: name.startsWith(q) || id.startsWith(q) });
    }
    hits.sort((a, b) => Number(b.prefix) - Number(a.prefix) || a.u.name.localeCompare(b.u.name));
    return hits.slice(0, limit).map((h) => h.u);
  }

  statusOf(idx: number): UnitStatus {
    return UNIT_STATUSES[this.#status[idx]] ?? 'off_duty';
  }

  /** whether the server has shown this unit and not since taken it out of this viewer's sight */
  visible(idx: number): boolean {
    return (
      this.#status[idx] !== GONE && (this.#infos[idx] !== undefined || this.#hasFix[idx] === 1)
    );
  }

  /** Every unit the layer draws, with where it is; allocates, so for probes, not for frames. */
  drawnUnits(): DrawnUnit[] {
    const out: DrawnUnit[] = [];
    for (let i = 0; i < this.#length; i++) {
      if (!this.#hasFix[i] || this.#status[i] === GONE) continue;
      const info = this.#infos[i];
      out.push({
        id: info?.id ?? `#${i}`,
        lng: this.#positions[2 * i],
        lat: this.#positions[2 * i + 1],
        incidentId: info?.incidentId ?? null
      });
    }
    return out;
  }

  positionOf(unitId: string): LngLat | null {
    const idx = this.#idxById.get(unitId);
    if (idx === undefined || !this.#hasFix[idx]) return null;
    return [this.#positions[2 * idx], this.#positions[2 * idx + 1]];
  }

  /** The unit's last fix with its time and speed, for a unit's detail; read `version` to follow it. */
  fixOf(unitId: string): UnitFix | null {
    const idx = this.#idxById.get(unitId);
    if (idx === undefined || !this.#hasFix[idx]) return null;
    return {
      lng: this.#positions[2 * idx],
      lat: this.#positions[2 * idx + 1],
      time: this.#fixTime[idx],
      speedMps: this.#speed[idx]
    };
  }

  /** A number that changes whenever any drawn unit moves; for the browser tests' probes. */
  positionDigest(): number {
    let sum = 0;
    for (let i = 0; i < this.#length; i++) {
      if (this.#hasFix[i]) sum += this.#positions[2 * i] * 1e3 + this.#positions[2 * i + 1];
    }
    return sum;
  }

  layerData(): UnitLayerData {
    if (this.#data && this.#dataVersion === this.#version) return this.#data;
    this.#dataVersion = this.#version;
    this.#data = {
      length: this.#length,
      attributes: {
        getPosition: { value: this.#display ?? this.#positions, size: 2 },
        getFillColor: { value: this.#fill, size: 4, normalized: true },
        getLineColor: { value: this.#line, size: 4, normalized: true },
        getRadius: { value: this.#radius, size: 1 }
      }
    };
    return this.#data;
  }

  #setInfo(u: UnitInfo): void {
    this.#ensure(u.idx);
    this.#infos[u.idx] = u;
    this.#idxById.set(u.id, u.idx);
    this.#kind[u.idx] = UNIT_KINDS.indexOf(u.kind);
    this.#status[u.idx] = Math.max(0, UNIT_STATUSES.indexOf(u.status));
    this.#paint(u.idx);
  }

  /** colours and radius of one unit from its kind, status and whether it has a fix */
  #paint(idx: number): void {
    const kind = UNIT_KINDS[this.#kind[idx]];
    const status = UNIT_STATUSES[this.#status[idx]] ?? 'off_duty';
    const fill = kind ? KIND_COLOR[kind] : [200, 200, 200, 255];
    const ring = STATUS_RING[status];
    const o = 4 * idx;
    this.#fill[o] = fill[0];
    this.#fill[o + 1] = fill[1];
    this.#fill[o + 2] = fill[2];
    this.#fill[o + 3] = this.#status[idx] === OFF_DUTY ? OFF_DUTY_ALPHA : fill[3];
    this.#line[o] = ring[0];
    this.#line[o + 1] = ring[1];
    this.#line[o + 2] = ring[2];
    this.#line[o + 3] = ring[3];
    this.#radius[idx] = this.#hasFix[idx] ? STATUS_RADIUS_PX[status] : 0;
  }

  #recount(): void {
    let onDuty = 0;
    let available = 0;
    let drawn = 0;
    for (let i = 0; i < this.#length; i++) {
      if (!this.visible(i)) continue;
      if (this.#status[i] !== OFF_DUTY) onDuty++;
      if (this.#status[i] === AVAILABLE) available++;
      if (this.#hasFix[i]) drawn++;
    }
    this.#onDuty = onDuty;
    this.#available = available;
    this.#drawn = drawn;
    this.#version++;
  }

  /** grows every column to hold `idx`, doubling so a growing roster costs amortised O(1) */
  #ensure(idx: number): void {
    if (idx >= this.#length) this.#length = idx + 1;
    if (idx < this.#capacity) return;
    let cap = Math.max(1024, this.#capacity);
    while (cap <= idx) cap *= 2;
    this.#positions = grow(this.#positions, new Float64Array(2 * cap));
    if (this.#display) this.#display = grow(this.#display, new Float64Array(2 * cap));
    this.#fill = grow(this.#fill, new Uint8Array(4 * cap));
    this.#line = grow(this.#line, new Uint8Array(4 * cap));
    this.#radius = grow(this.#radius, new Float32Array(cap));
    this.#status = grow(this.#status, new Uint8Array(cap));
    this.#kind = grow(this.#kind, new Uint8Array(cap).fill(UNKNOWN_KIND));
    this.#hasFix = grow(this.#hasFix, new Uint8Array(cap));
    this.#fixTime = grow(this.#fixTime, new Float64Array(cap));
    this.#speed = grow(this.#speed, new Float32Array(cap));
    this.#capacity = cap;
  }
}

function grow<T extends Float64Array | Float32Array | Uint8Array>(old: T, next: T): T {
  next.set(old);
  return next;
}
