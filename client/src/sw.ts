/// <reference lib="webworker" />
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkFirst, StaleWhileRevalidate } from 'workbox-strategies';
import { ExpirationPlugin } from 'workbox-expiration';

/**
 * The field app's service worker (registered with scope /field by lib/field-sw.svelte.ts): /field opens with no
 * network after one visit. The built app shell (index.html, the hashed JS and CSS, MapLibre's worker, the icons and
 * the manifest) is precached from the list vite-plugin-pwa injects at build time; a navigation under /field gets
 * that index.html. At run time: the district outline (from the network while it answers: an admin may put another
 * version in force; the kept copy when offline), the font files the screens use (Noto Sans SC is ~400 unicode-range
 * files: only those drawn are kept), and the session, so the screen knows whose phone it is when the server cannot
 * be asked. The map style and a basemap file's tiles the offer card's map drew are kept too (a PMTiles archive,
 * read by byte ranges, is not). Nothing else is touched: the API and the socket go to the network as they would
 * without a worker, and nothing is fetched from any other origin.
 */

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<{ url: string; revision: string | null }>;
};

/** names shared with the page (lib/field-sw.svelte.ts seeds the font cache) */
const FONT_CACHE = 'gridwatch-fonts';
const DISTRICT_CACHE = 'gridwatch-district';
const SESSION_CACHE = 'gridwatch-session';
const MAP_CACHE = 'gridwatch-map';
const TILE_CACHE = 'gridwatch-tiles';
const SESSION_URL = '/api/session';

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// every screen is the same index.html (the client routes by path); this worker only serves /field's
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html')));

registerRoute(
  ({ url, sameOrigin }) => sameOrigin && url.pathname === '/api/district',
  new NetworkFirst({ cacheName: DISTRICT_CACHE, networkTimeoutSeconds: 4 })
);

registerRoute(
  ({ url, sameOrigin }) => sameOrigin && url.pathname === '/api/map-style',
  new NetworkFirst({ cacheName: MAP_CACHE, networkTimeoutSeconds: 4 })
);

// a basemap file's tiles (/tiles/{z}/{x}/{y}): the kept one at once, refreshed behind it
registerRoute(
  ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/tiles/'),
  new StaleWhileRevalidate({
    cacheName: TILE_CACHE,
    plugins: [new ExpirationPlugin({ maxEntries: 1500, maxAgeSeconds: 30 * 24 * 3600 })]
  })
);

registerRoute(
  ({ url, sameOrigin }) => sameOrigin && /^\/assets\/.+\.woff2?$/.test(url.pathname),
  new CacheFirst({
    cacheName: FONT_CACHE,
    plugins: [new ExpirationPlugin({ maxEntries: 400 })]
  })
);

registerRoute(
  ({ url, sameOrigin }) => sameOrigin && url.pathname === SESSION_URL,
  ({ request }) => session(request)
);

// signing out forgets the kept session, so the phone opened offline does not show the last account
registerRoute(
  ({ url, sameOrigin }) => sameOrigin && url.pathname === '/api/logout',
  async ({ request }) => {
    try {
      return await fetch(request);
    } finally {
      // forgotten even when the server could not be told: the person meant to leave
      await caches.delete(SESSION_CACHE);
    }
  },
  'POST'
);

/**
 * `GET /api/session` from the network whenever it answers; its account is kept (without the socket token, which
 * is short-lived and of no use offline) for when it does not. A 401 forgets it.
 */
async function session(request: Request): Promise<Response> {
  const cache = await caches.open(SESSION_CACHE);
  let res: Response;
  try {
    res = await fetch(request);
  } catch (err) {
    const kept = await cache.match(SESSION_URL);
    if (kept) return kept;
    throw err;
  }
  if (res.status === 401) await cache.delete(SESSION_URL);
  else if (res.ok) {
    const body = (await res.clone().json()) as { account?: unknown; tokenExpiresAt?: number };
    const kept = JSON.stringify({ account: body.account, token: '', tokenExpiresAt: 0 });
    await cache.put(
      SESSION_URL,
      new Response(kept, { headers: { 'content-type': 'application/json; charset=utf-8' } })
    );
  }
  return res;
}

// The page that registered this worker fetched its session and the district before the worker could see them:
// fetch both now, so the very next start works with no network.
self.addEventListener('install', (event) => {
  event.waitUntil(
    Promise.all([
      session(new Request(SESSION_URL, { credentials: 'same-origin' })),
      caches.open(DISTRICT_CACHE).then((c) => c.add('/api/district'))
    ]).catch((err: unknown) => console.warn('field worker: nothing kept for offline yet', err))
  );
});

self.addEventListener('message', (event) => {
  // the page's 更新 button: the new version takes over now (lib/field-sw.svelte.ts then reloads)
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
