import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol.ts';

/** A typed Socket.IO client for what a test does beside the page: a desk listening, a phone reporting. */
export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Connects with a socket token and resolves on `sync` (the server has joined the socket to its rooms by then). */
export function connectLive(url: string, token: string): Promise<LiveSocket> {
  const socket: LiveSocket = io(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: { token }
  });
  return new Promise((resolve, reject) => {
    socket.once('sync', () => resolve(socket));
    socket.once('connect_error', (err) => reject(err));
  });
}
