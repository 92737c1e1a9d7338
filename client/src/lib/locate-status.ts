/**
 * Where a desk's request for a fresh fix stands (`unit:locate`). The phone answers with an ordinary position
 * report, so the answer is recognised in the position frames: a fix of that unit newer than the one the desk had
 * when it asked. Newer by the fix's own time, not by our clock, so a phone whose clock runs a little behind the
 * server still counts as answering.
 */

/** with no newer fix this long after asking, the desk says nobody answered (the request is not withdrawn) */
export const LOCATE_WAIT_MS = 60_000;

export interface LocateAttempt {
  unitId: string;
  /** time of the unit's last fix when the desk asked, or null when it had none */
  baseline: number | null;
  /** server time the request left (replaced by the server's `requestedAt` once acknowledged) */
  askedAt: number;
  state: 'sending' | 'sent' | 'failed';
  /** connected phones the server asked; 0 when none can answer */
  phones?: number;
  /** why it failed, for the screen */
  error?: string;
}

export type LocateView =
  | { kind: 'idle' }
  | { kind: 'sending' }
  | { kind: 'waiting'; sinceMs: number }
  | { kind: 'updated'; fixTime: number }
  | { kind: 'no_phone' }
  | { kind: 'no_answer' }
  | { kind: 'failed'; error: string };

/**
 * What to show for `attempt` given the unit's current fix time and the server time now. A refused request and a
 * request no phone could hear are answers in themselves (a tracker's next fix does not make the phone reachable;
 * the card's fix age shows that fix anyway). Otherwise a newer fix is the answer, whoever sent it.
 */
export function locateView(
  attempt: LocateAttempt | null,
  fixTime: number | null,
  nowMs: number
): LocateView {
  if (!attempt) return { kind: 'idle' };
  if (attempt.state === 'failed') return { kind: 'failed', error: attempt.error ?? '' };
  if (attempt.phones === 0) return { kind: 'no_phone' };
  if (fixTime !== null && (attempt.baseline === null || fixTime > attempt.baseline)) {
    return { kind: 'updated', fixTime };
  }
  if (attempt.state === 'sending') return { kind: 'sending' };
  const sinceMs = Math.max(0, nowMs - attempt.askedAt);
  if (sinceMs > LOCATE_WAIT_MS) return { kind: 'no_answer' };
  return { kind: 'waiting', sinceMs };
}
