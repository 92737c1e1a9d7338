import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Incident, IncidentCategory, UnitKind } from '../../shared/domain.ts';
import type { UnitInfo } from '../../shared/protocol.ts';

/**
 * The wall's figures as a test works them out on its own: read from the server's SQLite file (read-only) and
 * computed from the definitions in ARCHITECTURE.md ("Figures"), with no code of server/kpi. Shanghai's calendar
 * comes from Intl here, not from a fixed offset, so the two ways check each other.
 */

const OPEN = ['reported', 'dispatched', 'accepted', 'en_route', 'on_scene'];
const STEPS = ['dispatch', 'arrive', 'resolve'] as const;
type Step = (typeof STEPS)[number];

export interface StoreSnapshot {
  incidents: Incident[];
  units: UnitInfo[];
}

export function readStore(dataDir: string): StoreSnapshot {
  const db = new Database(join(dataDir, 'gridwatch.sqlite'), {
    readonly: true,
    fileMustExist: true
  });
  try {
    const incidents = db
      .prepare<[], { body: string }>('SELECT body FROM incidents')
      .all()
      .map((r) => JSON.parse(r.body) as Incident);
    const units = db
      .prepare<[], { body: string }>('SELECT body FROM units')
      .all()
      .map((r) => JSON.parse(r.body) as UnitInfo);
    return { incidents, units };
  } finally {
    db.close();
  }
}

/** the latest event in the log: what the ticker's top line shows */
export function lastEvent(dataDir: string): { seq: number; type: string; incidentId: string } {
  const db = new Database(join(dataDir, 'gridwatch.sqlite'), {
    readonly: true,
    fileMustExist: true
  });
  try {
    const row = db
      .prepare<[], { seq: number; type: string; incident_id: string }>(
        'SELECT seq, type, incident_id FROM events ORDER BY seq DESC LIMIT 1'
      )
      .get();
    if (!row) throw new Error('the event log is empty');
    return { seq: row.seq, type: row.type, incidentId: row.incident_id };
  } finally {
    db.close();
  }
}

const SHANGHAI = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  hourCycle: 'h23'
});

function shanghaiParts(t: number): { y: number; m: number; d: number; h: number } {
  const p = Object.fromEntries(SHANGHAI.formatToParts(t).map((x) => [x.type, x.value]));
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), h: Number(p.hour) };
}

/** midnight in Shanghai of the day holding `t` (Shanghai is 8 hours ahead of UTC) */
export function shanghaiMidnight(t: number): number {
  const { y, m, d } = shanghaiParts(t);
  return Date.UTC(y, m - 1, d) - 8 * 3_600_000;
}

export interface ExpectedStep {
  reached: number;
  medianMs: number | null;
  due: number;
  onTime: number;
}

export interface ExpectedFigures {
  openByPriority: Record<1 | 2 | 3 | 4, number>;
  openTotal: number;
  overdue: number;
  reportedToday: number;
  byCategory: Partial<Record<IncidentCategory, number>>;
  steps: Record<Step, ExpectedStep>;
  breaches: number;
  onDuty: number;
  available: number;
  byKind: Partial<Record<UnitKind, number>>;
  hourlyToday: Array<number | null>;
  towns: Map<string, { open: number; overdue: number }>;
}

/**
 * The figures at `now` for the incidents in `towns` (null: the district). Units: the store's roster, every unit
 * counted (the district's view; a town's units depend on live positions the store does not hold).
 */
export function expectedFigures(
  snap: StoreSnapshot,
  now: number,
  towns: readonly string[] | null
): ExpectedFigures {
  const mine = snap.incidents.filter((i) => towns === null || towns.includes(i.townCode));
  const start = shanghaiMidnight(now);
  const today = mine.filter((i) => i.createdAt >= start && i.createdAt <= now);
  const open = mine.filter((i) => OPEN.includes(i.status));

  const openByPriority = { 1: 0, 2: 0, 3: 0, 4: 0 };
  for (const i of open) openByPriority[i.priority]++;
  const byCategory: Partial<Record<IncidentCategory, number>> = {};
  for (const i of today) byCategory[i.category] = (byCategory[i.category] ?? 0) + 1;

  const steps = Object.fromEntries(STEPS.map((s) => [s, stepOf(today, s, now)])) as Record<
    Step,
    ExpectedStep
  >;
  const byKind: Partial<Record<UnitKind, number>> = {};
  let onDuty = 0;
  let available = 0;
  for (const u of snap.units) {
    if (u.status === 'off_duty') continue;
    onDuty++;
    if (u.status === 'available') available++;
    byKind[u.kind] = (byKind[u.kind] ?? 0) + 1;
  }
  const currentHour = shanghaiParts(now).h;
  const hourlyToday = Array.from({ length: 24 }, (_, h) =>
    h > currentHour ? null : today.filter((i) => shanghaiParts(i.createdAt).h === h).length
  );
  const townFigures = new Map<string, { open: number; overdue: number }>();
  for (const i of open) {
    const t = townFigures.get(i.townCode) ?? { open: 0, overdue: 0 };
    t.open++;
    if (overdue(i, now)) t.overdue++;
    townFigures.set(i.townCode, t);
  }
  return {
    openByPriority,
    openTotal: open.length,
    overdue: open.filter((i) => overdue(i, now)).length,
    reportedToday: today.length,
    byCategory,
    steps,
    breaches: STEPS.reduce((n, s) => n + steps[s].due - steps[s].onTime, 0),
    onDuty,
    available,
    byKind,
    hourlyToday,
    towns: townFigures
  };
}

function stepOf(today: readonly Incident[], step: Step, now: number): ExpectedStep {
  const times: number[] = [];
  let due = 0;
  let onTime = 0;
  for (const i of today) {
    const deadline =
      step === 'dispatch' ? i.dispatchBy : step === 'arrive' ? i.arriveBy : i.resolveBy;
    const at = reached(i, step);
    const end =
      i.status === 'cancelled'
        ? (i.timeline.filter((e) => e.type === 'cancelled').at(-1)?.at ?? i.updatedAt)
        : now;
    if (at !== null) {
      times.push(at - i.createdAt);
      due++;
      if (at <= deadline) onTime++;
    } else if (deadline < end) due++;
  }
  times.sort((a, b) => a - b);
  const n = times.length;
  const medianMs =
    n === 0 ? null : n % 2 ? times[(n - 1) / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
  return { reached: n, medianMs, due, onTime };
}

function reached(i: Incident, step: Step): number | null {
  if (step === 'dispatch') return i.timeline.find((e) => e.type === 'offered')?.at ?? null;
  if (step === 'arrive') return i.timeline.find((e) => e.type === 'on_scene')?.at ?? null;
  if (i.status !== 'resolved' && i.status !== 'closed') return null;
  return i.timeline.filter((e) => e.type === 'resolved').at(-1)?.at ?? null;
}

function overdue(i: Incident, now: number): boolean {
  if (i.status === 'reported') return i.dispatchBy < now;
  if (i.status === 'on_scene') return i.resolveBy < now;
  return i.arriveBy < now;
}
