import { describe, expect, it } from 'vitest';
import {
  LOCATE_WAIT_MS,
  locateView,
  type LocateAttempt
} from '../../../client/src/lib/locate-status.ts';

const ASKED = Date.UTC(2026, 10, 28, 2, 0, 0);
/** the unit's last fix when the desk asked: half a minute old */
const BASELINE = ASKED - 30_000;

function attempt(over: Partial<LocateAttempt> = {}): LocateAttempt {
  return { unitId: 'U1', baseline: BASELINE, askedAt: ASKED, state: 'sent', phones: 1, ...over };
}

describe('locateView', () => {
  it('shows nothing before anyone asked', () => {
    expect(locateView(null, BASELINE, ASKED)).toEqual({ kind: 'idle' });
  });

  it('is sending until the server acknowledges', () => {
    expect(locateView(attempt({ state: 'sending', phones: undefined }), BASELINE, ASKED)).toEqual({
      kind: 'sending'
    });
  });

  it('waits while the fix is the one it had when it asked', () => {
    expect(locateView(attempt(), BASELINE, ASKED + 5000)).toEqual({
      kind: 'waiting',
      sinceMs: 5000
    });
  });

  it('is answered by a newer fix, even one measured before the request on a slow phone clock', () => {
    expect(locateView(attempt(), ASKED - 2000, ASKED + 3000)).toEqual({
      kind: 'updated',
      fixTime: ASKED - 2000
    });
  });

  it('is answered by a first fix when the unit had none', () => {
    expect(locateView(attempt({ baseline: null }), ASKED + 1000, ASKED + 2000)).toEqual({
      kind: 'updated',
      fixTime: ASKED + 1000
    });
    expect(locateView(attempt({ baseline: null }), null, ASKED + 2000).kind).toBe('waiting');
  });

  it('says the phone is offline when the server asked no phone, even once a tracker reports', () => {
    expect(locateView(attempt({ phones: 0 }), BASELINE, ASKED + 1000)).toEqual({
      kind: 'no_phone'
    });
    expect(locateView(attempt({ phones: 0 }), ASKED + 500, ASKED + 1000)).toEqual({
      kind: 'no_phone'
    });
  });

  it('says nobody answered once the wait is over', () => {
    expect(locateView(attempt(), BASELINE, ASKED + LOCATE_WAIT_MS).kind).toBe('waiting');
    expect(locateView(attempt(), BASELINE, ASKED + LOCATE_WAIT_MS + 1).kind).toBe('no_answer');
  });

  it('reports a refused request with its reason, whatever the frames say', () => {
    const failed = attempt({ state: 'failed', phones: undefined, error: '无权执行此操作' });
    expect(locateView(failed, ASKED + 1000, ASKED + 2000)).toEqual({
      kind: 'failed',
      error: '无权执行此操作'
    });
  });

  it('never shows a negative wait when our clock is behind the server', () => {
    expect(locateView(attempt(), BASELINE, ASKED - 500)).toEqual({ kind: 'waiting', sinceMs: 0 });
  });
});
