import { CommandError, ErrorCode, failure, type Failure } from '../../shared/result.ts';
import type { Store } from '../store/store.ts';
import type { Scope } from '../access/scope.ts';

/** What a person attached to a command besides its verb: photos, and when they pressed it if it was sent later. */
export interface Said {
  photos?: string[];
  pressedAt?: number;
}

/** a phone's clock may run a little ahead; its offline queue keeps commands for up to a day */
const PRESSED_AHEAD_MS = 60_000;
const PRESSED_BEFORE_MS = 24 * 3600_000;

export function checkPressedAt(pressedAt: number | undefined, now: number): void {
  if (pressedAt === undefined) return;
  if (pressedAt > now + PRESSED_AHEAD_MS || pressedAt < now - PRESSED_BEFORE_MS) {
    throw new CommandError(ErrorCode.INVALID, 'pressed_at_range', {
      at: new Date(pressedAt).toISOString()
    });
  }
}

/** Why the photos cannot go with this command (not uploaded by this account, or already on an incident), or null. */
export async function photoProblem(
  store: Pick<Store, 'photo'>,
  ids: readonly string[] | undefined,
  scope: Scope
): Promise<Failure | null> {
  for (const [index, id] of (ids ?? []).entries()) {
    const photo = await store.photo(id);
    if (!photo || photo.accountId !== scope.accountId)
      return failure(ErrorCode.INVALID, 'photo_unknown', { index, id });
    if (photo.incidentId !== null) {
      return failure(ErrorCode.INVALID, 'photo_attached', {
        index,
        id,
        incident: photo.incidentId
      });
    }
  }
  return null;
}
