import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basemapFromEnv, type BasemapConfig } from '../../../server/basemap/config.ts';
import { makeTestTiles, writeMbtiles } from '../../fixtures/basemap-tiles.ts';
import { startServer } from '../../fixtures/server.ts';

/** The basemap in the whole server: its routes are registered, and the CSP opens only for a remote basemap. */

const dir = mkdtempSync(join(tmpdir(), 'gw-basemap-csp-'));
beforeAll(() => writeMbtiles(join(dir, 'omt.mbtiles'), makeTestTiles([], { maxzoom: 2 })));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('in the server', () => {
  async function csp(basemap: BasemapConfig) {
    const server = await startServer({ units: 5, basemap });
    try {
      const style = await server.app.inject({ url: '/api/map-style' });
      // public, like the district: the login page, walls and phones offline all draw it
      expect(style.statusCode).toBe(200);
      const tile = await server.app.inject({ url: '/tiles/0/0/0' });
      expect(tile.statusCode).toBe(basemap.source.type === 'file' ? 200 : 404);
      return String(style.headers['content-security-policy']);
    } finally {
      await server.app.close();
    }
  }

  it('lets the page reach a remote basemap’s hosts, and no other host otherwise', async () => {
    const remote = await csp(
      basemapFromEnv({ BASEMAP: 'https://tiles.example.cn/{z}/{x}/{y}.png' }, dir)
    );
    expect(remote).toMatch(/img-src 'self' data: blob: https:\/\/tiles.example.cn;/);
    expect(remote).toMatch(/connect-src 'self' https:\/\/tiles.example.cn;/);
    const file = await csp(basemapFromEnv({ BASEMAP: join(dir, 'omt.mbtiles') }, dir));
    expect(file).toMatch(/img-src 'self' data: blob:;/);
    expect(file).toMatch(/connect-src 'self';/);
  });
});
