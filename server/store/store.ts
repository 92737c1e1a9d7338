import type { Incident } from '../../shared/domain.ts';
import type { UnitInfo } from '../../shared/protocol.ts';

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
  units(): Promise<UnitInfo[]>;
  putUnits(units: UnitInfo[]): Promise<void>;
  appendPositions(rows: PositionRecord[]): Promise<void>;
  /** the newest recorded position of every unit that has one */
  lastPositions(): Promise<PositionRecord[]>;
  close(): Promise<void>;
}
