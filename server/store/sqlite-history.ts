import type Database from 'better-sqlite3';
import type { PositionRecord, Store } from './store.ts';

/**
 * Position history in the embedded store: appended in batches by the ticker, read per unit and window, purged
 * past the retention. (unit, time) is unique, so a late fix a phone sends twice is kept once.
 */

export const HISTORY_SCHEMA = `
CREATE TABLE IF NOT EXISTS positions (
  unit_id TEXT NOT NULL,
  time INTEGER NOT NULL,
  lng REAL NOT NULL,
  lat REAL NOT NULL,
  speed REAL NOT NULL,
  heading REAL NOT NULL,
  accuracy REAL NOT NULL,
  status TEXT NOT NULL
);
DROP INDEX IF EXISTS positions_unit_time;
`;
const UNIQUE_INDEX =
  'CREATE UNIQUE INDEX IF NOT EXISTS positions_unit_time_once ON positions (unit_id, time)';

interface PositionRow {
  unit_id: string;
  time: number;
  lng: number;
  lat: number;
  speed: number;
  heading: number;
  accuracy: number;
  status: string;
}

type HistoryStore = Pick<
  Store,
  'appendPositions' | 'lastPositions' | 'positionsBetween' | 'purgePositions'
>;

export function sqliteHistory(db: Database.Database): HistoryStore {
  db.exec(HISTORY_SCHEMA);
  try {
    db.exec(UNIQUE_INDEX);
  } catch {
    // a store written before the index existed may hold a point twice: keep the first, then index
    db.exec(
      'DELETE FROM positions WHERE rowid NOT IN (SELECT MIN(rowid) FROM positions GROUP BY unit_id, time)'
    );
    db.exec(UNIQUE_INDEX);
  }
  const insert = db.prepare(
    'INSERT OR IGNORE INTO positions (unit_id, time, lng, lat, speed, heading, accuracy, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
  );
  const last = db.prepare<[], PositionRow>(
    `SELECT p.unit_id, p.time, p.lng, p.lat, p.speed, p.heading, p.accuracy, p.status
     FROM positions p JOIN (SELECT unit_id, MAX(time) AS t FROM positions GROUP BY unit_id) m
     ON p.unit_id = m.unit_id AND p.time = m.t`
  );
  const between = db.prepare<[string, number, number, number], PositionRow>(
    `SELECT unit_id, time, lng, lat, speed, heading, accuracy, status FROM positions
     WHERE unit_id = ? AND time >= ? AND time <= ? ORDER BY time LIMIT ?`
  );
  const purge = db.prepare('DELETE FROM positions WHERE time < ?');
  const append = db.transaction((rows: PositionRecord[]) => {
    for (const r of rows) {
      insert.run(r.unitId, r.time, r.lng, r.lat, r.speedMps, r.headingDeg, r.accuracyM, r.status);
    }
  });
  return {
    async appendPositions(rows) {
      if (rows.length) append(rows);
    },
    async lastPositions() {
      return last.all().map(toRecord);
    },
    async positionsBetween(unitId, from, to, limit) {
      return between.all(unitId, from, to, limit).map(toRecord);
    },
    async purgePositions(before) {
      return purge.run(before).changes;
    }
  };
}

function toRecord(r: PositionRow): PositionRecord {
  return {
    unitId: r.unit_id,
    time: r.time,
    lng: r.lng,
    lat: r.lat,
    speedMps: r.speed,
    headingDeg: r.heading,
    accuracyM: r.accuracy,
    status: r.status
  };
}
