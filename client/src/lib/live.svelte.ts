import { io, type Socket } from 'socket.io-client';
import type { Incident } from '../../../shared/domain.ts';
import type {
  AssignCommand,
  IncidentCreate,
  Recommendation,
  RecommendRequest
} from '../../../shared/commands.ts';
import type {
  ClientToServerEvents,
  HandshakeAuth,
  IncidentChanged,
  ServerToClientEvents,
  SyncPayload
} from '../../../shared/protocol.ts';
import type { Result } from '../../../shared/result.ts';
import { decodeFrame } from '../../../shared/position-codec.ts';
import type { IncidentStore } from './incidents.svelte.ts';
import type { UnitStore } from './units.svelte.ts';

/**
 * The one Socket.IO connection of a screen: it feeds the stores from `sync`, `units:moved`, `unit:changed` and
 * `incident:changed`, keeps `lastSeq` across reconnects (sent in the handshake) and turns requests into promises.
 */

export type ConnectionStatus = 'connecting' | 'online' | 'offline';

/** A failed request on our side of the wire: no answer in time, or no connection to send it on. */
export type LocalError = { ok: false; error: 'TIMEOUT' | 'OFFLINE'; message: string };
export type CommandResult<T> = Result<T> | LocalError;

type GridwatchSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const REQUEST_TIMEOUT_MS = 15000;

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

  constructor(incidents: IncidentStore, units: UnitStore) {
    this.#incidents = incidents;
    this.#units = units;
    this.#socket = io({
      path: '/socket.io',
      transports: ['websocket'],
      // a client that never synced sends no lastSeq, so the server answers with a snapshot, not a replay
      auth: (cb) => cb(this.#handshake())
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

  close(): void {
    this.#socket.close();
  }

  #listen(): void {
    const s = this.#socket;
    s.on('connect', () => {
      this.#early ??= [];
      this.#status = 'online';
    });
    s.on('disconnect', () => {
      this.#early = [];
      this.#status = 'offline';
    });
    s.on('connect_error', () => (this.#status = 'offline'));
    s.io.on('reconnect_attempt', () => (this.#status = 'connecting'));
    s.on('sync', (payload) => this.#applySync(payload));
    s.on('incident:changed', (change) => {
      if (this.#early) this.#early.push(change);
      else this.#incidents.applyChanges([change]);
    });
    s.on('unit:changed', (unit) => this.#units.applyUnitChanged(unit));
    s.on('units:moved', (frame) => {
      try {
        this.#units.applyFrame(decodeFrame(frame));
      } catch (err) {
        // a malformed frame costs one tick of positions, not the connection
        this.#badFrames++;
        console.warn(err);
      }
    });
  }

  #handshake(): HandshakeAuth {
    return this.#syncs > 0 ? { lastSeq: this.#incidents.lastSeq } : {};
  }

  #applySync(p: SyncPayload): void {
    this.#clockOffsetMs = p.serverTime - Date.now();
    this.#units.applyRoster(p.units);
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
