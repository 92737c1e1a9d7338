import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Incident } from '../../../shared/domain.ts';
import { note, said } from '../../../shared/timeline-note.ts';
import { legacyNote, upgradeIncident } from '../../../server/store/legacy-notes.ts';
import { openSqliteStore } from '../../../server/store/sqlite-store.ts';
import type { Store } from '../../../server/store/store.ts';
import { incidentFixture } from '../../fixtures/incidents.ts';

/** An incident as a server before structured notes stored it: English sentences where keys are now. */
function oldIncident(): Incident {
  const entry = (seq: number, type: string, text: string) => ({
    seq,
    at: seq,
    type,
    actor: 'dispatcher',
    status: 'reported' as const,
    note: text
  });
  return incidentFixture({
    id: 'INC-OLD',
    timeline: [
      entry(1, 'reported', 'source: hotline'),
      entry(2, 'offered', 'answer by 2026-11-28T00:31:05.000Z'),
      entry(3, 'offer_timed_out', 'no answer before the deadline'),
      entry(4, 'escalated', '2 offers failed'),
      entry(5, 'cancelled', '群众已自行离开')
    ],
    offers: [
      {
        unitId: 'U-0',
        status: 'timed_out',
        offeredAt: 2,
        deadline: 3,
        by: 'dispatcher',
        answeredAt: 3,
        reason: 'no answer before the deadline'
      }
    ],
    escalation: { at: 4, reason: '2 offers failed', acknowledgedAt: null, acknowledgedBy: null }
  } as unknown as Partial<Incident>);
}

describe('notes written before they were structured', () => {
  it('reads each sentence the server wrote as its key, and anything else as what a person said', () => {
    expect(legacyNote('reported', 'source: camera')).toEqual(note('source', { source: 'camera' }));
    expect(legacyNote('possible_duplicate', 'INC-1')).toEqual(
      note('duplicate_of', { id: 'INC-1' })
    );
    expect(legacyNote('border_notified', 'Z1: 张三、李四')).toEqual(
      note('border_notified', { zone: 'Z1', members: '张三、李四' })
    );
    expect(legacyNote('border_notified', 'Z1: no committee members on record')).toEqual(
      note('border_no_members', { zone: 'Z1' })
    );
    expect(legacyNote('offered', 'answer by 2026-11-28T00:31:05.000Z')).toEqual(
      note('answer_by', { at: Date.UTC(2026, 10, 28, 0, 31, 5) })
    );
    expect(legacyNote('cancelled', 'merged into INC-7')).toEqual(
      note('merged_into', { id: 'INC-7' })
    );
    expect(legacyNote('merged', 'INC-8 merged into this incident')).toEqual(
      note('merged_from', { id: 'INC-8' })
    );
    expect(legacyNote('escalated', 'no available unit to offer')).toEqual(note('no_unit'));
    expect(legacyNote('offer', 'cancelled')).toEqual(note('closed_with', { status: 'cancelled' }));
    expect(legacyNote('offer', 'released by the unit')).toEqual(note('released_by_unit'));
    // a person could type "resolved" as a reason on a timeline entry: only an offer's answer means the incident
    expect(legacyNote('declined', 'resolved')).toEqual(said('resolved'));
    expect(legacyNote('declined', '车辆故障')).toEqual(said('车辆故障'));
  });

  it('upgrades an old incident’s timeline, offers and escalation, and leaves a new one as it is', () => {
    const up = upgradeIncident(oldIncident());
    expect(up.timeline.map((e) => e.note)).toEqual([
      note('source', { source: 'hotline' }),
      note('answer_by', { at: Date.UTC(2026, 10, 28, 0, 31, 5) }),
      note('no_answer'),
      note('offers_failed', { count: 2 }),
      said('群众已自行离开')
    ]);
    expect(up.offers[0].reason).toEqual(note('no_answer'));
    expect(up.escalation?.reason).toEqual(note('offers_failed', { count: 2 }));
    const fresh = incidentFixture({ timeline: [] });
    expect(upgradeIncident(fresh)).toBe(fresh);
  });
});

describe('a store written before notes and audit details were structured', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gw-legacy-'));
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('replays old events and reads old incidents with their notes as keys', async () => {
    const file = join(dir, 'events.sqlite');
    const first = openSqliteStore(file);
    const old = oldIncident();
    await first.commit({
      commandId: null,
      result: null,
      events: [
        { seq: 1, at: 1, type: 'reported', incidentId: old.id, actor: 'dispatcher', incident: old }
      ],
      incidents: [old],
      units: []
    });
    await first.close();
    store = openSqliteStore(file);
    const [event] = await store.eventsSince(0, 10);
    expect(event.incident.timeline[0].note).toEqual(note('source', { source: 'hotline' }));
    const stored = await store.incident(old.id);
    expect(stored?.escalation?.reason).toEqual(note('offers_failed', { count: 2 }));
  });

  it('opens an audit table without display names, keeps it append-only, and reads its old rows', async () => {
    const file = join(dir, 'audit.sqlite');
    const db = new Database(file);
    // the audit table as it was, with its triggers and a record whose detail is an English sentence
    db.exec(`
      CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, actor TEXT NOT NULL,
        action TEXT NOT NULL, target TEXT NOT NULL, source TEXT NOT NULL,
        outcome TEXT NOT NULL, detail TEXT NOT NULL
      );
      CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
      CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
      INSERT INTO audit (at, actor, action, target, source, outcome, detail)
        VALUES (1, 'admin', 'account.create', 'u1', '127.0.0.1', 'ok', 'dispatcher towns=all');
      INSERT INTO audit (at, actor, action, target, source, outcome, detail)
        VALUES (2, 'admin', 'logout', 'admin', '127.0.0.1', 'ok', '');
    `);
    db.close();
    store = openSqliteStore(file);
    await store.appendAudit({
      at: 3,
      actor: 'dispatcher',
      actorName: '王建国',
      action: 'dispatch.assign',
      target: 'INC-1 ← U-1',
      source: '127.0.0.1',
      outcome: 'ok',
      detail: { values: { incident: 'INC-1', unit: 'U-1' } }
    });
    const log = await store.auditLog(10);
    expect(log.map((r) => [r.actor, r.actorName, r.detail])).toEqual([
      ['dispatcher', '王建国', { values: { incident: 'INC-1', unit: 'U-1' } }],
      ['admin', undefined, { values: {} }],
      ['admin', undefined, { values: {}, text: 'dispatcher towns=all' }]
    ]);
    const raw = new Database(file);
    try {
      expect(() => raw.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
    } finally {
      raw.close();
    }
  });
});
