import type { AccountView, Role } from '../../shared/access.ts';
import type { Incident } from '../../shared/domain.ts';
import type { ClientToServerEvents } from '../../shared/protocol.ts';
import { SOCKET_ACCESS, type RouteAccess } from './permissions.ts';

/**
 * The one place that decides what a session may see and do. REST handlers, socket joins, snapshots, frames,
 * broadcasts and recommendations all ask a Scope; none filters on its own.
 *
 * A scoped viewer sees an incident whose grid lies in one of its towns, and a unit while the unit's last fix
 * lies in one of its towns or while the unit works an incident there. A field account sees its own unit and the
 * incidents it works or reported. `towns: null` means the whole district.
 */

export const DISTRICT_ROOM = 'district';
export const townRoom = (code: string) => `town:${code}`;
export const unitRoom = (id: string) => `unit:${id}`;
/** the one room per distinct set of towns that position frames go to (see realtime/frames.ts) */
const VIEW_PREFIX = 'view:';
export const viewRoom = (towns: readonly string[]) => VIEW_PREFIX + [...towns].sort().join(',');

/** The views present among `rooms`: the district (null) or a set of towns, by room name. */
export function viewsIn(rooms: Iterable<string>): Map<string, ReadonlySet<string> | null> {
  const views = new Map<string, ReadonlySet<string> | null>();
  for (const room of rooms) {
    if (room === DISTRICT_ROOM) views.set(room, null);
    else if (room.startsWith(VIEW_PREFIX))
      views.set(room, new Set(room.slice(VIEW_PREFIX.length).split(',')));
  }
  return views;
}

/** Where a unit is, for visibility: the town of its last fix and the town of the incident it works, if any. */
export interface UnitWhereabouts {
  id: string;
  fixTown: string | null;
  incidentTown: string | null;
}

type ScopeAccount = Pick<AccountView, 'id' | 'username' | 'role' | 'towns' | 'unitId'> & {
  label?: string;
};

export class Scope {
  /** the server's own actions (simulator, jobs): the whole district, every action */
  static system(actor: string): Scope {
    return new Scope(
      { id: `system:${actor}`, username: actor, role: 'admin', towns: null, unitId: null },
      true
    );
  }

  readonly accountId: string;
  readonly actor: string;
  /**
   * the account's display name, recorded beside `actor` on what it does; none for the server's own moves and
   * integrations (`api:<name>`), which screens word themselves
   */
  readonly actorName: string | undefined;
  readonly role: Role;
  readonly unitId: string | null;
  readonly #towns: ReadonlySet<string> | null;

  /** the server acting by itself: the lifecycle's `system` actor (no account can be one) */
  readonly system: boolean;
  /** where a request came from, for the timeline: `socket 10.1.2.3`, `http 10.1.2.3`, `server` */
  readonly origin: string;
  readonly #account: ScopeAccount;

  constructor(account: ScopeAccount, system = false, origin = system ? 'server' : '') {
    this.#account = account;
    this.system = system;
    this.origin = origin;
    this.accountId = account.id;
    this.actor = account.username;
    this.actorName =
      system || account.username.startsWith('api:') ? undefined : account.label || undefined;
    this.role = account.role;
    this.unitId = account.unitId;
    // admins and commanders see the district whatever their stored scope says
    const whole =
      account.role === 'admin' || account.role === 'commander' || account.towns === null;
    this.#towns = whole ? null : new Set(account.towns);
  }

  /** The same scope for one request from `origin`. */
  from(origin: string): Scope {
    return new Scope(this.#account, this.system, origin);
  }

  mayRequest(event: keyof ClientToServerEvents): boolean {
    return SOCKET_ACCESS[event].includes(this.role);
  }

  mayRoute(access: RouteAccess): boolean {
    return access === 'public' || access.includes(this.role);
  }

  seesTown(code: string): boolean {
    if (this.role === 'field') return false;
    return viewSeesTown(this.#towns, code);
  }

  seesIncident(i: Incident): boolean {
    if (this.role === 'field') {
      // by unit, not by username: every account of a unit sees the same, and no name can claim another's reports
      return (
        this.unitId !== null &&
        (i.unitIds.includes(this.unitId) ||
          i.reportedByUnit === this.unitId ||
          i.notifiedUnits.includes(this.unitId))
      );
    }
    return this.seesTown(i.townCode);
  }

  seesUnit(u: UnitWhereabouts): boolean {
    if (this.role === 'field') return u.id === this.unitId;
    return viewSeesUnit(this.#towns, u);
  }

  /**
   * A unit as this scope may see it: a unit standing in the viewer's town while it works an incident elsewhere
   * is shown busy, without the other town's incident id.
   */
  unitView<U extends { incidentId: string | null }>(u: U, w: UnitWhereabouts): U {
    return this.role === 'field' ? u : unitViewFor(this.#towns, u, w);
  }

  /** the socket rooms whose broadcasts this session receives: its towns' (or the district's), and its view's */
  rooms(): string[] {
    if (this.role === 'field') return this.unitId ? [unitRoom(this.unitId)] : [];
    if (this.#towns === null) return [DISTRICT_ROOM];
    return [...[...this.#towns].map(townRoom), viewRoom([...this.#towns])];
  }
}

/**
 * Whether a view of `towns` (null: the district) sees a unit where it is: its fix or its incident lies in one of
 * them. The one rule behind `Scope.seesUnit`, the position frames and the coverage feed, which work per view room.
 */
export function viewSeesUnit(towns: ReadonlySet<string> | null, w: UnitWhereabouts): boolean {
  return (
    towns === null ||
    (w.fixTown !== null && towns.has(w.fixTown)) ||
    (w.incidentTown !== null && towns.has(w.incidentTown))
  );
}

/** Whether a view of `towns` (null: the district) sees a town's grids and incidents. */
export function viewSeesTown(towns: ReadonlySet<string> | null, code: string): boolean {
  return towns === null || towns.has(code);
}

/** A unit as a viewer of `towns` (null: the district) may see it: another town's incident id is left out. */
export function unitViewFor<U extends { incidentId: string | null }>(
  towns: ReadonlySet<string> | null,
  u: U,
  w: UnitWhereabouts
): U {
  if (u.incidentId === null || towns === null) return u;
  return w.incidentTown !== null && towns.has(w.incidentTown) ? u : { ...u, incidentId: null };
}
