import { createContext } from 'svelte';
import type { Router } from './router.svelte.ts';
import type { Session } from './session.svelte.ts';

/**
 * The page-wide pair every screen needs: who is signed in and the address bar. Set once by App; screens and the
 * account menu read it instead of passing it down through every component.
 */
export interface AppContext {
  session: Session;
  router: Router;
}

export const [appContext, setAppContext] = createContext<AppContext>();
