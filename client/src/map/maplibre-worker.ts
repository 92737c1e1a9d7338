import { setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

/**
 * MapLibre 6 is ESM-only and, left alone, looks for its worker next to its own module URL. Vite moves both, so the
 * worker is bundled as an asset of our own origin and named here, before the first map is created.
 */
setWorkerUrl(workerUrl);
