import { type Fix, type UnitStatus } from '../../shared/domain.ts';
import type { PositionReport } from '../../shared/commands.ts';
import type { UnitInfo } from '../../shared/protocol.ts';
import { encodeWith, type PositionRow } from '../../shared/position-codec.ts';
import { UnitIndex, distanceM, type NearestHit } from '../../geo/unit-index.ts';
import type { CoverageUnits } from '../../geo/coverage.ts';
import {
  checkFix,
  FIX_SOURCES,
  implausible,
  invalidReason,
  isAccepted,
  RejectCounter,
  type FilterLimits,
  type FixSource,
  type FixVerdict,
  type LastFix,
  type RejectReason
} from './fix-filter.ts';
import type { UnitWhereabouts } from '../access/scope.ts';
import type { PositionRecord } from '../store/store.ts';

/**
 * The live picture of every unit: roster in objects, positions in dense typed arrays indexed by the unit's `idx`
 * (what the wire and the spatial index use). Reports update the arrays in place and mark the unit dirty; each tick
 * takes the dirty set for one `units:moved` frame. The spatial index is rebuilt lazily, at most once per change
 * of positions, when someone asks a nearest-units question.
 */

/** history keeps a point when this much time or distance passed since the last kept one, or the status changed */
const HISTORY_EVERY_MS = 15_000;
const HISTORY_EVERY_M = 50;
/**
 * A unit that really moved fast (a volunteer got into a car) would be stuck behind the jump filter forever: this
 * many consecutive fixes that agree with one another beyond the jump win, and the marker moves.
 */
const JUMP_CONFIRMATIONS = 3;

export class LiveRegistry {
  readonly #units: UnitInfo[] = [];
  readonly #byId = new Map<string, UnitInfo>();
  #lng = new Float64Array(1024);
  #lat = new Float64Array(1024);
  #time = new Float64Array(1024);
  #speed = new Float32Array(1024);
  #heading = new Float32Array(1024);
  #accuracy = new Float32Array(1024);
  #hasFix = new Uint8Array(1024);
  /** which path the live fix came in on: 0 none (restored), else FIX_SOURCES index + 1 */
  #source = new Uint8Array(1024);
  /** the battery level a unit's GPS device last said, in percent; -1 when none said one */
  #batteryPct = new Int8Array(1024).fill(-1);
  /** whether that device said it was charging: 1 yes, 0 no or not said */
  #charging = new Uint8Array(1024);
  readonly #dirty = new Set<number>();
  readonly #history: PositionRecord[] = [];
  readonly #lastKept = new Map<
    number,
    { time: number; lng: number; lat: number; status: UnitStatus }
  >();
  readonly #limits: FilterLimits;
  readonly #locateTown: (lng: number, lat: number) => string | null;
  /** town of each unit's last fix (null outside the district), kept current on every accepted fix */
  readonly #fixTown: Array<string | null> = [];
  /** town of the incident each unit works, if any */
  readonly #incidentTown: Array<string | null> = [];
  readonly rejected = new RejectCounter();
  /** per unit, the fixes beyond a jump that agree with one another so far */
  readonly #jumps = new Map<number, LastFix & { n: number }>();
  #index: UnitIndex | null = null;
  #accepted = 0;
  #late = 0;

  constructor(
    limits: FilterLimits,
    locateTown: (lng: number, lat: number) => string | null = () => null
  ) {
    this.#limits = limits;
    this.#locateTown = locateTown;
  }

  get size(): number {
    return this.#units.length;
  }

  /** fixes that moved a marker */
  get accepted(): number {
    return this.#accepted;
  }

  /** late fixes (sent after an outage) that went into history only */
  get late(): number {
    return this.#late;
  }

  /** Adds or replaces a unit's roster entry; its idx must be dense (0, 1, 2, … in order of first add). */
  put(unit: UnitInfo): void {
    const known = this.#byId.get(unit.id);
    if (!known && unit.idx !== this.#units.length) {
      throw new Error(
        `unit ${unit.id}: idx ${unit.idx} is not the next dense index ${this.#units.length}`
      );
    }
    if (known && known.idx !== unit.idx)
      throw new Error(`unit ${unit.id}: idx changed ${known.idx} → ${unit.idx}`);
    this.#grow(unit.idx + 1);
    this.#units[unit.idx] = unit;
    this.#byId.set(unit.id, unit);
    this.#dirty.add(unit.idx);
  }

  get(id: string): UnitInfo | undefined {
    return this.#byId.get(id);
  }

  byIdx(idx: number): UnitInfo | undefined {
    return this.#units[idx];
  }

  all(): readonly UnitInfo[] {
    return this.#units;
  }

  fix(idx: number): Fix | null {
    if (!this.#hasFix[idx]) return null;
    return {
      lng: this.#lng[idx],
      lat: this.#lat[idx],
      time: this.#time[idx],
      speedMps: this.#speed[idx],
      headingDeg: this.#heading[idx],
      accuracyM: this.#accuracy[idx]
    };
  }

  /**
   * Applies a schema-valid report through the fix filter: a current fix moves the marker, a late one (older than the
   * unit's last fix, from a phone that was offline) goes into history only; anything else is counted and dropped.
   */
  report(r: PositionReport, now: number, source: FixSource = 'socket'): FixVerdict {
    const u = this.#byId.get(r.unitId);
    if (!u) return this.#reject('unknown_unit', source);
    const i = u.idx;
    const last = this.#hasFix[i]
      ? { time: this.#time[i], lng: this.#lng[i], lat: this.#lat[i], accuracyM: this.#accuracy[i] }
      : null;
    let verdict = checkFix(r, last, u.travel, now, this.#limits);
    // a simulated position is a guess: the first fix of a real device takes over from it wherever it is
    const takesOver = source !== 'sim' && this.fixSource(i) === 'sim';
    if (
      verdict === 'jump' &&
      last &&
      r.time > last.time &&
      (takesOver || this.#confirmsJump(i, r, u))
    )
      verdict = 'live';
    if (!isAccepted(verdict)) return this.#reject(verdict, source);
    if (verdict === 'history') {
      this.#late++;
      this.#history.push(record(u.id, r, u.status));
      return verdict;
    }
    this.#jumps.delete(i);
    this.#lng[i] = r.lng;
    this.#lat[i] = r.lat;
    this.#time[i] = r.time;
    this.#speed[i] = r.speedMps ?? 0;
    this.#heading[i] = r.headingDeg ?? 0;
    this.#accuracy[i] = r.accuracyM ?? 0;
    this.#hasFix[i] = 1;
    this.#source[i] = FIX_SOURCES.indexOf(source) + 1;
    this.#fixTown[i] = this.#locateTown(r.lng, r.lat);
    this.#dirty.add(i);
    this.#index = null;
    this.#accepted++;
    this.#keepHistory(i, u.status);
    return 'live';
  }

  /**
   * Works out every unit's town again, after the district changed: a moved town boundary changes which views see
   * a unit. Every unit with a fix goes out in the next frame, so views it left get their GONE and views it entered
   * their announcement.
   */
  relocate(): void {
    for (const u of this.#units) {
      const i = u.idx;
      if (!this.#hasFix[i]) continue;
      this.#fixTown[i] = this.#locateTown(this.#lng[i], this.#lat[i]);
      this.#dirty.add(i);
    }
  }

  /** When the unit's live fix was taken (epoch ms), null without one: cheaper than `fix` for a sweep. */
  fixTime(idx: number): number | null {
    return this.#hasFix[idx] ? this.#time[idx] : null;
  }

  /**
   * Keeps what a unit's GPS device said of its battery, whatever became of the fix it came with (a device with
   * no usable fix still tells its battery). A field the device did not send keeps its last value.
   */
  noteBattery(unitId: string, said: { batteryPct?: number; charging?: boolean }): void {
    const u = this.#byId.get(unitId);
    if (!u) return;
    if (said.batteryPct !== undefined) this.#batteryPct[u.idx] = Math.round(said.batteryPct);
    if (said.charging !== undefined) this.#charging[u.idx] = said.charging ? 1 : 0;
  }

  /** The unit's device battery as last said, null when no device of the unit ever said its level. */
  battery(idx: number): { pct: number; charging: boolean } | null {
    const pct = this.#batteryPct[idx];
    return pct < 0 ? null : { pct, charging: this.#charging[idx] === 1 };
  }

  /** The path the unit's live fix came in on (null: none, or restored at start-up). */
  fixSource(idx: number): FixSource | null {
    return FIX_SOURCES[this.#source[idx] - 1] ?? null;
  }

  /** Counts a report refused before it reached the registry (it failed the schema, or named an unknown device). */
  countRejected(reason: RejectReason, source: FixSource): void {
    this.rejected.add(reason, source);
  }

  /** Counts a report that failed the schema, as `swapped` when that is what went wrong; returns the reason. */
  refuseInvalid(payload: unknown, source: FixSource): 'swapped' | 'invalid' {
    const reason = invalidReason(payload, this.#limits.area);
    this.rejected.add(reason, source);
    return reason;
  }

  #reject(reason: RejectReason, source: FixSource): RejectReason {
    this.rejected.add(reason, source);
    return reason;
  }

  /** Whether this fix beyond a jump is the JUMP_CONFIRMATIONS-th in a row that agree with one another. */
  #confirmsJump(i: number, r: PositionReport, u: UnitInfo): boolean {
    const prev = this.#jumps.get(i);
    const agrees =
      prev !== undefined &&
      r.time > prev.time &&
      !implausible(r, prev, this.#limits.maxSpeedMps[u.travel]);
    const n = agrees ? prev.n + 1 : 1;
    if (n >= JUMP_CONFIRMATIONS) return true;
    this.#jumps.set(i, { time: r.time, lng: r.lng, lat: r.lat, accuracyM: r.accuracyM ?? 0, n });
    return false;
  }

  /**
   * Puts a unit at a fix without filtering: one restored from the store at start-up (it was filtered when it
   * arrived). The unit goes out in the next frame.
   */
  restoreFix(id: string, f: Fix): void {
    const u = this.#byId.get(id);
    if (!u) return;
    const i = u.idx;
    this.#lng[i] = f.lng;
    this.#lat[i] = f.lat;
    this.#time[i] = f.time;
    this.#speed[i] = f.speedMps;
    this.#heading[i] = f.headingDeg;
    this.#accuracy[i] = f.accuracyM;
    this.#hasFix[i] = 1;
    this.#source[i] = 0;
    this.#fixTown[i] = this.#locateTown(f.lng, f.lat);
    this.#dirty.add(i);
    this.#index = null;
  }

  setStatus(
    id: string,
    status: UnitStatus,
    incidentId: string | null,
    incidentTown: string | null = null
  ): UnitInfo {
    const u = this.#byId.get(id);
    if (!u) throw new Error(`unit ${id} is not registered`);
    this.#incidentTown[u.idx] = incidentId ? incidentTown : null;
    const next = { ...u, status, incidentId };
    this.#units[u.idx] = next;
    this.#byId.set(id, next);
    this.#dirty.add(u.idx);
    if (this.#hasFix[u.idx]) this.#keepHistory(u.idx, status);
    return next;
  }

  /** Indexes of the units with a fix changed since the last call; clears the dirty set. */
  takeDirty(): number[] {
    const list: number[] = [];
    for (const i of this.#dirty) if (this.#hasFix[i]) list.push(i);
    this.#dirty.clear();
    return list;
  }

  /**
   * A frame of the given units; `gone` lists units to send as having left the receiver's view. A GONE row says
   * which unit and nothing else: where it went is exactly what the receiver may no longer know.
   */
  frame(time: number, list: readonly number[], gone: readonly number[] = []): ArrayBuffer {
    const n = list.length;
    return encodeWith(n + gone.length, time, (k, out) => {
      if (k < n) return this.#read(list[k], out);
      out.idx = gone[k - n];
      out.lng = 0;
      out.lat = 0;
      out.time = time;
      out.speedMps = 0;
      out.headingDeg = 0;
      out.status = 'gone';
    });
  }

  /** Where a unit is, for jurisdiction: the town of its fix and of the incident it works. */
  /** the town of the unit's live fix (null: outside the district, or no fix) */
  fixTown(idx: number): string | null {
    return this.#fixTown[idx] ?? null;
  }

  whereabouts(idx: number): UnitWhereabouts {
    return {
      id: this.#units[idx].id,
      fixTown: this.#fixTown[idx] ?? null,
      incidentTown: this.#incidentTown[idx] ?? null
    };
  }

  /** History points kept since the last call, for one batched append. */
  takeHistory(): PositionRecord[] {
    return this.#history.splice(0, this.#history.length);
  }

  /** The units as coverage reads them (geo/coverage.ts): positions in place, the rest asked per unit. */
  coverageUnits(eligible: (u: UnitInfo, fix: Fix) => boolean): CoverageUnits {
    return {
      count: this.#units.length,
      lng: this.#lng,
      lat: this.#lat,
      modeOf: (i) => this.#units[i].travel,
      eligible: (i) => this.#hasFix[i] === 1 && eligible(this.#units[i], this.fix(i)!)
    };
  }

  /** Nearest units to a point that pass `filter` (called with the unit), nearest first. */
  nearest(
    lng: number,
    lat: number,
    limit: number,
    filter: (u: UnitInfo, fix: Fix) => boolean
  ): Array<NearestHit & { unit: UnitInfo; fix: Fix }> {
    const index = this.#spatialIndex();
    const hits = index.nearest(lng, lat, {
      limit,
      filter: (i) => filter(this.#units[i], this.fix(i)!)
    });
    return hits.map((h) => ({ ...h, unit: this.#units[h.i], fix: this.fix(h.i)! }));
  }

  #spatialIndex(): UnitIndex {
    this.#index ??= new UnitIndex(
      this.#lng,
      this.#lat,
      this.#units.length,
      (i) => this.#hasFix[i] === 1
    );
    return this.#index;
  }

  #read(i: number, out: PositionRow): void {
    out.idx = i;
    out.lng = this.#lng[i];
    out.lat = this.#lat[i];
    out.time = this.#time[i];
    out.speedMps = this.#speed[i];
    out.headingDeg = this.#heading[i];
    out.status = this.#units[i].status;
  }

  #keepHistory(i: number, status: UnitStatus): void {
    const prev = this.#lastKept.get(i);
    const t = this.#time[i];
    const lng = this.#lng[i];
    const lat = this.#lat[i];
    if (
      prev &&
      prev.status === status &&
      t - prev.time < HISTORY_EVERY_MS &&
      distanceM(prev.lng, prev.lat, lng, lat) < HISTORY_EVERY_M
    ) {
      return;
    }
    this.#lastKept.set(i, { time: t, lng, lat, status });
    this.#history.push({
      unitId: this.#units[i].id,
      time: t,
      lng,
      lat,
      speedMps: this.#speed[i],
      headingDeg: this.#heading[i],
      accuracyM: this.#accuracy[i],
      status
    });
  }

  #grow(n: number): void {
    if (n <= this.#lng.length) return;
    const cap = Math.max(n, this.#lng.length * 2);
    this.#lng = resized(this.#lng, cap);
    this.#lat = resized(this.#lat, cap);
    this.#time = resized(this.#time, cap);
    this.#speed = resized(this.#speed, cap);
    this.#heading = resized(this.#heading, cap);
    this.#accuracy = resized(this.#accuracy, cap);
    this.#hasFix = resized(this.#hasFix, cap);
    this.#source = resized(this.#source, cap);
    const pct = resized(this.#batteryPct, cap);
    pct.fill(-1, this.#batteryPct.length);
    this.#batteryPct = pct;
    this.#charging = resized(this.#charging, cap);
    this.#index = null;
  }
}

/** A history row from a report as sent (a late fix: the status is the unit's now, the best we know). */
function record(unitId: string, r: PositionReport, status: UnitStatus): PositionRecord {
  return {
    unitId,
    time: r.time,
    lng: r.lng,
    lat: r.lat,
    speedMps: r.speedMps ?? 0,
    headingDeg: r.headingDeg ?? 0,
    accuracyM: r.accuracyM ?? 0,
    status
  };
}

function resized<T extends Float64Array | Float32Array | Uint8Array | Int8Array>(
  a: T,
  n: number
): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}
