import { describe, expect, it } from 'vitest';
import {
  LoginBackoff,
  MAX_MS,
  STREAK_MS,
  type Attempt
} from '../../../server/access/login-backoff.ts';

const T0 = 1_800_000_000_000;

/** `n` attempts let through and failed, one a millisecond after the other's wait ended */
function failTimes(b: LoginBackoff, name: string, n: number, from = T0): number {
  let t = from;
  for (let k = 0; k < n; k++) {
    let a: Attempt = b.attempt(name, t);
    while (!a.ok) {
      t += a.waitMs;
      a = b.attempt(name, t);
    }
  }
  return t;
}

describe('LoginBackoff', () => {
  it('lets five failures through without a wait', () => {
    const b = new LoginBackoff();
    for (let k = 1; k <= 5; k++)
      expect(b.attempt('dispatcher', T0 + k)).toEqual({ ok: true, failures: k });
  });

  it('makes each attempt after the fifth failure wait 1 s, 2 s, 4 s … from the last failure, at most 60 s', () => {
    const b = new LoginBackoff();
    let t = failTimes(b, 'dispatcher', 5);
    const waits: number[] = [];
    for (let k = 0; k < 10; k++) {
      const refused = b.attempt('dispatcher', t);
      expect(refused.ok).toBe(false);
      const waitMs = (refused as { waitMs: number }).waitMs;
      waits.push(waitMs);
      t += waitMs;
      expect(b.attempt('dispatcher', t)).toEqual({ ok: true, failures: 6 + k });
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60, 60].map((s) => s * 1000));
    expect(Math.max(...waits)).toBe(MAX_MS);
  });

  it('does not lengthen the wait for attempts refused during it', () => {
    const b = new LoginBackoff();
    const t = failTimes(b, 'dispatcher', 7); // the wait after the 7th failure is 4 s
    for (let ms = 0; ms < 4000; ms += 100)
      expect(b.attempt('dispatcher', t + ms)).toEqual({ ok: false, waitMs: 4000 - ms });
    expect(b.attempt('dispatcher', t + 4000)).toEqual({ ok: true, failures: 8 });
  });

  it('lets only the first of attempts that race past the end of a wait through', () => {
    const b = new LoginBackoff();
    const t = failTimes(b, 'dispatcher', 5) + 1000;
    const answers = Array.from({ length: 20 }, () => b.attempt('dispatcher', t));
    expect(answers.filter((a) => a.ok)).toEqual([{ ok: true, failures: 6 }]);
    expect(answers[1]).toEqual({ ok: false, waitMs: 2000 });
  });

  it('forgets a streak after a success', () => {
    const b = new LoginBackoff();
    const t = failTimes(b, 'dispatcher', 4);
    b.succeeded('dispatcher');
    expect(b.attempt('dispatcher', t)).toEqual({ ok: true, failures: 1 });
  });

  it('forgets a streak after 15 minutes without a failure, and not a moment before', () => {
    const b = new LoginBackoff();
    const t = failTimes(b, 'dispatcher', 9) + STREAK_MS - 1;
    expect(b.attempt('dispatcher', t)).toEqual({ ok: true, failures: 10 });
    expect(b.attempt('dispatcher', t + STREAK_MS)).toEqual({ ok: true, failures: 1 });
  });

  it('keeps each name apart, an unknown one like a known one', () => {
    const b = new LoginBackoff();
    const t = failTimes(b, 'dispatcher', 5);
    failTimes(b, 'nobody-here', 5);
    expect(b.attempt('dispatcher', t).ok).toBe(false);
    expect(b.attempt('nobody-here', t).ok).toBe(false);
    expect(b.attempt('Dispatcher', t)).toEqual({ ok: true, failures: 1 });
  });

  it('drops a name whose streak ended once another name is tried', () => {
    const b = new LoginBackoff();
    failTimes(b, 'old', 5, T0);
    failTimes(b, 'new', 1, T0 + STREAK_MS);
    expect(b.size).toBe(1);
  });

  it('keeps at most its limit of names, dropping the least recently tried', () => {
    const b = new LoginBackoff(3);
    failTimes(b, 'target', 5, T0);
    failTimes(b, 'a', 1, T0);
    failTimes(b, 'b', 1, T0);
    // tried again (and refused): the name under attack is the most recently tried
    expect(b.attempt('target', T0 + 1).ok).toBe(false);
    failTimes(b, 'c', 1, T0 + 2);
    expect(b.size).toBe(3);
    expect(b.attempt('target', T0 + 3).ok).toBe(false);
    expect(b.attempt('a', T0 + 3)).toEqual({ ok: true, failures: 1 });
  });

  it('holds 10,000 names by default however many are tried', () => {
    const b = new LoginBackoff();
    for (let k = 0; k < 12_000; k++) b.attempt(`guess-${k}`, T0 + k);
    expect(b.size).toBe(10_000);
  });
});
