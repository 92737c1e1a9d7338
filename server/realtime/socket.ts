import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type {
  ClientToServerEvents,
  IncidentChanged,
  InterServerEvents,
  ServerToClientEvents,
  SocketData,
  SyncPayload
} from '../../shared/protocol.ts';
import { ErrorCode, fail } from '../../shared/result.ts';
import { DISTRICT_ROOM, townRoom, unitRoom } from '../access/scope.ts';
import type { AccessService, Session } from '../access/service.ts';
import type { DispatchService } from '../dispatch/service.ts';
import type { LiveRegistry } from '../live/registry.ts';
import type { Logger } from '../logger.ts';
import { ACK_OPTIONAL, createHandlers, requestArgs } from './handlers.ts';
import { coverageFor } from './coverage-feed.ts';
import type { CoverageMonitor } from '../live/coverage.ts';
import type { UnitAlertMonitor } from '../live/unit-alert-monitor.ts';
import { unitAlertsFor } from './unit-alert-feed.ts';
import { commandAudit } from '../access/audit.ts';
import { TokenBucket } from './token-bucket.ts';

/**
 * Socket.IO on the HTTP server Fastify owns. A handshake needs a fresh token from a live session and, from a
 * browser, the same origin. The socket joins the rooms its Scope allows; on every (re)connect it gets `sync` — the
 * events it missed since its `lastSeq` that it may see, or a snapshot — then a position frame of the units it may
 * see. Rooms are joined before the sync is read, so a change committed meanwhile arrives twice at worst, never
 * not at all. Every request re-checks the session (revocation and expiry act at once), the role, and a per-socket
 * token bucket.
 */

declare module '../../shared/protocol.ts' {
  interface SocketData {
    session: Session;
    /** client address, for the audit log */
    source: string;
    requests: TokenBucket;
    reports: TokenBucket;
  }
}

export type GridwatchServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;
type GridwatchSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;

/** above this many missed events a snapshot is shorter */
const MAX_REPLAY = 500;
/** a frame larger than this closes the socket that sent it (and only that socket) */
export const MAX_FRAME_BYTES = 16 * 1024;
const REQUESTS_PER_S = 10;
const REQUEST_BURST = 40;
const REPORTS_PER_S = 5;
const REPORT_BURST = 30;
const EXPIRY_SWEEP_MS = 15_000;

export interface RealtimeCounters {
  rateLimited: number;
  refusedHandshakes: number;
  /** requests sent without an ack (where the protocol asks for one): nobody to answer, so dropped unread */
  withoutAck: number;
}

export function attachRealtime(opts: {
  http: HttpServer;
  dispatch: DispatchService;
  live: LiveRegistry;
  access: AccessService;
  coverage: CoverageMonitor;
  unitAlerts: UnitAlertMonitor;
  log: Logger;
}): { io: GridwatchServer; counters: RealtimeCounters } {
  const { dispatch, live, access, coverage, unitAlerts, log } = opts;
  const counters: RealtimeCounters = { rateLimited: 0, refusedHandshakes: 0, withoutAck: 0 };
  const io: GridwatchServer = new Server(opts.http, {
    serveClient: false,
    maxHttpBufferSize: MAX_FRAME_BYTES,
    pingInterval: 10_000,
    pingTimeout: 8_000,
    // the cors option does not stop a WebSocket from another site; refusing the handshake does
    allowRequest: (req, cb) => {
      const same = sameOrigin(req);
      if (!same) counters.refusedHandshakes++;
      cb(same ? null : 'cross-origin request refused', same);
    }
  });
  const handlers = createHandlers({
    dispatch,
    live,
    access,
    log,
    askForFix(unitId, by, at) {
      // only the unit's own field sessions join its room
      const room = unitRoom(unitId);
      io.to(room).emit('location:requested', { unitId, by, at });
      return io.sockets.adapter.rooms.get(room)?.size ?? 0;
    }
  });

  io.use((socket, next) => {
    access.fromToken(socket.handshake.auth?.token).then(
      (session) => {
        if (!session) {
          counters.refusedHandshakes++;
          return next(new Error(ErrorCode.UNAUTHORIZED));
        }
        socket.data.session = session;
        socket.data.source = socket.handshake.address;
        socket.data.requests = new TokenBucket(REQUESTS_PER_S, REQUEST_BURST);
        socket.data.reports = new TokenBucket(REPORTS_PER_S, REPORT_BURST);
        next();
      },
      (e: unknown) => {
        log.error({ err: e }, 'handshake check failed');
        next(new Error(ErrorCode.INTERNAL));
      }
    );
  });

  dispatch.listen({
    incidentChanged: (change, released) =>
      io.to(incidentRooms(change, released)).emit('incident:changed', change),
    unitChanged: (unit) => {
      const w = live.whereabouts(unit.idx);
      io.to([
        DISTRICT_ROOM,
        unitRoom(unit.id),
        ...(w.incidentTown ? [townRoom(w.incidentTown)] : [])
      ]).emit('unit:changed', unit);
      // the town it stands in sees it busy, but not another town's incident (unless it may see that town too)
      if (w.fixTown && w.fixTown !== w.incidentTown) {
        const masked = w.incidentTown ? { ...unit, incidentId: null } : unit;
        const seen = w.incidentTown ? [townRoom(w.incidentTown)] : [];
        io.to(townRoom(w.fixTown)).except(seen).emit('unit:changed', masked);
      }
    }
  });

  const end = (socket: GridwatchSocket) => {
    socket.emit('session:ended', ErrorCode.UNAUTHORIZED);
    socket.disconnect(true);
  };
  access.onRevoke((accountId, sessionHash) => {
    for (const socket of io.of('/').sockets.values()) {
      const s = socket.data.session;
      if (s.account.id === accountId && (sessionHash === null || s.idHash === sessionHash))
        end(socket);
    }
  });
  const sweep = setInterval(() => {
    for (const socket of io.of('/').sockets.values())
      if (!access.stillValid(socket.data.session)) end(socket);
  }, EXPIRY_SWEEP_MS);
  sweep.unref();
  io.engine.on('close', () => clearInterval(sweep));

  io.on('connection', (socket) => {
    const { session } = socket.data;
    const origin = session.scope.from(`socket ${socket.data.source}`);
    for (const [event, handle] of Object.entries(handlers) as Array<
      [keyof ClientToServerEvents, (typeof handlers)[keyof ClientToServerEvents]]
    >) {
      // Socket.IO puts the ack last, whatever came before it: every refusal below goes to the ack, never to an
      // argument that merely sits second
      socket.on(event, (...args: unknown[]) => {
        const { payload, ack } = requestArgs(args);
        const reply = ack ?? (() => {});
        if (!access.stillValid(session)) {
          reply(fail(ErrorCode.UNAUTHORIZED, 'session_ended'));
          return end(socket);
        }
        if (!ack && !ACK_OPTIONAL.has(event)) {
          counters.withoutAck++;
          return;
        }
        if (!session.scope.mayRequest(event)) {
          const refused = fail(ErrorCode.FORBIDDEN, 'role_may_not_event', {
            role: session.account.role,
            event
          });
          // a refusal by role is worth a trace as much as one by jurisdiction
          access
            .audit(
              commandAudit(
                {
                  actor: session.account.username,
                  actorName: session.scope.actorName,
                  source: socket.data.source
                },
                event.replace(':', '.'),
                '',
                refused
              )
            )
            .catch((e: unknown) => log.error({ err: e }, 'audit append failed'));
          return reply(refused);
        }
        const bucket =
          event === 'unit:report' || event === 'unit:backlog'
            ? socket.data.reports
            : socket.data.requests;
        // a backlog is reports kept offline: ten of them cost what one live report does
        const cost =
          event === 'unit:backlog' && Array.isArray(payload)
            ? Math.max(1, Math.ceil(payload.length / 10))
            : 1;
        if (!bucket.take(Date.now(), cost)) {
          counters.rateLimited++;
          return reply(fail(ErrorCode.RATE_LIMITED, 'too_many_requests'));
        }
        handle({ session, source: socket.data.source, scope: origin }, payload, reply);
      });
    }
    void socket.join(session.scope.rooms());
    const lastSeq = socket.handshake.auth?.lastSeq;
    syncPayload(
      session,
      dispatch,
      live,
      coverage,
      unitAlerts,
      Number.isInteger(lastSeq) ? (lastSeq as number) : null
    )
      .then(({ payload, frame }) => {
        socket.emit('sync', payload);
        socket.emit('units:moved', frame);
      })
      .catch((e: unknown) => {
        log.error({ err: e }, 'sync failed');
        socket.disconnect(true);
      });
  });
  return { io, counters };
}

async function syncPayload(
  session: Session,
  dispatch: DispatchService,
  live: LiveRegistry,
  coverage: CoverageMonitor,
  unitAlerts: UnitAlertMonitor,
  lastSeq: number | null
) {
  const { scope } = session;
  const changes = lastSeq === null ? null : await dispatch.changesSince(lastSeq, MAX_REPLAY);
  // read after the await, so the snapshot is at least as new as anything already broadcast
  const own = scope.unitId ? live.get(scope.unitId) : undefined;
  // a phone's sync is its own unit: no need to walk the whole force for it
  const units =
    scope.role === 'field'
      ? own
        ? [own]
        : []
      : live
          .all()
          .filter((u) => scope.seesUnit(live.whereabouts(u.idx)))
          .map((u) => scope.unitView(u, live.whereabouts(u.idx)));
  const payload: SyncPayload = {
    account: session.account,
    seq: changes === null ? dispatch.seq : (changes.at(-1)?.seq ?? lastSeq!),
    serverTime: Date.now(),
    units,
    // a phone sees no grid: thousands of them reconnect at once after an outage, so skip the walk
    coverage:
      scope.role === 'field'
        ? { at: coverage.at, grids: [], moves: [] }
        : coverageFor(
            coverage,
            (code) => scope.seesTown(code),
            (w) => scope.seesUnit(w),
            live
          ),
    unitAlerts:
      scope.role === 'field'
        ? { at: unitAlerts.at, alerts: [] }
        : unitAlertsFor(
            unitAlerts,
            live,
            (w) => scope.seesUnit(w),
            (code) => scope.seesTown(code)
          ),
    incidents: changes === null ? dispatch.incidentsFor(scope) : null,
    events: changes === null ? null : changes.filter((c) => scope.seesIncident(c.incident))
  };
  const frame = live.frame(
    payload.serverTime,
    units.filter((u) => live.fix(u.idx)).map((u) => u.idx)
  );
  return { payload, frame };
}

/** Rooms that may see an incident change: the district, its town, and the units on it or who reported it. */
function incidentRooms(c: IncidentChanged, released: readonly string[]): string[] {
  const i = c.incident;
  // the units on it, who reported it, who were told of it, and any unit this change took off it (so its phone
  // drops the task, whether the desk recalled it or resolved, cancelled or merged the incident)
  const units = new Set([...i.unitIds, ...i.notifiedUnits, ...released]);
  if (i.reportedByUnit) units.add(i.reportedByUnit);
  return [DISTRICT_ROOM, townRoom(i.townCode), ...[...units].map(unitRoom)];
}

/** A browser always sends Origin on a WebSocket handshake; it must name this server. Tools without one pass. */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
