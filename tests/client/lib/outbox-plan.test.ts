import { describe, expect, it } from 'vitest';
import { ErrorCode, fail } from '../../../shared/result.ts';
import {
  BACKLOG_MAX,
  answeredOffers,
  nextSend,
  pendingStatus,
  verdictOf,
  withPhotos,
  type CommandEntry,
  type OutboxEntry,
  type PositionEntry,
  type QueuedCommand
} from '../../../client/src/lib/outbox-plan.ts';

const pos = (seq: number): PositionEntry => ({
  seq,
  kind: 'position',
  report: { unitId: 'u1', lng: 118.9, lat: 31.3, time: seq }
});

const cmd = (seq: number, command: QueuedCommand, refused = false): CommandEntry => ({
  seq,
  kind: 'command',
  command,
  photos: [],
  refused: refused ? { error: 'INVALID_TRANSITION' } : null
});

const status = (s: 'en_route' | 'on_scene' | 'available'): QueuedCommand => ({
  event: 'unit:status',
  payload: { commandId: `c-${s}-0001`, unitId: 'u1', status: s }
});

const answer = (accept: boolean): QueuedCommand => ({
  event: 'offer:respond',
  payload: { commandId: 'c-answer-01', incidentId: 'i1', unitId: 'u1', accept }
});

describe('nextSend', () => {
  it('has nothing to send from an empty queue or one of refused commands only', () => {
    expect(nextSend([])).toBeNull();
    expect(nextSend([cmd(1, status('en_route'), true)])).toBeNull();
  });

  it('sends the run of positions at the head as one backlog, stopping at the first command', () => {
    const entries: OutboxEntry[] = [pos(1), pos(2), cmd(3, status('en_route')), pos(4)];
    const next = nextSend(entries);
    expect(next?.kind).toBe('backlog');
    expect(next?.kind === 'backlog' && next.entries.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('sends a command at the head alone', () => {
    const next = nextSend([cmd(3, status('en_route')), cmd(4, status('on_scene')), pos(5)]);
    expect(next?.kind === 'command' && next.entry.seq).toBe(3);
  });

  it('passes over a refused command', () => {
    const next = nextSend([cmd(1, status('en_route'), true), cmd(2, status('on_scene'))]);
    expect(next?.kind === 'command' && next.entry.seq).toBe(2);
  });

  it('cuts a backlog at the most the server takes', () => {
    const entries = Array.from({ length: BACKLOG_MAX + 5 }, (_, i) => pos(i + 1));
    const next = nextSend(entries);
    expect(next?.kind === 'backlog' && next.entries.length).toBe(BACKLOG_MAX);
  });
});

describe('verdictOf', () => {
  it('keeps what got no answer and refuses what the server said no to', () => {
    expect(verdictOf({ ok: true, data: null })).toBe('sent');
    expect(verdictOf({ ok: false, error: 'TIMEOUT', message: '' })).toBe('keep');
    expect(verdictOf({ ok: false, error: 'OFFLINE', message: '' })).toBe('keep');
    expect(verdictOf(fail(ErrorCode.RATE_LIMITED, 'nothing_to_do'))).toBe('keep');
    expect(verdictOf(fail(ErrorCode.INVALID_TRANSITION, 'nothing_to_do'))).toBe('refused');
    expect(verdictOf(fail(ErrorCode.FORBIDDEN, 'nothing_to_do'))).toBe('refused');
    expect(verdictOf(fail(ErrorCode.INVALID, 'nothing_to_do'))).toBe('refused');
  });
});

describe('pendingStatus', () => {
  it('is the status the last waiting command leads to', () => {
    expect(pendingStatus([])).toBeNull();
    expect(pendingStatus([pos(1)])).toBeNull();
    expect(pendingStatus([cmd(1, status('en_route')), cmd(2, status('on_scene'))])).toBe(
      'on_scene'
    );
    expect(pendingStatus([cmd(1, answer(true))])).toBe('assigned');
    expect(pendingStatus([cmd(1, answer(false))])).toBe('available');
  });

  it('ignores refused commands', () => {
    expect(pendingStatus([cmd(1, status('en_route')), cmd(2, status('on_scene'), true)])).toBe(
      'en_route'
    );
  });
});

describe('answeredOffers', () => {
  it('names the incidents whose offer waits to be answered', () => {
    expect([...answeredOffers([cmd(1, answer(true)), cmd(2, status('en_route'))])]).toEqual(['i1']);
    expect(answeredOffers([cmd(1, answer(true), true)]).size).toBe(0);
  });
});

describe('withPhotos', () => {
  it('puts photo ids into status changes and reports but not into offer answers', () => {
    const ids = ['a'.repeat(32)];
    const s = withPhotos(status('available'), ids);
    expect(s.event === 'unit:status' && s.payload.photos).toEqual(ids);
    expect(withPhotos(answer(true), ids).payload).not.toHaveProperty('photos');
    expect(withPhotos(status('available'), []).payload).not.toHaveProperty('photos');
  });
});
