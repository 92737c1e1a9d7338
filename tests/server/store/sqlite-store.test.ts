import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Incident } from '../../../shared/domain.ts';
import { incidentFixture } from '../../fixtures/incidents.ts';
import { openSqliteStore } from '../../../server/store/sqlite-store.ts';
import type { Store, StoredEvent } from '../../../server/store/store.ts';
import { unit } from '../../fixtures/units.ts';

function incident(id: string, status: Incident['status'], updatedAt: number): Incident {
  return incidentFixture({
    id,
    priority: 3,
    lng: 118.9,
    lat: 31.3,
    gridCode: 'g',
    townCode: 't',
    status,
    updatedAt
  });
}
function event(seq: number, inc: Incident): StoredEvent {
  return { seq, at: seq * 10, type: 'reported', incidentId: inc.id, actor: 'test', incident: inc };
}

describe('SQLite store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gw-store-'));
  let store: Store;
  let n = 0;
  const open = () => (store = openSqliteStore(join(dir, `s${++n}.sqlite`)));
  afterEach(async () => store.close());

  it('starts an empty log at seq 0', async () => {
    open();
    expect(await store.lastSeq()).toBe(0);
    expect(await store.eventsSince(0, 10)).toEqual([]);
  });

  it('appends events with consecutive seq and replays them after a given seq', async () => {
    open();
    const a = incident('A', 'reported', 1);
    await store.commit({
      commandId: 'cmd-00001',
      result: 1,
      events: [event(1, a), event(2, a)],
      incidents: [a],
      units: []
    });
    await store.commit({
      commandId: null,
      result: null,
      events: [event(3, a)],
      incidents: [a],
      units: []
    });
    expect(await store.lastSeq()).toBe(3);
    expect((await store.eventsSince(1, 10)).map((e) => e.seq)).toEqual([2, 3]);
    expect((await store.eventsSince(0, 2)).map((e) => e.seq)).toEqual([1, 2]);
    expect(await store.countEventsSince(1)).toBe(2);
    expect((await store.eventsSince(2, 10))[0].incident).toEqual(a);
  });

  it('refuses a batch that would leave a gap or reuse a seq, and keeps nothing of it', async () => {
    open();
    const a = incident('A', 'reported', 1);
    await store.commit({
      commandId: null,
      result: null,
      events: [event(1, a)],
      incidents: [a],
      units: []
    });
    const b = incident('B', 'reported', 2);
    await expect(
      store.commit({
        commandId: 'cmd-gap01',
        result: 1,
        events: [event(3, b)],
        incidents: [b],
        units: []
      })
    ).rejects.toThrow(/starts at seq 3 but the log ends at 1/);
    await expect(
      store.commit({
        commandId: 'cmd-dup01',
        result: 1,
        events: [event(1, b)],
        incidents: [b],
        units: []
      })
    ).rejects.toThrow();
    expect(await store.lastSeq()).toBe(1);
    expect((await store.incidents(1e12, 10)).map((i) => i.id)).toEqual(['A']);
    expect(await store.commandResult('cmd-gap01')).toEqual({ found: false });
  });

  it('remembers a command result for retries', async () => {
    open();
    const a = incident('A', 'reported', 1);
    await store.commit({
      commandId: 'cmd-remember',
      result: { id: 'A' },
      events: [event(1, a)],
      incidents: [a],
      units: []
    });
    expect(await store.commandResult('cmd-remember')).toEqual({ found: true, result: { id: 'A' } });
  });

  it('lists open incidents and those closed recently, not older closed ones', async () => {
    open();
    const now = 1_000_000;
    const open1 = incident('OPEN', 'en_route', 10);
    const recent = incident('RECENT', 'resolved', now - 1000);
    const old = incident('OLD', 'closed', now - 100_000);
    await store.commit({
      commandId: null,
      result: null,
      events: [event(1, open1), event(2, recent), event(3, old)],
      incidents: [open1, recent, old],
      units: []
    });
    expect((await store.incidents(10_000, now)).map((i) => i.id).sort()).toEqual([
      'OPEN',
      'RECENT'
    ]);
  });

  it('finds incidents by when they were reported, whatever became of them, oldest first', async () => {
    open();
    const at = (id: string, createdAt: number, status: Incident['status']) => ({
      ...incident(id, status, createdAt + 5),
      createdAt
    });
    const list = [at('B', 2000, 'closed'), at('A', 1000, 'reported'), at('C', 3000, 'resolved')];
    await store.commit({
      commandId: null,
      result: null,
      events: list.map((inc, k) => event(k + 1, inc)),
      incidents: list,
      units: []
    });
    expect((await store.incidentsCreated(1000, 3000)).map((i) => i.id)).toEqual(['A', 'B']);
    expect((await store.incidentsCreated(2500, 9999)).map((i) => i.id)).toEqual(['C']);
    expect(await store.incident('B')).toMatchObject({ id: 'B', status: 'closed' });
    expect(await store.incident('NOPE')).toBeUndefined();
  });

  it('keeps the unit roster and each unit’s newest position across a reopen', async () => {
    const file = join(dir, 'reopen.sqlite');
    store = openSqliteStore(file);
    await store.putUnits([unit(0), unit(1, { status: 'off_duty' })]);
    await store.appendPositions([
      {
        unitId: 'U-0',
        time: 1,
        lng: 118.9,
        lat: 31.3,
        speedMps: 1,
        headingDeg: 0,
        accuracyM: 5,
        status: 'available'
      },
      {
        unitId: 'U-0',
        time: 2,
        lng: 118.91,
        lat: 31.31,
        speedMps: 2,
        headingDeg: 90,
        accuracyM: 5,
        status: 'available'
      }
    ]);
    await store.close();
    store = openSqliteStore(file);
    expect((await store.units()).map((u) => [u.id, u.status])).toEqual([
      ['U-0', 'available'],
      ['U-1', 'off_duty']
    ]);
    expect(await store.lastPositions()).toEqual([
      {
        unitId: 'U-0',
        time: 2,
        lng: 118.91,
        lat: 31.31,
        speedMps: 2,
        headingDeg: 90,
        accuracyM: 5,
        status: 'available'
      }
    ]);
  });
});
