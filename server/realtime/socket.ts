import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type {
  ClientToServerEvents,
  InterServerEvents,
  ServerToClientEvents,
  SocketData,
  SyncPayload
} from '../../shared/protocol.ts';
import type { DispatchService } from '../dispatch/service.ts';
import type { LiveRegistry } from '../live/registry.ts';
import type { Logger } from '../logger.ts';
import { createHandlers } from './handlers.ts';

/**
 * Socket.IO on the HTTP server Fastify owns. On every (re)connect a client gets `sync` — the events it missed
 * since its `lastSeq`, or a snapshot when that is shorter — then a full position frame; after that it follows the
 * room's broadcasts. The room is joined before the sync is read, so a change committed meanwhile arrives twice at
 * worst, never not at all; clients drop anything at or below the `seq` they hold.
 */

export type GridwatchServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;

/** the whole district; per-town rooms come with jurisdiction */
export const DISTRICT_ROOM = 'district';
/** above this many missed events a snapshot is shorter */
const MAX_REPLAY = 500;

export function attachRealtime(opts: {
  http: HttpServer;
  dispatch: DispatchService;
  live: LiveRegistry;
  log: Logger;
}): GridwatchServer {
  const { dispatch, live, log } = opts;
  const io: GridwatchServer = new Server(opts.http, {
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    pingInterval: 10_000,
    pingTimeout: 8_000
  });
  const handlers = createHandlers({ dispatch, live, log });

  dispatch.listen({
    incidentChanged: (change) => io.to(DISTRICT_ROOM).emit('incident:changed', change),
    unitChanged: (unit) => io.to(DISTRICT_ROOM).emit('unit:changed', unit)
  });

  io.on('connection', (socket) => {
    socket.data.actor = 'console';
    for (const [event, handle] of Object.entries(handlers)) {
      socket.on(event as keyof ClientToServerEvents, (payload: unknown, ack: unknown) =>
        handle(socket.data.actor, payload, ack)
      );
    }
    void socket.join(DISTRICT_ROOM);
    const lastSeq = socket.handshake.auth?.lastSeq;
    syncPayload(dispatch, live, Number.isInteger(lastSeq) ? (lastSeq as number) : null)
      .then((payload) => {
        socket.emit('sync', payload);
        socket.emit('units:moved', live.fullFrame(Date.now()));
      })
      .catch((e: unknown) => {
        log.error({ err: e }, 'sync failed');
        socket.disconnect(true);
      });
  });
  return io;
}

async function syncPayload(
  dispatch: DispatchService,
  live: LiveRegistry,
  lastSeq: number | null
): Promise<SyncPayload> {
  const events = lastSeq === null ? null : await dispatch.changesSince(lastSeq, MAX_REPLAY);
  // the snapshot is read after the await so it is at least as new as anything already broadcast
  const snapshot = events === null ? dispatch.incidents() : null;
  const seq = events === null ? dispatch.seq : (events.at(-1)?.seq ?? lastSeq!);
  return { seq, serverTime: Date.now(), units: [...live.all()], incidents: snapshot, events };
}
