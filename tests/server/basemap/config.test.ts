import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { basemapFromEnv, basemapOrigins } from '../../../server/basemap/config.ts';
import { configFromEnv } from '../../../server/config.ts';

/** BASEMAP, BASEMAP_CRS, BASEMAP_ATTRIBUTION and BASEMAP_SUBDOMAINS, checked at start. */

const dir = mkdtempSync(join(tmpdir(), 'gw-basemap-config-'));
writeFileSync(join(dir, 'gaochun.pmtiles'), 'x');
writeFileSync(join(dir, 'gaochun.mbtiles'), 'x');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TIANDITU_VEC =
  'https://t{s}.tianditu.gov.cn/vec_w/wmts?LAYER=vec&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY';
const TIANDITU_CVA =
  'https://t{s}.tianditu.gov.cn/cva_w/wmts?LAYER=cva&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY';

describe('basemap settings', () => {
  it('is none by default, in WGS-84, with no attribution', () => {
    expect(basemapFromEnv({}, dir)).toEqual({
      source: { type: 'none' },
      attribution: null,
      crs: 'wgs84'
    });
    expect(configFromEnv({ DATA_DIR: dir }).basemap.source).toEqual({ type: 'none' });
    expect(basemapFromEnv({ BASEMAP: 'none' }, dir).source.type).toBe('none');
  });

  it('finds a file relative to DATA_DIR, or at an absolute path', () => {
    expect(basemapFromEnv({ BASEMAP: 'gaochun.pmtiles' }, dir).source).toEqual({
      type: 'file',
      path: join(dir, 'gaochun.pmtiles'),
      format: 'pmtiles'
    });
    expect(basemapFromEnv({ BASEMAP: join(dir, 'gaochun.mbtiles') }, '/elsewhere').source).toEqual({
      type: 'file',
      path: join(dir, 'gaochun.mbtiles'),
      format: 'mbtiles'
    });
  });

  it('refuses a missing file, naming where it looked', () => {
    expect(() => basemapFromEnv({ BASEMAP: 'nanjing.pmtiles' }, dir)).toThrow(
      `BASEMAP=nanjing.pmtiles: no such file (${join(dir, 'nanjing.pmtiles')})`
    );
  });

  it('refuses an unknown extension', () => {
    expect(() => basemapFromEnv({ BASEMAP: 'gaochun.geojson' }, dir)).toThrow(
      /BASEMAP=gaochun.geojson: expected none, a .pmtiles or .mbtiles file/
    );
  });

  it('refuses a URL without {z}/{x}/{y}, another scheme, or one that is not a URL', () => {
    expect(() => basemapFromEnv({ BASEMAP: 'https://tiles.example.cn/gaochun.png' }, dir)).toThrow(
      /needs \{z\}, \{x\} and \{y\}/
    );
    expect(() =>
      basemapFromEnv({ BASEMAP: 'ftp://tiles.example.cn/{z}/{x}/{y}.png' }, dir)
    ).toThrow(/must be an http\(s\) URL template/);
    expect(() => basemapFromEnv({ BASEMAP: 'https://exa mple/{z}/{x}/{y}.png' }, dir)).toThrow(
      /not an http\(s\) URL/
    );
    expect(() =>
      basemapFromEnv({ BASEMAP: 'https://a.example/{z}/{x}/{y}.png|gaochun.pmtiles' }, dir)
    ).toThrow(/needs \{z\}/);
  });

  it('takes several templates separated by |, each {s} expanded over BASEMAP_SUBDOMAINS', () => {
    const b = basemapFromEnv(
      {
        BASEMAP: `${TIANDITU_VEC}|${TIANDITU_CVA}`,
        BASEMAP_SUBDOMAINS: '01234567',
        BASEMAP_ATTRIBUTION: '天地图'
      },
      dir
    );
    if (b.source.type !== 'remote') throw new Error('not remote');
    expect(b.source.layers).toHaveLength(2);
    expect(b.source.layers[0]).toHaveLength(8);
    expect(b.source.layers[0][3]).toBe(TIANDITU_VEC.replace('{s}', '3'));
    expect(b.source.layers[1][7]).toContain('https://t7.tianditu.gov.cn/cva_w/');
    expect(b.attribution).toBe('天地图');
    expect(basemapOrigins(b)).toEqual([...'01234567'].map((s) => `https://t${s}.tianditu.gov.cn`));
  });

  it('expands {s} over a, b and c by default, and takes a comma list', () => {
    const t = 'http://{s}.tile.example.cn/{z}/{x}/{y}.png';
    const b = basemapFromEnv({ BASEMAP: t }, dir);
    expect(b.source.type === 'remote' && b.source.layers[0]).toEqual([
      'http://a.tile.example.cn/{z}/{x}/{y}.png',
      'http://b.tile.example.cn/{z}/{x}/{y}.png',
      'http://c.tile.example.cn/{z}/{x}/{y}.png'
    ]);
    const c = basemapFromEnv({ BASEMAP: t, BASEMAP_SUBDOMAINS: 'map1, map2' }, dir);
    expect(c.source.type === 'remote' && c.source.layers[0][1]).toBe(
      'http://map2.tile.example.cn/{z}/{x}/{y}.png'
    );
    expect(() => basemapFromEnv({ BASEMAP: t, BASEMAP_SUBDOMAINS: 'a/b' }, dir)).toThrow(
      /BASEMAP_SUBDOMAINS=a\/b/
    );
  });

  it('has no origins for a file or no basemap', () => {
    expect(basemapOrigins(basemapFromEnv({ BASEMAP: 'gaochun.pmtiles' }, dir))).toEqual([]);
    expect(basemapOrigins(basemapFromEnv({}, dir))).toEqual([]);
  });

  it('takes BASEMAP_CRS wgs84 or gcj02 and nothing else', () => {
    expect(basemapFromEnv({ BASEMAP_CRS: 'gcj02' }, dir).crs).toBe('gcj02');
    expect(() => basemapFromEnv({ BASEMAP_CRS: 'bd09' }, dir)).toThrow(
      'BASEMAP_CRS=bd09: expected wgs84 or gcj02'
    );
  });
});
