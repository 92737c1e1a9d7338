import type { Incident } from '../../shared/domain.ts';
import type { UnitInfo } from '../../shared/protocol.ts';
import type { ReporterContact } from '../../shared/commands.ts';
import type { AccountView, AuditRecord, IntegrationView } from '../../shared/access.ts';
import type { DeviceCrs } from '../../shared/devices.ts';
import type { DistrictVersionInfo } from '../../shared/district-import.ts';

/**
 * The durable side of Gridwatch. One writer per store: the dispatch service serialises commands and hands each
 * commit its events with their `seq` already numbered (last + 1, …), so the log stays gap-free; the store refuses a
 * batch whose first seq does not follow its last one.
 */

export interface StoredEvent {
  seq: number;
  at: number;
  type: string;
  incidentId: string;
  actor: string;
  /** the incident as it stands after this event, so a replay needs no fold */
  incident: Incident;
}

export interface CommitBatch {
  /** the client's id for the command; a later call with the same id gets `result` back instead of re-running */
  commandId: string | null;
  result: unknown;
  events: StoredEvent[];
  /** projection rows to upsert */
  incidents: Incident[];
  /** unit roster rows to upsert (status changes that come with the events) */
  units: UnitInfo[];
  /** reporters' full contacts, kept out of the event log (which holds them masked) */
  contacts?: Array<{ incidentId: string; contact: ReporterContact }>;
  /** uploaded photos the command attached to an incident */
  photos?: { incidentId: string; ids: string[] };
}

export interface PositionRecord {
  unitId: string;
  time: number;
  lng: number;
  lat: number;
  speedMps: number;
  headingDeg: number;
  accuracyM: number;
  status: string;
}

export interface PhotoRecord {
  id: string;
  /** who uploaded it; until a command attaches it, only they may see it */
  accountId: string;
  incidentId: string | null;
  mime: string;
  createdAt: number;
  size: number;
}

export interface AccountRecord extends AccountView {
  /** scrypt hash (passwords.ts); empty for kiosk-only wall accounts */
  passwordHash: string;
  /** sha-256 of the wall's kiosk secret, or null */
  kioskHash: string | null;
  createdAt: number;
}

export interface IntegrationRecord extends IntegrationView {
  /** sha-256 of the API key; the key itself is shown once */
  keyHash: string;
}

/** a GPS device (OsmAnd protocol) registered to a unit; its id is what the device sends */
export interface DeviceRecord {
  id: string;
  unitId: string;
  crs: DeviceCrs;
  label: string;
  createdAt: number;
}

export interface SessionRecord {
  /** sha-256 of the cookie value: a copy of the store does not hand out live sessions */
  idHash: string;
  accountId: string;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
  source: string;
}

/** a district version to keep: its GeoJSON exactly as `/api/district` serves it */
export interface NewDistrictVersion extends Omit<DistrictVersionInfo, 'id' | 'current'> {
  json: string;
  /** make it the version in force in the same transaction */
  makeCurrent: boolean;
}

/** a version of the category table as kept; `rules` as stored, checked by whoever reads it */
export interface CategoryRulesRecord {
  version: number;
  createdAt: number;
  actor: string;
  rules: unknown;
}

export interface Store {
  lastSeq(): Promise<number>;
  /** all of it in one transaction; resolves once it is durable */
  commit(batch: CommitBatch): Promise<void>;
  commandResult(commandId: string): Promise<{ found: true; result: unknown } | { found: false }>;
  /** events with seq > `after`, oldest first, at most `limit` */
  eventsSince(after: number, limit: number): Promise<StoredEvent[]>;
  countEventsSince(after: number): Promise<number>;
  /** open incidents and those closed within `recentMs` */
  incidents(recentMs: number, now: number): Promise<Incident[]>;
  /** one incident as it stands, however old */
  incident(id: string): Promise<Incident | undefined>;
  /** incidents created from `from` (inclusive) to `to` (exclusive), as they stand now, oldest first */
  incidentsCreated(from: number, to: number): Promise<Incident[]>;
  units(): Promise<UnitInfo[]>;
  contact(incidentId: string): Promise<ReporterContact | undefined>;
  putUnits(units: UnitInfo[]): Promise<void>;
  /** a point already kept for the unit at that time is kept once */
  appendPositions(rows: PositionRecord[]): Promise<void>;
  /** the newest recorded position of every unit that has one */
  lastPositions(): Promise<PositionRecord[]>;
  /** a unit's kept points with from ≤ time ≤ to, oldest first, at most `limit` */
  positionsBetween(
    unitId: string,
    from: number,
    to: number,
    limit: number
  ): Promise<PositionRecord[]>;
  /** removes every point older than `before`; returns how many */
  purgePositions(before: number): Promise<number>;

  putPhoto(p: Omit<PhotoRecord, 'incidentId' | 'size'>, bytes: Buffer): Promise<void>;
  photo(id: string): Promise<PhotoRecord | undefined>;
  photoBytes(id: string): Promise<Buffer | undefined>;
  /** removes photos nobody attached to an incident, uploaded before `before`; returns how many */
  purgeLoosePhotos(before: number): Promise<number>;

  accounts(): Promise<AccountRecord[]>;
  account(id: string): Promise<AccountRecord | undefined>;
  accountByUsername(username: string): Promise<AccountRecord | undefined>;
  accountByKioskHash(hash: string): Promise<AccountRecord | undefined>;
  /** insert or replace by id; usernames are unique */
  putAccount(a: AccountRecord): Promise<void>;

  putSession(s: SessionRecord): Promise<void>;
  session(idHash: string): Promise<SessionRecord | undefined>;
  /** revokes every live session of the account; returns how many */
  revokeSessions(accountId: string, at: number): Promise<number>;
  revokeSession(idHash: string, at: number): Promise<void>;

  integrations(): Promise<IntegrationRecord[]>;
  /** insert or replace by id */
  putIntegration(i: IntegrationRecord): Promise<void>;

  devices(): Promise<DeviceRecord[]>;
  /** inserts a new device; an id already registered is refused (throws) */
  addDevice(d: DeviceRecord): Promise<void>;
  /** whether a device with that id was there to remove */
  removeDevice(id: string): Promise<boolean>;

  /** every kept district version, newest first, without its GeoJSON */
  districtVersions(): Promise<DistrictVersionInfo[]>;
  /** the version in force and its GeoJSON; none before the first start wrote one */
  currentDistrict(): Promise<{ info: DistrictVersionInfo; json: string } | undefined>;
  districtJson(id: number): Promise<string | undefined>;
  /** keeps a version; returns its id */
  addDistrictVersion(v: NewDistrictVersion): Promise<number>;
  /** makes a kept version the one in force; false when there is no such version */
  setCurrentDistrict(id: number): Promise<boolean>;

  /** the newest version of the category table; none before an admin first changed it */
  categoryRules(): Promise<CategoryRulesRecord | undefined>;
  /**
   * keeps the next version if the newest is still `baseVersion` (0: none yet); the new version's number, or null
   * when another change came first
   */
  addCategoryRules(
    r: Omit<CategoryRulesRecord, 'version'>,
    baseVersion: number
  ): Promise<number | null>;

  appendAudit(r: Omit<AuditRecord, 'id'>): Promise<void>;
  /** newest first, ids below `beforeId` when given */
  auditLog(limit: number, beforeId?: number): Promise<AuditRecord[]>;

  close(): Promise<void>;
}
