import type { AccountView, Role } from '../../../shared/access.ts';

/**
 * Screens by pathname, who may open each, and where each role lands. The server enforces what data a role gets;
 * this only keeps people on the screen meant for them: no session → /login (remembering where they were going),
 * the wrong role → that role's home.
 */

export type Screen = 'login' | 'dispatch' | 'town' | 'wall' | 'field' | 'admin' | 'not_found';
export type Route = Screen | 'home';

const PATHS: Record<string, Route> = {
  '/': 'home',
  '/login': 'login',
  '/dispatch': 'dispatch',
  '/town': 'town',
  '/wall': 'wall',
  '/field': 'field',
  '/admin': 'admin'
};

/** the screens behind a session, and the roles that may open each */
export const SCREEN_ROLES: Record<Exclude<Screen, 'login' | 'not_found'>, readonly Role[]> = {
  dispatch: ['admin', 'commander', 'dispatcher'],
  town: ['town_leader'],
  wall: ['wall'],
  field: ['field'],
  admin: ['admin']
};

export const HOME: Record<Role, string> = {
  admin: '/admin',
  commander: '/dispatch',
  dispatcher: '/dispatch',
  town_leader: '/town',
  field: '/field',
  wall: '/wall'
};

export type Decision = { show: Screen } | { redirect: string };

export function routeOf(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  return PATHS[path] ?? 'not_found';
}

/**
 * What to do at `route` for `account` (null: not signed in). `here` is the current path and query, remembered as
 * `next` on the way to /login; `next` is that remembered target when at /login.
 */
export function decide(
  route: Route,
  account: Pick<AccountView, 'role'> | null,
  here: string,
  next: string | null
): Decision {
  if (route === 'not_found') return { show: 'not_found' };
  if (route === 'login') {
    if (!account) return { show: 'login' };
    const target = safeNext(next);
    return { redirect: target && mayOpen(account.role, target) ? target : HOME[account.role] };
  }
  if (!account) {
    return { redirect: route === 'home' ? '/login' : `/login?next=${encodeURIComponent(here)}` };
  }
  if (route === 'home' || !SCREEN_ROLES[route].includes(account.role)) {
    return { redirect: HOME[account.role] };
  }
  return { show: route };
}

/** whether `role` may open the screen at `path` (a path with or without a query) */
export function mayOpen(role: Role, path: string): boolean {
  const route = routeOf(path.split(/[?#]/)[0]);
  return route !== 'home' && route !== 'login' && route !== 'not_found'
    ? SCREEN_ROLES[route].includes(role)
    : false;
}

/** the screens a role may open, for the account menu's links */
export function screensOf(role: Role): Array<keyof typeof SCREEN_ROLES> {
  return (Object.keys(SCREEN_ROLES) as Array<keyof typeof SCREEN_ROLES>).filter((s) =>
    SCREEN_ROLES[s].includes(role)
  );
}

/** A remembered target only if it is a path on this origin: `//evil.example` and `https:` are refused. */
export function safeNext(next: string | null): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\'))
    return null;
  return routeOf(next.split(/[?#]/)[0]) === 'login' ? null : next;
}

/**
 * The towns a screen frames for an account, or null for the whole district. Admins and commanders see the district
 * whatever their stored towns say (the server's rule); field accounts are not scoped by towns.
 */
export function scopeTowns(account: Pick<AccountView, 'role' | 'towns'> | null): string[] | null {
  if (!account || account.role === 'admin' || account.role === 'commander') return null;
  if (account.role === 'field') return null;
  return account.towns && account.towns.length > 0 ? account.towns : null;
}
