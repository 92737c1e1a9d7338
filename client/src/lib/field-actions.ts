import type { UnitStatus } from '../../../shared/domain.ts';

/**
 * The duty buttons of the field screen: what each sends as `unit:status` and from which statuses it makes sense.
 * The server decides what is allowed (a refusal is shown); the screen only offers the moves that can succeed.
 */

export type FieldAction = 'on_duty' | 'off_duty' | 'depart' | 'arrive' | 'done';

export interface FieldMove {
  action: FieldAction;
  to: UnitStatus;
  from: readonly UnitStatus[];
}

export const FIELD_MOVES: readonly FieldMove[] = [
  { action: 'on_duty', to: 'available', from: ['off_duty'] },
  { action: 'off_duty', to: 'off_duty', from: ['available'] },
  { action: 'depart', to: 'en_route', from: ['assigned'] },
  { action: 'arrive', to: 'on_scene', from: ['assigned', 'en_route'] },
  { action: 'done', to: 'available', from: ['on_scene'] }
];

/** While an offer waits for an answer the unit must accept (or decline) it first: the server refuses a move. */
export function canMove(move: FieldMove, status: UnitStatus | null, offerOpen = false): boolean {
  if (offerOpen && move.to !== 'available') return false;
  return status !== null && move.from.includes(status);
}
