import {
  ROLES,
  type AccountCreate,
  type AccountUpdate,
  type AccountView,
  type Role
} from '../../../shared/access.ts';
import { msg } from './i18n.ts';

/**
 * An account being created or changed on the admin screen. It enforces what the server would refuse anyway, so
 * the form says so before sending: a town leader needs towns, a field account a unit, others no unit; and every
 * account a display name, since timelines and the audit log name people by it (the API still accepts none). Admins
 * and commanders always see the whole district, so their towns are not asked for.
 */

export { ROLES };

/** roles whose scope is chosen (the rest is whole district, or a unit) */
export function hasTownScope(role: Role): boolean {
  return role === 'dispatcher' || role === 'town_leader' || role === 'wall';
}

export class AccountDraft {
  username = $state('');
  password = $state('');
  label = $state('');
  role = $state<Role>('dispatcher');
  /** null: the whole district */
  towns = $state<string[] | null>(null);
  unitId = $state('');

  /** a draft of changes to an existing account, starting from what it is */
  static of(a: AccountView): AccountDraft {
    const d = new AccountDraft();
    d.username = a.username;
    d.label = a.label;
    d.role = a.role;
    d.towns = a.towns ? [...a.towns] : null;
    d.unitId = a.unitId ?? '';
    return d;
  }

  /** what is wrong before sending, or '' */
  get problem(): string {
    if (this.role === 'town_leader' && (!this.towns || this.towns.length === 0)) {
      return msg.admin.needTown;
    }
    if (this.role === 'field' && this.unitId.trim() === '') return msg.admin.needUnit;
    if (this.label.trim() === '') return msg.admin.needName;
    return '';
  }

  toCreate(): AccountCreate {
    const label = this.label.trim();
    return {
      username: this.username.trim(),
      password: this.password,
      role: this.role,
      towns: this.#towns(),
      unitId: this.role === 'field' ? this.unitId.trim() : null,
      ...(label ? { label } : {})
    };
  }

  /** only what differs from `a`; null when nothing does */
  toUpdate(a: AccountView): AccountUpdate | null {
    const u: AccountUpdate = {};
    if (this.role !== a.role) u.role = this.role;
    const towns = this.#towns();
    const before = a.towns ? [...a.towns].sort() : null;
    if (JSON.stringify(towns) !== JSON.stringify(before)) u.towns = towns;
    const unitId = this.role === 'field' ? this.unitId.trim() : null;
    if (unitId !== a.unitId) u.unitId = unitId;
    const label = this.label.trim();
    if (label && label !== a.label) u.label = label;
    return Object.keys(u).length > 0 ? u : null;
  }

  #towns(): string[] | null {
    if (!hasTownScope(this.role) || !this.towns || this.towns.length === 0) return null;
    return [...this.towns].sort();
  }
}
