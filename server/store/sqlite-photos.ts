import type Database from 'better-sqlite3';
import type { Store } from './store.ts';

/**
 * Photos from the field, kept in the same SQLite file as everything else (one file to back up; a photo is at most
 * a few hundred KB after the phone downscales it). A photo belongs to its uploader until a command attaches it to
 * an incident; from then on whoever may see the incident may see the photo.
 */

export const PHOTOS_SCHEMA = `
CREATE TABLE IF NOT EXISTS photos (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  incident_id TEXT,
  mime TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  bytes BLOB NOT NULL
);
`;

interface PhotoRow {
  id: string;
  account_id: string;
  incident_id: string | null;
  mime: string;
  created_at: number;
  size: number;
}

type PhotoStore = Pick<Store, 'putPhoto' | 'photo' | 'photoBytes' | 'purgeLoosePhotos'>;

export function sqlitePhotos(db: Database.Database): PhotoStore & {
  /** attaches photos inside a commit's transaction; a photo already attached stays where it is */
  attach: (incidentId: string, ids: readonly string[]) => void;
} {
  db.exec(PHOTOS_SCHEMA);
  const put = db.prepare(
    'INSERT INTO photos (id, account_id, incident_id, mime, created_at, bytes) VALUES (?, ?, NULL, ?, ?, ?)'
  );
  const meta = db.prepare<[string], PhotoRow>(
    'SELECT id, account_id, incident_id, mime, created_at, length(bytes) AS size FROM photos WHERE id = ?'
  );
  const bytes = db.prepare<[string], { bytes: Buffer }>('SELECT bytes FROM photos WHERE id = ?');
  const purgeLoose = db.prepare('DELETE FROM photos WHERE incident_id IS NULL AND created_at < ?');
  const attach = db.prepare(
    'UPDATE photos SET incident_id = ? WHERE id = ? AND incident_id IS NULL'
  );
  return {
    async putPhoto(p, data) {
      put.run(p.id, p.accountId, p.mime, p.createdAt, data);
    },
    async photo(id) {
      const r = meta.get(id);
      return (
        r && {
          id: r.id,
          accountId: r.account_id,
          incidentId: r.incident_id,
          mime: r.mime,
          createdAt: r.created_at,
          size: r.size
        }
      );
    },
    async photoBytes(id) {
      return bytes.get(id)?.bytes;
    },
    async purgeLoosePhotos(before) {
      return purgeLoose.run(before).changes;
    },
    attach(incidentId, ids) {
      for (const id of ids) attach.run(incidentId, id);
    }
  };
}
