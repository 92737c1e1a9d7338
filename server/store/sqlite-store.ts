import Database from 'better-sqlite3';
import type { Incident } from '../../shared/domain.ts';
import { OPEN_STATUSES } from '../../shared/domain.ts';
import type { UnitInfo } from '../../shared/protocol.ts';
import type { AuditRecord } from '../../shared/access.ts';
import type { ReporterContact } from '../../shared/commands.ts';
import { upgradeIncident } from './legacy-notes.ts';
import { readDetail } from '../../shared/audit-detail.ts';
import type {
  AccountRecord,
  DeviceRecord,
  IntegrationRecord,
  CommitBatch,
  Store,
  StoredEvent
} from './store.ts';
import { sqliteHistory } from './sqlite-history.ts';
import { sqlitePhotos } from './sqlite-photos.ts';
import { sqliteDistricts } from './sqlite-districts.ts';
import { sqliteCategoryRules } from './sqlite-category-rules.ts';

/**
 * The embedded store: one SQLite file in WAL mode. `synchronous = FULL` because a command is acknowledged only
 * after its commit returns, and an acknowledged event must survive a power cut, not only a process crash.
 */

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  type TEXT NOT NULL,
  incident_id TEXT NOT NULL,
  actor TEXT NOT NULL,
  incident TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS incidents (
  id TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  body TEXT NOT NULL
);
-- the wall's figures and the history map ask for incidents by when they were reported
CREATE INDEX IF NOT EXISTS incidents_created ON incidents (json_extract(body, '$.createdAt'));
CREATE INDEX IF NOT EXISTS incidents_status ON incidents (status, updated_at);
CREATE TABLE IF NOT EXISTS commands (
  command_id TEXT PRIMARY KEY,
  at INTEGER NOT NULL,
  result TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS units (
  id TEXT PRIMARY KEY,
  idx INTEGER NOT NULL UNIQUE,
  body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS accounts (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  kiosk_hash TEXT UNIQUE,
  body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
  id_hash TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER,
  source TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_account ON sessions (account_id);
CREATE TABLE IF NOT EXISTS contacts (
  incident_id TEXT PRIMARY KEY,
  body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS integrations (
  id TEXT PRIMARY KEY,
  key_hash TEXT NOT NULL UNIQUE,
  body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS devices (
  id TEXT PRIMARY KEY,
  unit_id TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  actor_name TEXT,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  source TEXT NOT NULL,
  outcome TEXT NOT NULL,
  detail TEXT NOT NULL
);
-- the audit log is append-only: the store itself refuses to change or remove a record
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
`;

export function openSqliteStore(file: string): Store {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  addAuditActorName(db);
  const history = sqliteHistory(db);
  const photos = sqlitePhotos(db);
  const districts = sqliteDistricts(db);
  const categoryRules = sqliteCategoryRules(db);

  const q = {
    lastSeq: db.prepare<[], { seq: number | null }>('SELECT MAX(seq) AS seq FROM events'),
    insertEvent: db.prepare(
      'INSERT INTO events (seq, at, type, incident_id, actor, incident) VALUES (?, ?, ?, ?, ?, ?)'
    ),
    upsertIncident: db.prepare(
      `INSERT INTO incidents (id, status, updated_at, body) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at, body = excluded.body`
    ),
    insertCommand: db.prepare('INSERT INTO commands (command_id, at, result) VALUES (?, ?, ?)'),
    command: db.prepare<[string], { result: string }>(
      'SELECT result FROM commands WHERE command_id = ?'
    ),
    eventsSince: db.prepare<[number, number], EventRow>(
      'SELECT seq, at, type, incident_id, actor, incident FROM events WHERE seq > ? ORDER BY seq LIMIT ?'
    ),
    countSince: db.prepare<[number], { n: number }>(
      'SELECT COUNT(*) AS n FROM events WHERE seq > ?'
    ),
    incident: db.prepare<[string], { body: string }>('SELECT body FROM incidents WHERE id = ?'),
    // the same expression as the index below, so SQLite uses it
    incidentsCreated: db.prepare<[number, number], { body: string }>(
      `SELECT body FROM incidents WHERE json_extract(body, '$.createdAt') >= ? AND json_extract(body, '$.createdAt') < ?
       ORDER BY json_extract(body, '$.createdAt')`
    ),
    incidents: db.prepare<[number], { body: string }>(
      `SELECT body FROM incidents
       WHERE status IN (${OPEN_STATUSES.map((s) => `'${s}'`).join(',')}) OR updated_at >= ?
       ORDER BY updated_at`
    ),
    upsertUnit: db.prepare(
      `INSERT INTO units (id, idx, body) VALUES (?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET body = excluded.body`
    ),
    units: db.prepare<[], { body: string }>('SELECT body FROM units ORDER BY idx')
  };

  const a = {
    all: db.prepare<[], { body: string }>('SELECT body FROM accounts ORDER BY username'),
    byId: db.prepare<[string], { body: string }>('SELECT body FROM accounts WHERE id = ?'),
    byName: db.prepare<[string], { body: string }>('SELECT body FROM accounts WHERE username = ?'),
    byKiosk: db.prepare<[string], { body: string }>(
      'SELECT body FROM accounts WHERE kiosk_hash = ?'
    ),
    put: db.prepare(
      `INSERT INTO accounts (id, username, kiosk_hash, body) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET username = excluded.username, kiosk_hash = excluded.kiosk_hash, body = excluded.body`
    ),
    putSession: db.prepare(
      'INSERT INTO sessions (id_hash, account_id, created_at, expires_at, revoked_at, source) VALUES (?, ?, ?, ?, ?, ?)'
    ),
    session: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id_hash = ?'),
    revokeAll: db.prepare(
      'UPDATE sessions SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL'
    ),
    revokeOne: db.prepare(
      'UPDATE sessions SET revoked_at = ? WHERE id_hash = ? AND revoked_at IS NULL'
    ),
    putContact: db.prepare('INSERT OR REPLACE INTO contacts (incident_id, body) VALUES (?, ?)'),
    contact: db.prepare<[string], { body: string }>(
      'SELECT body FROM contacts WHERE incident_id = ?'
    ),
    integrations: db.prepare<[], { body: string }>('SELECT body FROM integrations ORDER BY id'),
    putIntegration: db.prepare(
      `INSERT INTO integrations (id, key_hash, body) VALUES (?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET key_hash = excluded.key_hash, body = excluded.body`
    ),
    devices: db.prepare<[], { body: string }>('SELECT body FROM devices ORDER BY id'),
    addDevice: db.prepare('INSERT INTO devices (id, unit_id, body) VALUES (?, ?, ?)'),
    removeDevice: db.prepare('DELETE FROM devices WHERE id = ?'),
    audit: db.prepare(
      'INSERT INTO audit (at, actor, actor_name, action, target, source, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
    ),
    auditLog: db.prepare<[number, number], AuditRow>(
      'SELECT id, at, actor, actor_name, action, target, source, outcome, detail FROM audit WHERE id < ? ORDER BY id DESC LIMIT ?'
    )
  };
  const parseAccount = (r: { body: string } | undefined) =>
    r ? (JSON.parse(r.body) as AccountRecord) : undefined;

  const commitTx = db.transaction((b: CommitBatch) => {
    const last = q.lastSeq.get()?.seq ?? 0;
    if (b.events.length && b.events[0].seq !== last + 1) {
      throw new Error(`store: batch starts at seq ${b.events[0].seq} but the log ends at ${last}`);
    }
    for (const e of b.events) {
      q.insertEvent.run(e.seq, e.at, e.type, e.incidentId, e.actor, JSON.stringify(e.incident));
    }
    for (const i of b.incidents)
      q.upsertIncident.run(i.id, i.status, i.updatedAt, JSON.stringify(i));
    for (const u of b.units) q.upsertUnit.run(u.id, u.idx, JSON.stringify(u));
    for (const c of b.contacts ?? []) a.putContact.run(c.incidentId, JSON.stringify(c.contact));
    if (b.photos) photos.attach(b.photos.incidentId, b.photos.ids);
    if (b.commandId !== null)
      q.insertCommand.run(b.commandId, Date.now(), JSON.stringify(b.result ?? null));
  });
  const putUnitsTx = db.transaction((units: UnitInfo[]) => {
    for (const u of units) q.upsertUnit.run(u.id, u.idx, JSON.stringify(u));
  });

  return {
    ...history,
    ...districts,
    ...categoryRules,
    putPhoto: photos.putPhoto,
    photo: photos.photo,
    photoBytes: photos.photoBytes,
    purgeLoosePhotos: photos.purgeLoosePhotos,
    async lastSeq() {
      return q.lastSeq.get()?.seq ?? 0;
    },
    async commit(batch) {
      commitTx(batch);
    },
    async commandResult(commandId) {
      const row = q.command.get(commandId);
      return row ? { found: true, result: JSON.parse(row.result) } : { found: false };
    },
    async eventsSince(after, limit) {
      return q.eventsSince.all(after, limit).map(toEvent);
    },
    async countEventsSince(after) {
      return q.countSince.get(after)?.n ?? 0;
    },
    async incidents(recentMs, now) {
      return q.incidents.all(now - recentMs).map((r) => readIncident(r.body));
    },
    async incidentsCreated(from, to) {
      return q.incidentsCreated.all(from, to).map((r) => readIncident(r.body));
    },
    async incident(id) {
      const r = q.incident.get(id);
      return r && readIncident(r.body);
    },
    async units() {
      return q.units.all().map((r) => JSON.parse(r.body) as UnitInfo);
    },
    async putUnits(units) {
      putUnitsTx(units);
    },
    async accounts() {
      return a.all.all().map((r) => JSON.parse(r.body) as AccountRecord);
    },
    async account(id) {
      return parseAccount(a.byId.get(id));
    },
    async accountByUsername(username) {
      return parseAccount(a.byName.get(username));
    },
    async accountByKioskHash(hash) {
      return parseAccount(a.byKiosk.get(hash));
    },
    async putAccount(acc) {
      a.put.run(acc.id, acc.username, acc.kioskHash, JSON.stringify(acc));
    },
    async putSession(s) {
      a.putSession.run(s.idHash, s.accountId, s.createdAt, s.expiresAt, s.revokedAt, s.source);
    },
    async session(idHash) {
      const r = a.session.get(idHash);
      return (
        r && {
          idHash: r.id_hash,
          accountId: r.account_id,
          createdAt: r.created_at,
          expiresAt: r.expires_at,
          revokedAt: r.revoked_at,
          source: r.source
        }
      );
    },
    async revokeSessions(accountId, at) {
      return a.revokeAll.run(at, accountId).changes;
    },
    async revokeSession(idHash, at) {
      a.revokeOne.run(at, idHash);
    },
    async contact(incidentId) {
      const r = a.contact.get(incidentId);
      return r ? (JSON.parse(r.body) as ReporterContact) : undefined;
    },
    async integrations() {
      return a.integrations.all().map((r) => JSON.parse(r.body) as IntegrationRecord);
    },
    async putIntegration(i) {
      a.putIntegration.run(i.id, i.keyHash, JSON.stringify(i));
    },
    async devices() {
      return a.devices.all().map((r) => JSON.parse(r.body) as DeviceRecord);
    },
    async addDevice(d) {
      a.addDevice.run(d.id, d.unitId, JSON.stringify(d));
    },
    async removeDevice(id) {
      return a.removeDevice.run(id).changes > 0;
    },
    async appendAudit(r) {
      a.audit.run(
        r.at,
        r.actor,
        r.actorName ?? null,
        r.action,
        r.target,
        r.source,
        r.outcome,
        JSON.stringify(r.detail)
      );
    },
    async auditLog(limit, beforeId) {
      return a.auditLog.all(beforeId ?? Number.MAX_SAFE_INTEGER, limit).map(toAuditRecord);
    },
    async close() {
      db.close();
    }
  };
}

interface SessionRow {
  id_hash: string;
  account_id: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  source: string;
}

interface EventRow {
  seq: number;
  at: number;
  type: string;
  incident_id: string;
  actor: string;
  incident: string;
}

type AuditRow = Omit<AuditRecord, 'detail' | 'actorName'> & {
  actor_name: string | null;
  detail: string;
};

/**
 * Records from before display names have no `actor_name`: the column is added in place (the append-only triggers
 * refuse UPDATE and DELETE, not a new column) and such records read without a name.
 */
function addAuditActorName(db: Database.Database): void {
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(audit)').all();
  if (!columns.some((c) => c.name === 'actor_name')) {
    db.exec('ALTER TABLE audit ADD COLUMN actor_name TEXT');
  }
}

function toAuditRecord(r: AuditRow): AuditRecord {
  const { actor_name, detail, ...rest } = r;
  return {
    ...rest,
    ...(actor_name ? { actorName: actor_name } : {}),
    detail: readDetail(detail)
  };
}

/** an incident as stored, older ones' English notes read as keys (legacy-notes.ts) */
function readIncident(body: string): Incident {
  return upgradeIncident(JSON.parse(body) as Incident);
}

function toEvent(r: EventRow): StoredEvent {
  return {
    seq: r.seq,
    at: r.at,
    type: r.type,
    incidentId: r.incident_id,
    actor: r.actor,
    incident: readIncident(r.incident)
  };
}
