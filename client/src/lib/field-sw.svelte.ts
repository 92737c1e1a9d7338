/**
 * The field app's service worker, seen from the page: registered for /field (so no other screen is served from
 * its cache), the fonts this page already drew handed to its font cache, and a new version announced rather than
 * swapped in under the person's thumb: `apply` lets it take over and reloads, which is safe because everything
 * pressed is in the outbox.
 */

export const SW_URL = '/sw.js';
export const SW_SCOPE = '/field';
/** the runtime cache the worker serves fonts from (client/src/sw.ts uses the same name) */
export const FONT_CACHE = 'gridwatch-fonts';

export class AppUpdate {
  #waiting = $state.raw<ServiceWorker | null>(null);

  constructor() {
    if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
    void this.#register();
  }

  /** a new version is installed and waits for the person's go */
  get ready(): boolean {
    return this.#waiting !== null;
  }

  apply(): void {
    const worker = this.#waiting;
    if (!worker) return;
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), {
      once: true
    });
    worker.postMessage({ type: 'SKIP_WAITING' });
  }

  async #register(): Promise<void> {
    let reg: ServiceWorkerRegistration;
    try {
      reg = await navigator.serviceWorker.register(SW_URL, { scope: SW_SCOPE });
    } catch (err) {
      // no worker in development (vite serves no sw.js) or on plain http off localhost: the app still works online
      console.info('service worker not registered', err);
      return;
    }
    // a worker waiting already, or one that finishes installing while a previous one controls this page
    const watch = (w: ServiceWorker | null) => {
      if (!w) return;
      const check = () => {
        if (w.state === 'installed' && navigator.serviceWorker.controller) this.#waiting = w;
      };
      w.addEventListener('statechange', check);
      check();
    };
    watch(reg.waiting);
    watch(reg.installing);
    reg.addEventListener('updatefound', () => watch(reg.installing));
    await navigator.serviceWorker.ready;
    await seedFonts();
  }
}

/**
 * Fonts are many small unicode-range files, so the worker caches the ones a page uses rather than all of them.
 * This first visit drew its glyphs before the worker could see any request: copy those files into its cache now,
 * so the screen looks the same when opened with no network.
 */
async function seedFonts(): Promise<void> {
  try {
    const urls = performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter((u) => new URL(u).origin === location.origin && /\.woff2?$/.test(u));
    if (urls.length === 0) return;
    const cache = await caches.open(FONT_CACHE);
    const have = new Set((await cache.keys()).map((r) => r.url));
    await cache.addAll(urls.filter((u) => !have.has(u)));
  } catch (err) {
    console.info('fonts not kept for offline use', err);
  }
}
