import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';

// The client is the Vite root; the built app lands in dist/client and is served by the Fastify server.
export default defineConfig({
  root: 'client',
  plugins: [
    svelte(),
    // The field app: a web app manifest and a service worker built from client/src/sw.ts, with the list of the
    // built files to precache injected into it. The page registers it itself (lib/field-sw.svelte.ts) with
    // scope /field, so no other screen is served from its cache.
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      injectRegister: false,
      // the icons are in the glob below already
      includeManifestIcons: false,
      manifestFilename: 'manifest.webmanifest',
      injectManifest: {
        // the shell: the hashed JS and CSS (the app bundle is ~2 MB), MapLibre's worker, the icons and the page.
        // Fonts are ~400 unicode-range files: the worker keeps the ones a screen draws instead (see sw.ts).
        globPatterns: ['**/*.{js,mjs,css,html,png,svg,webmanifest}'],
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024
      },
      manifest: {
        id: '/field',
        name: '网格指挥·一线',
        short_name: '网格一线',
        description: '网格员、志愿者的一线工作端：位置共享、接单、处置、上报',
        lang: 'zh-CN',
        start_url: '/field',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        // the header bar's navy and the light page behind it (the field screen is light by default)
        theme_color: '#0b1f3a',
        background_color: '#eef1f5',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' }
        ]
      }
    })
  ],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    chunkSizeWarningLimit: 3000
  },
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/healthz': 'http://127.0.0.1:8080',
      // a basemap file's tiles (BASEMAP), served by the server like the API
      '/tiles': 'http://127.0.0.1:8080',
      '/basemap.pmtiles': 'http://127.0.0.1:8080',
      '/socket.io': { target: 'ws://127.0.0.1:8080', ws: true }
    }
  },
  test: {
    root: '.',
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    testTimeout: 30000,
    hookTimeout: 60000
  }
});
