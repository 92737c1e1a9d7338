import type { Role } from '../../shared/access.ts';
import type { ClientToServerEvents } from '../../shared/protocol.ts';

/**
 * Which roles may make each request. Every socket event of the protocol must have a row (the Record type makes a
 * missing one a compile error), and every HTTP route declares its row in `config.access` (a route without one is
 * refused at registration). What a permitted role may then see or touch is the Scope's business.
 */

export const ALL_ROLES: readonly Role[] = [
  'admin',
  'commander',
  'dispatcher',
  'town_leader',
  'field',
  'wall'
];
const DESK: readonly Role[] = ['admin', 'commander', 'dispatcher', 'town_leader'];
const STAFF: readonly Role[] = ['admin', 'commander', 'dispatcher'];

export const SOCKET_ACCESS: Record<keyof ClientToServerEvents, readonly Role[]> = {
  'incident:create': [...DESK, 'field'],
  // a wall shows the ranking beside the P1 it focuses on (read-only); the Scope limits what it sees
  'dispatch:recommend': [...DESK, 'wall'],
  'dispatch:evaluate': DESK,
  'dispatch:assign': DESK,
  'dispatch:reassign': DESK,
  'unit:report': ['field'],
  'unit:backlog': ['field'],
  'unit:locate': DESK,
  'unit:status': ['field'],
  'offer:respond': ['field'],
  'dispatch:withdraw': DESK,
  // which of resolve, close, cancel, reopen a role may take is the lifecycle's rule (shared/lifecycle.ts)
  'incident:transition': STAFF,
  'incident:escalate': STAFF,
  // the town's leader gets the alert too, and may acknowledge it
  'incident:acknowledge': DESK,
  'incident:merge': STAFF,
  // which roles get the full contact (and which only the mask) is the dispatch service's rule
  'incident:contact': [...STAFF, 'field']
};

/** `public` routes need no session (login, health, the district outline, the client's files). */
export type RouteAccess = readonly Role[] | 'public';

export const ROUTE_ACCESS = {
  public: 'public',
  anyone: ALL_ROLES,
  desk: DESK,
  staff: STAFF,
  deskOrField: [...DESK, 'field'],
  deskOrWall: [...DESK, 'wall'],
  admin: ['admin']
} as const satisfies Record<string, RouteAccess>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** who may call the route; required on every route */
    access?: RouteAccess;
    /** the audit log's name for what the route does, when it is a command (e.g. `incident.create`) */
    action?: string;
    /** an integration's API key may stand in for a session (and acts with the integration's scope) */
    apiKey?: boolean;
  }
}
