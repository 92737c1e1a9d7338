import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { BacklogResult, PositionReport, UnitStatusCommand } from '../../../shared/commands.ts';
import type { CommandResult } from '../../../client/src/lib/live.svelte.ts';
import { ErrorCode, fail, failure } from '../../../shared/result.ts';
import {
  Outbox,
  type OutboxLink,
  type UploadResult
} from '../../../client/src/lib/outbox.svelte.ts';
import { IdbEntryStore, databaseName } from '../../../client/src/lib/outbox-store.ts';
import type { QueuedCommand } from '../../../client/src/lib/outbox-plan.ts';

/**
 * The outbox over a real IndexedDB implementation (fake-indexeddb, in memory) and a scripted link standing in for
 * the socket: what is kept survives a new Outbox on the same database (a reload), and goes out in the order it
 * was pressed once the link is up.
 */

type Answer = CommandResult<unknown>;

class ScriptedLink implements OutboxLink {
  connected = false;
  /** every request in the order it went out */
  calls: Array<
    | { kind: 'backlog'; reports: PositionReport[] }
    | { kind: 'send'; command: QueuedCommand }
    | { kind: 'upload'; size: number }
  > = [];
  /** answers for the next sends, in order; `ok` once they run out */
  answers: Answer[] = [];
  uploads: UploadResult[] = [];
  #photo = 0;

  async send(command: QueuedCommand): Promise<Answer> {
    this.calls.push({ kind: 'send', command });
    return this.answers.shift() ?? { ok: true, data: null };
  }

  async backlog(reports: PositionReport[]): Promise<CommandResult<BacklogResult>> {
    this.calls.push({ kind: 'backlog', reports });
    return { ok: true, data: { live: 0, history: reports.length, rejected: {} } };
  }

  async upload(photo: Blob): Promise<UploadResult> {
    this.calls.push({ kind: 'upload', size: photo.size });
    const answer = this.uploads.shift() ?? {
      ok: true,
      id: (++this.#photo).toString(16).padStart(32, '0')
    };
    // an upload that may work later failed for want of a network: the socket is down too
    if (!answer.ok && answer.keep) this.connected = false;
    return answer;
  }
}

const UNIT = 'u-test';
let seq = 0;
const open: Outbox[] = [];

function outbox(link: OutboxLink, unitId = UNIT): Outbox {
  const o = new Outbox(IdbEntryStore.open(unitId), link, { retryMs: 60_000 });
  open.push(o);
  return o;
}

function status(s: UnitStatusCommand['status'], note?: string): QueuedCommand {
  return {
    event: 'unit:status',
    payload: {
      commandId: `cmd-${++seq}-${s}`,
      unitId: UNIT,
      status: s,
      pressedAt: 1_700_000_000_000 + seq,
      ...(note ? { note } : {})
    }
  };
}

function report(i: number): PositionReport {
  return { unitId: UNIT, lng: 118.87, lat: 31.33 + i * 1e-4, time: 1_700_000_000_000 + i * 1000 };
}

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
}

afterEach(async () => {
  for (const o of open.splice(0)) o.close();
  await new Promise<void>((resolve, reject) => {
    const req = indexedDB.deleteDatabase(databaseName(UNIT));
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error);
  });
});

describe('Outbox', () => {
  it('keeps what is pressed offline across a reload and sends it in order on reconnect', async () => {
    const offline = new ScriptedLink();
    const before = outbox(offline);
    await before.keepPosition(report(1));
    await before.push(status('en_route'));
    await before.keepPosition(report(2));
    await before.keepPosition(report(3));
    await before.push(status('on_scene'));
    await before.push(status('available', '已调解，双方和解'));
    expect(before.waiting).toBe(6);
    expect(offline.calls).toEqual([]);
    before.close();

    // the page is reloaded: a new outbox on the same database
    const link = new ScriptedLink();
    const after = outbox(link);
    await until(() => after.loaded);
    expect(after.waiting).toBe(6);
    expect(after.pending.map((e) => (e.command.payload as UnitStatusCommand).status)).toEqual([
      'en_route',
      'on_scene',
      'available'
    ]);

    link.connected = true;
    await after.flush();
    expect(
      link.calls.map((c) =>
        c.kind === 'send'
          ? (c.command.payload as UnitStatusCommand).status
          : c.kind === 'backlog'
            ? c.reports.map((r) => r.time - 1_700_000_000_000)
            : c.kind
      )
    ).toEqual([[1000], 'en_route', [2000, 3000], 'on_scene', 'available']);
    const sent = link.calls.flatMap((c) => (c.kind === 'send' ? [c.command.payload] : []));
    // the original ids and press times, so a resend cannot act twice and the timeline shows when it happened
    expect(sent.map((p) => p.commandId)).toEqual([
      expect.stringMatching(/en_route$/),
      expect.stringMatching(/on_scene$/),
      expect.stringMatching(/available$/)
    ]);
    expect(sent.every((p) => typeof p.pressedAt === 'number')).toBe(true);
    expect((sent[2] as UnitStatusCommand).note).toBe('已调解，双方和解');
    expect(after.waiting).toBe(0);

    // nothing is left on disk either
    const again = outbox(new ScriptedLink());
    await until(() => again.loaded);
    expect(again.entries).toEqual([]);
  });

  it('sends a long backlog in requests of at most 300 positions, oldest first', async () => {
    const link = new ScriptedLink();
    const box = outbox(link);
    for (let i = 0; i < 650; i++) await box.keepPosition(report(i));
    link.connected = true;
    await box.flush();
    const sizes = link.calls.map((c) => (c.kind === 'backlog' ? c.reports.length : -1));
    expect(sizes).toEqual([300, 300, 50]);
    const times = link.calls.flatMap((c) =>
      c.kind === 'backlog' ? c.reports.map((r) => r.time) : []
    );
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('shows a refused command once and goes on with the next, without retrying it', async () => {
    const link = new ScriptedLink();
    link.connected = true;
    link.answers = [fail(ErrorCode.INVALID_TRANSITION, 'no_open_offer', { unit: 'u1', id: 'i1' })];
    const box = outbox(link);
    await box.push(status('en_route'));
    await box.push(status('on_scene'));
    await until(() => link.calls.length === 2);
    await box.flush();
    expect(link.calls).toHaveLength(2);
    expect(box.refused).toHaveLength(1);
    expect(box.refused[0].refused).toEqual({
      error: 'INVALID_TRANSITION',
      detail: { key: 'no_open_offer', values: { unit: 'u1', id: 'i1' } }
    });
    expect(box.waiting).toBe(0);

    // still shown after a reload, until the person dismisses it
    const reloaded = outbox(new ScriptedLink());
    await until(() => reloaded.loaded);
    expect(reloaded.refused).toHaveLength(1);
    await reloaded.dismiss(reloaded.refused[0].seq);
    expect(reloaded.entries).toEqual([]);
  });

  it('keeps a command that got no answer and resends it with the same commandId', async () => {
    const link = new ScriptedLink();
    link.connected = true;
    link.answers = [{ ok: false, error: 'TIMEOUT', message: 'operation has timed out' }];
    const box = outbox(link);
    await box.push(status('en_route'));
    await box.push(status('on_scene'));
    await until(() => link.calls.length === 1);
    await box.flush();
    // the first try got no answer: nothing after it may overtake it
    const ids = link.calls.map((c) => (c.kind === 'send' ? c.command.payload.commandId : ''));
    expect(ids).toHaveLength(3);
    expect(ids[0]).toMatch(/en_route$/);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).toMatch(/on_scene$/);
    expect(box.refused).toEqual([]);
    expect(box.waiting).toBe(0);
  });

  it('uploads photos before their command and puts their ids in it', async () => {
    const link = new ScriptedLink();
    const box = outbox(link);
    const photos = [new Blob([new Uint8Array(10)]), new Blob([new Uint8Array(20)])];
    await box.push(status('available', '已处理'), photos);
    link.connected = true;
    await box.flush();
    expect(link.calls.map((c) => c.kind)).toEqual(['upload', 'upload', 'send']);
    const sent = link.calls[2].kind === 'send' ? link.calls[2].command.payload : null;
    expect((sent as UnitStatusCommand).photos).toEqual([
      '00000000000000000000000000000001',
      '00000000000000000000000000000002'
    ]);
  });

  it('never uploads a photo twice when the connection drops between two uploads', async () => {
    const link = new ScriptedLink();
    link.connected = true;
    link.uploads = [
      { ok: true, id: 'a'.repeat(32) },
      { ok: false, keep: true, error: 'OFFLINE' }
    ];
    const box = outbox(link);
    await box.push(status('available'), [new Blob(['one']), new Blob(['second'])]);
    await until(() => link.calls.length === 2);
    await box.flush();
    box.close();

    const next = new ScriptedLink();
    next.connected = true;
    const reloaded = outbox(next);
    await until(() => reloaded.loaded);
    await reloaded.flush();
    expect(next.calls.map((c) => (c.kind === 'upload' ? c.size : c.kind))).toEqual([6, 'send']);
    const sent = next.calls[1].kind === 'send' ? next.calls[1].command.payload : null;
    expect((sent as UnitStatusCommand).photos).toEqual(['a'.repeat(32), '1'.padStart(32, '0')]);
  });

  it('leaves off a photo the server will never take and still sends the command', async () => {
    const link = new ScriptedLink();
    link.uploads = [
      {
        ok: false,
        keep: false,
        ...failure(ErrorCode.INVALID, 'photo_not_image', { mime: 'image/jpeg' })
      }
    ];
    const box = outbox(link);
    await box.push(status('available'), [new Blob(['x'])]);
    link.connected = true;
    await box.flush();
    expect(link.calls.map((c) => c.kind)).toEqual(['upload', 'send']);
    const sent = link.calls[1].kind === 'send' ? link.calls[1].command.payload : null;
    expect(sent).not.toHaveProperty('photos');
    expect(box.droppedPhotos).toEqual([
      { error: 'INVALID', detail: { key: 'photo_not_image', values: { mime: 'image/jpeg' } } }
    ]);
  });

  it('keeps the queues of two units apart', async () => {
    const a = outbox(new ScriptedLink(), UNIT);
    await a.push(status('en_route'));
    const other = outbox(new ScriptedLink(), 'u-other');
    await until(() => other.loaded);
    expect(other.entries).toEqual([]);
    other.close();
    await new Promise<void>((resolve) => {
      const req = indexedDB.deleteDatabase(databaseName('u-other'));
      req.onsuccess = () => resolve();
    });
  });
});
