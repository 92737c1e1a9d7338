import type { Incident, Unit } from './domain.ts';
import type {
  AcknowledgeCommand,
  ContactRequest,
  ReporterContact,
  AssignCommand,
  EscalateCommand,
  EvaluateRequest,
  IncidentCreate,
  IncidentTransition,
  MergeCommand,
  OfferRespond,
  BacklogResult,
  LocateRequest,
  LocateResult,
  LocationRequested,
  PositionBacklog,
  PositionReport,
  Recommendation,
  RecommendRequest,
  ReassignCommand,
  UnitEvaluation,
  UnitStatusCommand,
  WithdrawCommand
} from './commands.ts';
import type { ErrorCode, Result } from './result.ts';
import type { AccountView } from './access.ts';
import type { DistrictChanged } from './district-import.ts';
import type { UnitAlertUpdate } from './unit-alerts.ts';

/**
 * The Socket.IO contract, used by the server (`Server<ClientToServerEvents, ServerToClientEvents, …>`) and the
 * client (`Socket<ServerToClientEvents, ClientToServerEvents>`). Requests are imperative and answer through an ack;
 * broadcasts are past tense.
 */

export type Ack<T> = (res: Result<T>) => void;

/** One change to an incident, in the global gap-free order of `seq`. */
export interface IncidentChanged {
  seq: number;
  type: string;
  incident: Incident;
}

/**
 * One comprehensive grid's cover: seconds until the fastest available P1 responder could arrive (null: nobody can),
 * and which unit that is. Bands: green ≤ 300 s, amber ≤ 600 s, red beyond (geo/coverage.ts).
 */
export interface GridCoverage {
  code: string;
  townCode: string;
  etaS: number | null;
  unitId: string | null;
}

/** An idle unit that could close a red grid without leaving another red: move it there (≈ etaS seconds away). */
export interface CoverageMove {
  gridCode: string;
  unitId: string;
  etaS: number;
}

/** The blind-spot picture as one viewer may see it. */
export interface CoverageUpdate {
  at: number;
  grids: GridCoverage[];
  moves: CoverageMove[];
}

/** Unit fields that are not in the binary position frames. */
export type UnitInfo = Omit<Unit, 'fix' | 'status'> & { status: Unit['status'] };

/**
 * Sent on every (re)connect. The server joins the socket to its rooms before it reads what to sync, so an
 * `incident:changed` may arrive before `sync`: a client holds such changes until it has applied the sync, then
 * applies those whose seq is above the sync's. A client that has never synced sends no `lastSeq` and gets a snapshot.
 * `incidents` is the full open set when the client was too far behind (or new);
 * otherwise `events` carries every change after the client's `lastSeq`, in order.
 */
export interface SyncPayload {
  /** who the server takes this connection for; screens show only what the server sends */
  account: AccountView;
  seq: number;
  serverTime: number;
  units: UnitInfo[];
  /** the latest blind-spot picture of the viewer's grids (empty for a phone) */
  coverage: CoverageUpdate;
  /** units the viewer may see that went quiet or strayed, as of the last sweep (empty for a phone) */
  unitAlerts: UnitAlertUpdate;
  incidents: Incident[] | null;
  events: IncidentChanged[] | null;
}

export interface ServerToClientEvents {
  sync: (payload: SyncPayload) => void;
  /** binary position frame (see position-codec.ts), volatile */
  'units:moved': (frame: ArrayBuffer) => void;
  'unit:changed': (unit: UnitInfo) => void;
  'incident:changed': (change: IncidentChanged) => void;
  /** every few seconds, to desks and walls: how soon each of the viewer's grids could be reached */
  'coverage:changed': (update: CoverageUpdate) => void;
  /** to desks and walls, when the set changed: the viewer's units that went quiet or strayed, whole */
  'unit-alerts:changed': (update: UnitAlertUpdate) => void;
  /** sent to a unit's phones: a desk wants a fresh fix now (answer with `unit:report`) */
  'location:requested': (req: LocationRequested) => void;
  /** another district version is in force: reload `/api/district` (and the map drawn from it) */
  'district:changed': (change: DistrictChanged) => void;
  /** the session was revoked or expired; the server disconnects right after */
  'session:ended': (reason: ErrorCode) => void;
}

export interface ClientToServerEvents {
  'incident:create': (cmd: IncidentCreate, ack: Ack<Incident>) => void;
  'dispatch:recommend': (req: RecommendRequest, ack: Ack<Recommendation[]>) => void;
  /** one unit the desk picked, weighed for the incident as the ranking would weigh it */
  'dispatch:evaluate': (req: EvaluateRequest, ack: Ack<UnitEvaluation>) => void;
  'dispatch:assign': (cmd: AssignCommand, ack: Ack<Incident>) => void;
  /** withdraw one unit and offer the incident to another, atomically */
  'dispatch:reassign': (cmd: ReassignCommand, ack: Ack<Incident>) => void;
  'unit:report': (report: PositionReport, ack?: Ack<null>) => void;
  /** reports kept while offline, oldest first; late ones go into history without moving the marker */
  'unit:backlog': (reports: PositionBacklog, ack: Ack<BacklogResult>) => void;
  /** a desk asks the unit's phones for a fresh fix */
  'unit:locate': (req: LocateRequest, ack: Ack<LocateResult>) => void;
  'unit:status': (cmd: UnitStatusCommand, ack: Ack<UnitInfo>) => void;
  /** a unit answers the offer made to it */
  'offer:respond': (cmd: OfferRespond, ack: Ack<Incident>) => void;
  /** a desk takes an offer or a working unit back (to reassign it, say) */
  'dispatch:withdraw': (cmd: WithdrawCommand, ack: Ack<Incident>) => void;
  'incident:transition': (cmd: IncidentTransition, ack: Ack<Incident>) => void;
  'incident:escalate': (cmd: EscalateCommand, ack: Ack<Incident>) => void;
  'incident:acknowledge': (cmd: AcknowledgeCommand, ack: Ack<Incident>) => void;
  'incident:merge': (cmd: MergeCommand, ack: Ack<Incident>) => void;
  /** the reporter's full name and phone, for calling back; audited */
  'incident:contact': (req: ContactRequest, ack: Ack<ReporterContact>) => void;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface InterServerEvents {}

/** Per-socket server state; the server declares its fields (the session) by module augmentation. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SocketData {}

/**
 * Handshake auth a client sends on every (re)connect: a fresh token from `POST /api/login` or `GET /api/session`
 * (tokens live about a minute) and the last seq it applied. A refused handshake fails with `connect_error` whose
 * message is an ErrorCode (UNAUTHORIZED: get a new token or sign in again).
 */
export interface HandshakeAuth {
  token: string;
  lastSeq?: number;
}
