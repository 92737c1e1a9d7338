import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Incident, TimelineEntry } from '../../shared/domain.ts';
import { Rng } from '../../geo/random.ts';
import { loadDistrict } from '../../server/district.ts';
import { DAY_MS, dayStart } from '../../server/kpi/day.ts';
import { ReportedDays, countHours } from '../../server/kpi/reported-days.ts';
import { openSqliteStore } from '../../server/store/sqlite-store.ts';
import { incidentFixture } from '../fixtures/incidents.ts';
import { fmt, line, percentile } from './stats.ts';

/**
 * What one KPI request reads from the store for "incidents per hour today vs the 7-day average", on a SQLite file
 * holding 8 days of a busy district (INCIDENTS_A_DAY, each with a resolved incident's timeline): the kept past days
 * (kpi/reported-days.ts: only today is read) against reading all 8 days and counting them on every request, as the
 * route did before. Walls and town strips ask every 15 s and after every change.
 */

const INCIDENTS_A_DAY = 600;

export async function benchKpi(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gridwatch-bench-kpi-'));
  const store = openSqliteStore(join(dir, 'bench.db'));
  try {
    const now = dayStart(Date.now()) + 15 * 3_600_000;
    await store.commit({
      commandId: null,
      result: null,
      events: [],
      incidents: week(now),
      units: []
    });

    const kept = new ReportedDays(store);
    const one = await kept.read(now);
    const naive = async () => {
      const all = await store.incidentsCreated(dayStart(now) - 7 * DAY_MS, now + 1);
      const today = all.filter((i) => i.createdAt >= dayStart(now));
      return { today, week: countHours(all.filter((i) => i.createdAt < dayStart(now))) };
    };
    const two = await naive();
    // the two must count alike, or the speed means nothing
    if (JSON.stringify([...one.week].sort()) !== JSON.stringify([...two.week].sort()))
      throw new Error('kept and naive week counts disagree');
    if (one.today.length !== two.today.length) throw new Error('kept and naive today disagree');

    const keptUs = await timeAsync(200, () => kept.read(now));
    const naiveUs = await timeAsync(20, naive);
    console.log(
      `KPI request's reported incidents: 8 days × ${INCIDENTS_A_DAY} incidents in SQLite (${one.today.length} today)`
    );
    line('past days kept, today read', {
      p50: `${fmt(percentile(keptUs, 50) / 1000, 2)} ms`,
      p99: `${fmt(percentile(keptUs, 99) / 1000, 2)} ms`,
      n: `${keptUs.length}`
    });
    line('all 8 days read (baseline)', {
      p50: `${fmt(percentile(naiveUs, 50) / 1000, 2)} ms`,
      p99: `${fmt(percentile(naiveUs, 99) / 1000, 2)} ms`,
      n: `${naiveUs.length}`
    });
    line('speed-up', { p50: `${fmt(percentile(naiveUs, 50) / percentile(keptUs, 50), 0)}×` });
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** 7 whole days and today up to `now`, spread over the district's grids and the hours of the day */
function week(now: number): Incident[] {
  const grids = loadDistrict()
    .collection.features.filter((f) => f.properties.layer === 'grid')
    .map((f) => f.properties);
  const rng = new Rng(8);
  const out: Incident[] = [];
  const first = dayStart(now) - 7 * DAY_MS;
  for (let t = first; t < now; t += DAY_MS / INCIDENTS_A_DAY) {
    const g = grids[Math.floor(rng.next() * grids.length)];
    const createdAt = Math.round(t + rng.next() * 60_000);
    if (createdAt >= now) break;
    const id = `B-${out.length}`;
    const steps = [
      'reported',
      'dispatched',
      'accepted',
      'en_route',
      'on_scene',
      'resolved'
    ] as const;
    const timeline: TimelineEntry[] = steps.map((status, k) => ({
      seq: out.length * 6 + k + 1,
      at: createdAt + k * 120_000,
      type: k === 0 ? 'created' : status,
      actor: 'dispatcher',
      status,
      via: 'socket 10.0.0.1'
    }));
    out.push(
      incidentFixture({
        id,
        gridCode: g.code,
        townCode: g.townCode ?? '',
        description: '邻里纠纷，需要调解',
        status: 'resolved',
        createdAt,
        updatedAt: createdAt + 600_000,
        dispatchBy: createdAt + 300_000,
        arriveBy: createdAt + 900_000,
        resolveBy: createdAt + 3_600_000,
        timeline
      })
    );
  }
  return out;
}

async function timeAsync(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    const t0 = process.hrtime.bigint();
    await fn();
    out.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  return out.sort((a, b) => a - b);
}
