import type { DeviceRegister, DeviceView } from '../../../shared/devices.ts';
import type { Unit } from '../../../shared/domain.ts';
import type { Api } from './api.ts';
import { errorText } from './errors.ts';

/**
 * The GPS devices (Traccar Client, OsmAnd, car trackers) an admin registers to units, over `/api/devices`, and the
 * roster the unit picker chooses from. When each device was last seen, its battery and what became of its last
 * fix are the server's memory since its start: `load()` again to see a phone that was just set up report.
 */

export interface UnitChoice {
  id: string;
  name: string;
}

export class DeviceList {
  #api: Api;
  #items = $state.raw<DeviceView[]>([]);
  #units = $state.raw<UnitChoice[]>([]);
  #loading = $state(false);
  #loadError = $state('');
  #busyId = $state<string | null>(null);
  #rowError = $state.raw<{ id: string; text: string } | null>(null);
  /** called after every change the server accepted, so the audit log can follow */
  onchange: () => void = () => {};

  constructor(api: Api) {
    this.#api = api;
  }

  get items(): readonly DeviceView[] {
    return this.#items;
  }
  get units(): readonly UnitChoice[] {
    return this.#units;
  }
  get loading(): boolean {
    return this.#loading;
  }
  get loadError(): string {
    return this.#loadError;
  }
  get busyId(): string | null {
    return this.#busyId;
  }
  get rowError(): { id: string; text: string } | null {
    return this.#rowError;
  }

  async load(): Promise<void> {
    this.#loading = true;
    const [devices, units] = await Promise.all([
      this.#api.call<DeviceView[]>('GET', '/api/devices'),
      this.#units.length ? null : this.#api.call<Unit[]>('GET', '/api/units')
    ]);
    this.#loading = false;
    if (units?.ok) {
      this.#units = units.data
        .map((u) => ({ id: u.id, name: u.name }))
        .sort((a, b) => a.id.localeCompare(b.id));
    }
    if (devices.ok) {
      this.#items = devices.data;
      this.#loadError = units && !units.ok ? errorText(units) : '';
    } else this.#loadError = errorText(devices);
  }

  /**
   * The unit an admin means by what they typed into the picker: a unit id, or a name only one unit has. Null when
   * it names none (or several).
   */
  resolveUnit(typed: string): UnitChoice | null {
    const t = typed.trim();
    if (!t) return null;
    const byId = this.#units.find((u) => u.id === t);
    if (byId) return byId;
    const named = this.#units.filter((u) => u.name === t);
    return named.length === 1 ? named[0] : null;
  }

  /** Resolves with null when registered, or the line to show under the form. */
  async register(r: DeviceRegister): Promise<string | null> {
    const res = await this.#api.call<DeviceView>('POST', '/api/devices', r);
    if (!res.ok) return errorText(res);
    this.#items = [...this.#items.filter((d) => d.id !== res.data.id), res.data].sort((a, b) =>
      a.id.localeCompare(b.id)
    );
    this.onchange();
    return null;
  }

  async remove(id: string): Promise<boolean> {
    if (this.#busyId) return false;
    this.#busyId = id;
    this.#rowError = null;
    const res = await this.#api.call<{ removed: string }>(
      'DELETE',
      `/api/devices/${encodeURIComponent(id)}`
    );
    this.#busyId = null;
    if (!res.ok) {
      this.#rowError = { id, text: errorText(res) };
      return false;
    }
    this.#items = this.#items.filter((d) => d.id !== id);
    this.onchange();
    return true;
  }
}
