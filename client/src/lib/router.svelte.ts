import { routeOf, type Route } from './route.ts';

/**
 * The address bar as state: the path and query, changed with the History API so a screen change keeps the page
 * (and its bundled fonts) loaded. Back and forward are followed through `popstate`.
 */
export class Router {
  #path = $state(location.pathname);
  #search = $state(location.search);

  constructor() {
    window.addEventListener('popstate', () => this.#read());
  }

  get route(): Route {
    return routeOf(this.#path);
  }

  /** path and query, e.g. `/login?next=%2Fdispatch` */
  get here(): string {
    return this.#path + this.#search;
  }

  param(name: string): string | null {
    return new URLSearchParams(this.#search).get(name);
  }

  go(to: string, opts: { replace?: boolean } = {}): void {
    if (to === this.here) return;
    if (opts.replace) history.replaceState(null, '', to);
    else history.pushState(null, '', to);
    this.#read();
  }

  /**
   * Reads a query parameter and removes it from the address and the current history entry: a wall's kiosk secret
   * must not stay on screen, in the history or in a bookmark.
   */
  take(name: string): string | null {
    const url = new URL(location.href);
    const value = url.searchParams.get(name);
    if (value === null) return null;
    url.searchParams.delete(name);
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    this.#read();
    return value;
  }

  #read(): void {
    this.#path = location.pathname;
    this.#search = location.search;
  }
}
