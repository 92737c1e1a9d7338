import { io, type Socket } from 'socket.io-client';
import type { Incident } from '../../../shared/domain.ts';
import type {
  AcknowledgeCommand,
  AssignCommand,
  BacklogResult,
  LocationRequested,
  PositionReport,
  ContactRequest,
  EscalateCommand,
  EvaluateRequest,
  IncidentCreate,
  IncidentTransition,
  LocateRequest,
  LocateResult,
  MergeCommand,
  OfferRespond,
  ReassignCommand,
  Recommendation,
  RecommendRequest,
  ReporterContact,
  UnitEvaluation,
  UnitStatusCommand,
  WithdrawCommand
} from '../../../shared/commands.ts';
import type { AccountView } from '../../../shared/access.ts';
import type {
  ClientToServerEvents,
  CoverageUpdate,
  HandshakeAuth,
  IncidentChanged,
  ServerToClientEvents,
  SyncPayload,
  UnitInfo
} from '../../../shared/protocol.ts';
import type { ErrorCode, Result } from '../../../shared/result.ts';
import type { DistrictChanged } from '../../../shared/district-import.ts';
import type { UnitAlertUpdate } from '../../../shared/unit-alerts.ts';
import { decodeFrame, type DecodedFrame } from '../../../shared/position-codec.ts';
import type { IncidentStore } from './incidents.svelte.ts';
import type { UnitStore } from './units.svelte.ts';

/**
 * The one Socket.IO connection of a screen: it feeds the stores from `sync`, `units:moved`, `unit:changed` and
 * `incident:changed` (and its listeners from the coverage and the frames), keeps `lastSeq` across reconnects
 * (sent in the handshake) and turns requests into promises.
 * Every (re)connect asks `auth` for a fresh token first (tokens live about a minute). A handshake refused as
 * UNAUTHORIZED whose session is indeed gone, or a `session:ended` from the server, ends the screen's session.
 */

/** What the link needs from the page's session. */
export interface LiveAuth {
  /** a fresh handshake token; null when there is no session any more; throws when that cannot be told */
  socketToken(): Promise<string | null>;
  /** the session is over: the screen leaves for the login page */
  end(reason: ErrorCode): void;
  /** who the server takes this connection for, from every sync */
  adopt(account: AccountView): void;
}

export type ConnectionStatus = 'connecting' | 'online' | 'offline';

/** A failed request on our side of the wire: no answer in time, or no connection to send it on. */
export type LocalError = { ok: false; error: 'TIMEOUT' | 'OFFLINE'; message: string };
export type CommandResult<T> = Result<T> | LocalError;

type GridwatchSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const REQUEST_TIMEOUT_MS = 15000;
/** after the server refuses a handshake socket.io does not retry on its own: first pause, doubled up to the max */
const RETRY_MS = 1000;
const RETRY_MAX_MS = 30000;

export class LiveLink {
  #status = $state<ConnectionStatus>('connecting');
  /** server clock minus ours, from the last sync, so ages are measured on the server's clock */
  #clockOffsetMs = $state(0);
  #syncs = $state(0);
  #lastSync: 'snapshot' | 'events' | null = null;
  #badFrames = 0;
  /**
   * Changes broadcast between a (re)connect and its sync. The server joins us to the room before it reads the
   * sync, so one may arrive first; applied at once it would raise lastSeq past events the sync still has to replay.
   */
  #early: IncidentChanged[] | null = [];
  #socket: GridwatchSocket;
  #incidents: IncidentStore;
  #units: UnitStore;
  #auth: LiveAuth;
  #closed = false;
  #refusals = 0;
  #retry: ReturnType<typeof setTimeout> | null = null;
  /** who hears of each blind-spot picture and each applied position frame (LiveDesk's coverage and trails) */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- subscribers, never displayed
  #coverageListeners = new Set<(update: CoverageUpdate) => void>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- subscribers, never displayed
  #frameListeners = new Set<(frame: DecodedFrame) => void>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- subscribers, never displayed
  #unitAlertListeners = new Set<(update: UnitAlertUpdate) => void>();

  constructor(incidents: IncidentStore, units: UnitStore, auth: LiveAuth) {
    this.#incidents = incidents;
    this.#units = units;
    this.#auth = auth;
    this.#socket = io({
      path: '/socket.io',
      transports: ['websocket'],
      auth: (cb) => void this.#authenticate(cb)
    });
    this.#listen();
  }

  get status(): ConnectionStatus {
    return this.#status;
  }
  get clockOffsetMs(): number {
    return this.#clockOffsetMs;
  }
  /** syncs received (one per connect) */
  get syncs(): number {
    return this.#syncs;
  }
  /** how the last sync brought incidents up to date */
  get lastSync(): 'snapshot' | 'events' | null {
    return this.#lastSync;
  }
  get badFrames(): number {
    return this.#badFrames;
  }

  createIncident(cmd: IncidentCreate): Promise<CommandResult<Incident>> {
    return this.#request((done) =>
      this.#socket.timeout(REQUEST_TIMEOUT_MS).emit('incident:create', cmd, done)
    );
  }

  recommend(req: RecommendRequest): Promise<CommandResult<Recommendation[]>> {
    return this.#request((done) =>
      this.#socket.timeout(REQUEST_TIMEOUT_MS).emit('dispatch:recommend', req, done)
    );
  }

  assign(cmd: AssignCommand): Promise<CommandResult<Incident>> {
    return this.#request((done) =>
      this.#socket.timeout(REQUEST_TIMEOUT_MS).emit('dispatch:assign', cmd, done)
    );
  }

  /** One unit the desk picked, weighed for the incident as the ranking would weigh it. */
  evaluate(req: EvaluateRequest): Promise<CommandResult<UnitEvaluation>> {
    return this.#request((done) =>
      this.#socket.timeout(REQUEST_TIMEOUT_MS).emit('dispatch:evaluate', req, done)
    );
  }

  /** Takes the incident from one unit and offers it to another, in one command. */
  reassign(cmd: ReassignCommand): Promise<CommandResult<Incident>> {
    return this.#request((done) =>
      this.#socket.timeout(REQUEST_TIMEOUT_MS).emit('dispatch:reassign', cmd, done)
    );
  }

  /** A phone reports its own fix; the ack says whether the server's filter took it. */
  report(r: PositionReport): Promise<CommandResult<null>> {
    // the ack is optional in the protocol, so the callback form of emit does not type: take the promise form
    return this.#request<null>((done) =>
      this.#socket
        .timeout(REQUEST_TIMEOUT_MS)
        .emitWithAck('unit:report', r)
        .then(
          (res) => done(null, res),
          (err: Error) => done(err, { ok: true, data: null })
        )
    );
  }

  /** Fixes a phone kept while it had no connection, oldest first (at most 300 a request). */
  backlog(reports: PositionReport[]): Promise<CommandResult<BacklogResult>> {
    return this.#request((done) =>
      this.#socket.timeout(REQUEST_TIMEOUT_MS).emit('unit:backlog', reports, done)
    );
  }

  /** A desk asks this phone for a fresh fix (`location:requested`); returns the function that stops listening. */
  onLocationRequested(listener: (req: LocationRequested) => void): () => void {
    this.#socket.on('location:requested', listener);
    return () => void this.#socket.off('location:requested', listener);
  }

  /** Another district version came into force (`district:changed`); returns the function that stops listening. */
  onDistrictChanged(listener: (change: DistrictChanged) => void): () => void {
    this.#socket.on('district:changed', listener);
    return () => void this.#socket.off('district:changed', listener);
  }

  /** Each blind-spot picture: the sync's on every connect, then every `coverage:changed`. */
  onCoverage(listener: (update: CoverageUpdate) => void): () => void {
    this.#coverageListeners.add(listener);
    return () => void this.#coverageListeners.delete(listener);
  }

  /** Each set of unit alerts (quiet, low battery, left home town): the sync's, then every `unit-alerts:changed`. */
  onUnitAlerts(listener: (update: UnitAlertUpdate) => void): () => void {
    this.#unitAlertListeners.add(listener);
    return () => void this.#unitAlertListeners.delete(listener);
  }

  /** Each position frame, decoded, right after the unit store took it. */
  onFrame(listener: (frame: DecodedFrame) => void): () => void {
    this.#frameListeners.add(listener);
    return () => void this.#frameListeners.delete(listener);
  }

  /** A field unit reports its own duty status. */
  unitStatus(cmd: UnitStatusCommand): Promise<CommandResult<UnitInfo>> {
    return this.#request((done) =>
      this.#socket.timeout(REQUEST_TIMEOUT_MS).emit('unit:status', cmd, done)
    );
  }

  /** A field unit accepts or declines the offer made to it. */
  respond(cmd: OfferRespond): Promise<CommandResult<Incident>> {
    return this.#request((done) =>
      this.#socket.timeout(REQUEST_TIMEOUT_MS).emit('offer:respond', cmd, done)
    );
  }

  /** A desk takes back an open offer or recalls a working unit. */
  withdraw(cmd: WithdrawCommand): Promise<CommandResult<Incident>> {
    return this.#request((done) =>
      this.#socket.timeout(REQUEST_TIMEOUT_MS).emit('dispatch:withdraw', cmd, done)
    );
  }

  /** Resolve, close, cancel or reopen. */
  transition(cmd: IncidentTransition): Promise<CommandResult<Incident>> {
    return this.#request((done) =>
      this.#socket.timeout(REQUEST_TIMEOUT_MS).emit('incident:transition', cmd, done)
    );
  }

  escalate(cmd: EscalateCommand): Promise<CommandResult<Incident>> {
    return this.#request((done) =>
      this.#socket.timeout(REQUEST_TIMEOUT_MS).emit('incident:escalate', cmd, done)
    );
  }

  acknowledge(cmd: AcknowledgeCommand): Promise<CommandResult<Incident>> {
    return this.#request((done) =>
      this.#socket.timeout(REQUEST_TIMEOUT_MS).emit('incident:acknowledge', cmd, done)
    );
  }

  /** Merges a duplicate (`incidentId`, which is cancelled) into the incident it repeats (`intoId`). */
  merge(cmd: MergeCommand): Promise<CommandResult<Incident>> {
    return this.#request((done) =>
      this.#socket.timeout(REQUEST_TIMEOUT_MS).emit('incident:merge', cmd, done)
    );
  }

  /** The reporter's full name and phone, for calling back; the server records every look. */
  contact(req: ContactRequest): Promise<CommandResult<ReporterContact>> {
    return this.#request((done) =>
      this.#socket.timeout(REQUEST_TIMEOUT_MS).emit('incident:contact', req, done)
    );
  }

  /** Asks the unit's phones for a fresh fix now; `phones` says how many were connected and asked. */
  locate(req: LocateRequest): Promise<CommandResult<LocateResult>> {
    return this.#request((done) =>
      this.#socket.timeout(REQUEST_TIMEOUT_MS).emit('unit:locate', req, done)
    );
  }

  close(): void {
    this.#closed = true;
    if (this.#retry) clearTimeout(this.#retry);
    this.#socket.close();
  }

  #listen(): void {
    const s = this.#socket;
    s.on('connect', () => {
      this.#early ??= [];
      this.#refusals = 0;
      this.#status = 'online';
    });
    s.on('disconnect', (reason) => {
      this.#early = [];
      this.#status = 'offline';
      // the server hung up on purpose (socket.io will not retry): unless the session ended, come back later
      if (reason === 'io server disconnect') this.#retryLater();
    });
    s.on('connect_error', (err) => {
      this.#status = 'offline';
      // a transport failure is retried by socket.io itself; a handshake the server refused is not
      if (!s.active) void this.#refused(err.message);
    });
    s.on('session:ended', (reason) => this.#end(reason));
    s.io.on('reconnect_attempt', () => (this.#status = 'connecting'));
    s.on('sync', (payload) => this.#applySync(payload));
    s.on('incident:changed', (change) => {
      if (this.#early) this.#early.push(change);
      else this.#incidents.applyChanges([change]);
    });
    s.on('unit:changed', (unit) => this.#units.applyUnitChanged(unit));
    s.on('coverage:changed', (update) => this.#coverage(update));
    s.on('unit-alerts:changed', (update) => this.#unitAlerts(update));
    s.on('units:moved', (frame) => {
      let decoded: DecodedFrame;
      try {
        decoded = decodeFrame(frame);
        this.#units.applyFrame(decoded);
      } catch (err) {
        // a malformed frame costs one tick of positions, not the connection
        this.#badFrames++;
        console.warn(err);
        return;
      }
      for (const listener of this.#frameListeners) listener(decoded);
    });
  }

  async #authenticate(cb: (auth: HandshakeAuth) => void): Promise<void> {
    let token: string | null;
    try {
      token = await this.#auth.socketToken();
    } catch {
      // the session could not be checked (network, server busy): the server refuses an empty token and
      // #refused tries again after a pause
      token = '';
    }
    if (this.#closed) return;
    if (token === null) return this.#end('UNAUTHORIZED');
    // a client that never synced sends no lastSeq, so the server answers with a snapshot, not a replay
    cb(this.#syncs > 0 ? { token, lastSeq: this.#incidents.lastSeq } : { token });
  }

  /** The server refused the handshake: end the session if it is really gone, otherwise retry later. */
  async #refused(code: string): Promise<void> {
    if (code === 'UNAUTHORIZED') {
      let token: string | null = '';
      try {
        token = await this.#auth.socketToken();
      } catch {
        // unknown: retry
      }
      if (token === null) return this.#end('UNAUTHORIZED');
    }
    this.#retryLater();
  }

  #retryLater(): void {
    if (this.#closed || this.#retry) return;
    const delay = Math.min(RETRY_MAX_MS, RETRY_MS * 2 ** this.#refusals++);
    this.#retry = setTimeout(() => {
      this.#retry = null;
      if (this.#closed || this.#socket.connected) return;
      this.#status = 'connecting';
      this.#socket.connect();
    }, delay);
  }

  #end(reason: ErrorCode): void {
    if (this.#closed) return;
    this.close();
    this.#status = 'offline';
    this.#auth.end(reason);
  }

  #applySync(p: SyncPayload): void {
    // an older server sends no account; the session already knows who we are
    if (p.account) this.#auth.adopt(p.account);
    this.#clockOffsetMs = p.serverTime - Date.now();
    this.#units.applyRoster(p.units);
    if (p.coverage) this.#coverage(p.coverage);
    if (p.unitAlerts) this.#unitAlerts(p.unitAlerts);
    this.#lastSync = p.incidents ? 'snapshot' : 'events';
    if (p.incidents) {
      this.#incidents.replaceAll(p.incidents, p.seq);
    } else {
      this.#incidents.applyChanges(p.events ?? []);
      this.#incidents.advanceTo(p.seq);
    }
    // anything newer than the sync that came before it; the rest is skipped by seq
    this.#incidents.applyChanges(this.#early ?? []);
    this.#early = null;
    this.#syncs++;
  }

  #coverage(update: CoverageUpdate): void {
    for (const listener of this.#coverageListeners) listener(update);
  }

  #unitAlerts(update: UnitAlertUpdate): void {
    for (const listener of this.#unitAlertListeners) listener(update);
  }

  #request<T>(
    send: (done: (err: Error | null, res: Result<T>) => void) => void
  ): Promise<CommandResult<T>> {
    if (!this.#socket.connected) {
      return Promise.resolve({ ok: false, error: 'OFFLINE', message: 'not connected' });
    }
    return new Promise((resolve) => {
      send((err, res) => {
        if (err) resolve({ ok: false, error: 'TIMEOUT', message: err.message });
        else resolve(res);
      });
    });
  }
}
