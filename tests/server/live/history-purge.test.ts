import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../shared/access.ts';
import { AccessService } from '../../../server/access/service.ts';
import { startHistoryPurge, type HistoryPurge } from '../../../server/live/history-purge.ts';
import type { Logger } from '../../../server/logger.ts';
import { openSqliteStore } from '../../../server/store/sqlite-store.ts';
import type { PositionRecord } from '../../../server/store/store.ts';
import { startServer } from '../../fixtures/server.ts';

/**
 * The retention job on a real server's store: it removes exactly the points older than the retention, says how
 * many, and leaves one `positions.purge` record on the audit log the admin reads — and none when it removed
 * nothing, so the log holds only purges that made a gap in someone's track.
 */

type Server = Awaited<ReturnType<typeof startServer>>;

const DAY_MS = 86_400_000;
let server: Server;
let purges: HistoryPurge[] = [];

beforeAll(async () => {
  server = await startServer({ units: 6 });
});
afterAll(async () => server.close());
afterEach(() => {
  for (const p of purges) p.stop();
  purges = [];
});

function start(days = 30, log: Logger = server.app.log): HistoryPurge {
  const { store, access } = server.app.gridwatch;
  const purge = startHistoryPurge({ store, access, days, log });
  purges.push(purge);
  return purge;
}

/** the start-up run happens at once; let its promise settle before the test's own run */
const settle = () => new Promise((r) => setTimeout(r, 20));

async function purgeRecords(): Promise<AuditRecord[]> {
  const res = await server.as('admin', { method: 'GET', url: '/api/audit?limit=1000' });
  expect(res.statusCode).toBe(200);
  return (res.json() as AuditRecord[]).filter((r) => r.action === 'positions.purge');
}

function row(unitId: string, time: number): PositionRecord {
  return {
    unitId,
    time,
    lng: 118.8745,
    lat: 31.3235,
    speedMps: 1,
    headingDeg: 0,
    accuracyM: 5,
    status: 'available'
  };
}

async function timesOf(unitId: string, now: number): Promise<number[]> {
  const rows = await server.app.gridwatch.store.positionsBetween(unitId, 0, now + DAY_MS, 10_000);
  return rows.map((r) => r.time);
}

describe('history purge', () => {
  it('removes exactly the points older than the retention, says how many, and audits the run once', async () => {
    const [a, b] = server.app.gridwatch.live.all().map((u) => u.id);
    const purge = start(30);
    await settle();
    const before = await purgeRecords();
    const now = Date.now();
    const cutoff = now - 30 * DAY_MS;
    const old = [now - 90 * DAY_MS, now - 31 * DAY_MS, cutoff - 1];
    // the cutoff itself is kept: "older than 30 days" starts one millisecond before it
    const kept = [cutoff, now - 29 * DAY_MS, now - 3600_000];
    await server.app.gridwatch.store.appendPositions([
      ...[...old, ...kept].map((t) => row(a, t)),
      ...[old[1], kept[2]].map((t) => row(b, t))
    ]);

    expect(await purge.run(now)).toBe(old.length + 1);
    expect(await timesOf(a, now)).toEqual(kept);
    expect(await timesOf(b, now)).toEqual([kept[2]]);

    const records = await purgeRecords();
    expect(records).toHaveLength(before.length + 1);
    expect(records[0]).toMatchObject({
      actor: 'system',
      action: 'positions.purge',
      target: `before ${new Date(cutoff).toISOString()}`,
      source: 'server',
      outcome: 'ok',
      at: now
    });
    expect(records[0].detail).toEqual({ values: { points: old.length + 1, days: 30 } });
  });

  it('writes no record when there is nothing to remove', async () => {
    const [, , c] = server.app.gridwatch.live.all().map((u) => u.id);
    const purge = start(30);
    await settle();
    const now = Date.now();
    await server.app.gridwatch.store.appendPositions([row(c, now - DAY_MS), row(c, now - 60_000)]);
    const before = await purgeRecords();
    expect(await purge.run(now)).toBe(0);
    expect(await purge.run(now)).toBe(0);
    expect(await purgeRecords()).toHaveLength(before.length);
    expect(await timesOf(c, now)).toEqual([now - DAY_MS, now - 60_000]);
  });

  it('follows the configured retention', async () => {
    const [, , , d] = server.app.gridwatch.live.all().map((u) => u.id);
    const purge = start(7);
    await settle();
    const now = Date.now();
    await server.app.gridwatch.store.appendPositions([
      row(d, now - 8 * DAY_MS),
      row(d, now - 6 * DAY_MS)
    ]);
    expect(await purge.run(now)).toBe(1);
    expect(await timesOf(d, now)).toEqual([now - 6 * DAY_MS]);
    const [latest] = await purgeRecords();
    expect(latest.detail.values).toMatchObject({ days: 7 });
    expect(latest.at).toBe(now);
  });

  it('purges at start without being asked', async () => {
    const [, , , , e] = server.app.gridwatch.live.all().map((u) => u.id);
    const now = Date.now();
    await server.app.gridwatch.store.appendPositions([
      row(e, now - 40 * DAY_MS),
      row(e, now - DAY_MS)
    ]);
    const before = await purgeRecords();
    start(30);
    await settle();
    expect(await timesOf(e, now)).toEqual([now - DAY_MS]);
    expect(await purgeRecords()).toHaveLength(before.length + 1);
  });

  it('logs a purge that fails instead of throwing from its timer', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gw-purge-')), 'store.sqlite');
    const store = openSqliteStore(file);
    const access = await AccessService.open(store);
    await store.close();
    const errors: unknown[][] = [];
    const noop = () => undefined;
    const log = { info: noop, warn: noop, debug: noop, error: (...a: unknown[]) => errors.push(a) };
    const purge = startHistoryPurge({ store, access, days: 30, log: log as unknown as Logger });
    purges.push(purge);
    await settle();
    expect(errors).toHaveLength(1);
    expect(String(errors[0][1])).toMatch(/purge failed/);
    // a run asked for directly reports the failure to its caller
    await expect(purge.run(Date.now())).rejects.toThrow();
  });
});
