import type { DeviceRegister, DeviceView } from '../../shared/devices.ts';
import type { FixVerdict } from '../live/fix-filter.ts';
import { CommandError, ErrorCode } from '../../shared/result.ts';
import type { DeviceRecord, Store } from '../store/store.ts';

/**
 * The GPS devices registered to units, held in memory (every OsmAnd request looks one up) and kept in the store.
 * What each device last said — when, its battery, what became of its fix — lives only in memory: it is for an
 * admin checking that a newly set-up phone reports, not a record.
 */

export interface DeviceStatus {
  lastSeenAt: number | null;
  batteryPct: number | null;
  charging: boolean | null;
  lastVerdict: FixVerdict | null;
}

export class Devices {
  readonly #store: Store;
  readonly #byId = new Map<string, DeviceRecord>();
  readonly #status = new Map<string, DeviceStatus>();

  private constructor(store: Store, records: DeviceRecord[]) {
    this.#store = store;
    for (const d of records) this.#byId.set(d.id, d);
  }

  static async open(store: Store): Promise<Devices> {
    return new Devices(store, await store.devices());
  }

  get(id: string): DeviceRecord | undefined {
    return this.#byId.get(id);
  }

  /** every device with what it last said, ordered by id; `unitName` names a unit id for the list */
  list(unitName: (unitId: string) => string): DeviceView[] {
    return [...this.#byId.values()]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((d) => ({
        ...d,
        unitName: unitName(d.unitId),
        ...(this.#status.get(d.id) ?? NEVER_SEEN)
      }));
  }

  /** Registers a device; the unit must exist (`unitKnown`) and the id must be new. */
  async register(
    r: DeviceRegister,
    unitKnown: (unitId: string) => boolean,
    now: number
  ): Promise<DeviceRecord> {
    if (!unitKnown(r.unitId))
      throw new CommandError(ErrorCode.INVALID, 'unknown_unit', { unit: r.unitId });
    const known = this.#byId.get(r.id);
    if (known)
      throw new CommandError(ErrorCode.INVALID, 'device_registered', {
        id: r.id,
        unit: known.unitId
      });
    const record: DeviceRecord = {
      id: r.id,
      unitId: r.unitId,
      crs: r.crs ?? 'wgs84',
      label: r.label?.trim() ?? '',
      createdAt: now
    };
    await this.#store.addDevice(record);
    this.#byId.set(record.id, record);
    return record;
  }

  async remove(id: string): Promise<DeviceRecord> {
    const known = this.#byId.get(id);
    if (!known) throw new CommandError(ErrorCode.NOT_FOUND, 'not_found', { kind: 'device', id });
    await this.#store.removeDevice(id);
    this.#byId.delete(id);
    this.#status.delete(id);
    return known;
  }

  /** Notes a request from a registered device; fields it did not send keep their last value. */
  seen(
    id: string,
    at: number,
    said: { batteryPct?: number; charging?: boolean; verdict: FixVerdict }
  ): void {
    if (!this.#byId.has(id)) return;
    const last = this.#status.get(id) ?? NEVER_SEEN;
    this.#status.set(id, {
      lastSeenAt: at,
      batteryPct: said.batteryPct ?? last.batteryPct,
      charging: said.charging ?? last.charging,
      lastVerdict: said.verdict
    });
  }
}

const NEVER_SEEN: DeviceStatus = {
  lastSeenAt: null,
  batteryPct: null,
  charging: null,
  lastVerdict: null
};
