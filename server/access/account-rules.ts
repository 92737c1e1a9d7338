import type { AccountView } from '../../shared/access.ts';
import type { AuditValues } from '../../shared/audit-detail.ts';
import { CommandError, ErrorCode } from '../../shared/result.ts';
import type { AccountRecord } from '../store/store.ts';

/** The rules of an account's shape and how it is shown and audited, apart from sessions. */

/** names the server's own actors use in audit records and timelines: no person may take one */
export const RESERVED_NAMES = ['sim', 'ladder', 'system', 'test', 'api'];

export function view(a: AccountRecord): AccountView {
  return {
    id: a.id,
    username: a.username,
    role: a.role,
    towns: a.towns,
    unitId: a.unitId,
    disabled: a.disabled,
    label: a.label
  };
}

export function checkShape(
  role: AccountView['role'],
  towns: string[] | null,
  unitId: string | null
): void {
  if (role === 'field' && !unitId) throw new CommandError(ErrorCode.INVALID, 'field_needs_unit');
  if (role !== 'field' && unitId)
    throw new CommandError(ErrorCode.INVALID, 'role_without_unit', { role });
  if (role === 'town_leader' && (!towns || towns.length === 0)) {
    throw new CommandError(ErrorCode.INVALID, 'leader_needs_town');
  }
}

export function sameTowns(a: string[] | null, b: string[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

/** an account's scope as audit values (shared/audit-detail.ts): towns `all` for the whole district */
export function describe(a: AccountRecord): AuditValues {
  return {
    name: a.label,
    role: a.role,
    towns: a.towns ? a.towns.join(',') : 'all',
    ...(a.unitId ? { unit: a.unitId } : {}),
    ...(a.disabled ? { disabled: true } : {})
  };
}
