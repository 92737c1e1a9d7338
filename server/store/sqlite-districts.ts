import type Database from 'better-sqlite3';
import type { DistrictCounts, DistrictVersionInfo } from '../../shared/district-import.ts';
import type { NewDistrictVersion, Store } from './store.ts';

/**
 * District versions: every applied import is kept whole (its GeoJSON as served), with who applied it, what it
 * counted and which codes of the version before it retired. Exactly one version is current; rolling back makes an
 * older one current again and keeps the newer ones. The `current` flag and the version rows change in one
 * transaction, so a crash never leaves the store without a district or with two.
 */

export const DISTRICTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS district_versions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  source TEXT NOT NULL,
  note TEXT NOT NULL,
  counts TEXT NOT NULL,
  retired TEXT NOT NULL,
  json TEXT NOT NULL,
  current INTEGER NOT NULL DEFAULT 0
);
-- at most one current version
CREATE UNIQUE INDEX IF NOT EXISTS district_versions_current ON district_versions (current) WHERE current = 1;
`;

interface VersionRow {
  id: number;
  created_at: number;
  actor: string;
  source: string;
  note: string;
  counts: string;
  retired: string;
  current: number;
}

type DistrictStore = Pick<
  Store,
  | 'districtVersions'
  | 'currentDistrict'
  | 'districtJson'
  | 'addDistrictVersion'
  | 'setCurrentDistrict'
>;

const INFO = 'id, created_at, actor, source, note, counts, retired, current';

export function sqliteDistricts(db: Database.Database): DistrictStore {
  db.exec(DISTRICTS_SCHEMA);
  const q = {
    all: db.prepare<[], VersionRow>(`SELECT ${INFO} FROM district_versions ORDER BY id DESC`),
    current: db.prepare<[], VersionRow & { json: string }>(
      `SELECT ${INFO}, json FROM district_versions WHERE current = 1`
    ),
    json: db.prepare<[number], { json: string }>('SELECT json FROM district_versions WHERE id = ?'),
    exists: db.prepare<[number], { id: number }>('SELECT id FROM district_versions WHERE id = ?'),
    clear: db.prepare('UPDATE district_versions SET current = 0 WHERE current = 1'),
    mark: db.prepare('UPDATE district_versions SET current = 1 WHERE id = ?'),
    insert: db.prepare(
      `INSERT INTO district_versions (created_at, actor, source, note, counts, retired, json, current)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0)`
    )
  };
  const addTx = db.transaction((v: NewDistrictVersion): number => {
    const id = Number(
      q.insert.run(
        v.createdAt,
        v.actor,
        v.source,
        v.note,
        JSON.stringify(v.counts),
        JSON.stringify(v.retired),
        v.json
      ).lastInsertRowid
    );
    if (v.makeCurrent) {
      q.clear.run();
      q.mark.run(id);
    }
    return id;
  });
  const setTx = db.transaction((id: number): boolean => {
    if (!q.exists.get(id)) return false;
    q.clear.run();
    q.mark.run(id);
    return true;
  });
  return {
    async districtVersions() {
      return q.all.all().map(toInfo);
    },
    async currentDistrict() {
      const r = q.current.get();
      return r && { info: toInfo(r), json: r.json };
    },
    async districtJson(id) {
      return q.json.get(id)?.json;
    },
    async addDistrictVersion(v) {
      return addTx(v);
    },
    async setCurrentDistrict(id) {
      return setTx(id);
    }
  };
}

function toInfo(r: VersionRow): DistrictVersionInfo {
  return {
    id: r.id,
    createdAt: r.created_at,
    actor: r.actor,
    source: r.source,
    note: r.note,
    counts: JSON.parse(r.counts) as DistrictCounts,
    retired: JSON.parse(r.retired) as string[],
    current: r.current === 1
  };
}
