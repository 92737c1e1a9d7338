/** Screens by pathname. Only the dispatch desk exists so far; `/wall`, `/town`, `/field` come with their views. */

export type Route = 'dispatch' | 'not_found';

export function routeOf(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/dispatch') return 'dispatch';
  return 'not_found';
}
