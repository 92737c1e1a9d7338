import { statSync } from 'node:fs';
import { extname, isAbsolute, resolve } from 'node:path';
import type { DisplayCrsName } from '../../shared/map-style.ts';

/**
 * The basemap settings: `BASEMAP`, `BASEMAP_CRS`, `BASEMAP_ATTRIBUTION`, `BASEMAP_SUBDOMAINS`, checked once at start
 * so that a missing file or a bad URL stops the server with a sentence saying what is wrong.
 *
 * - `none` (the default): the schematic district map, nothing but our own data;
 * - a `.pmtiles` or `.mbtiles` file, relative to DATA_DIR or absolute, served by Gridwatch itself;
 * - one or more `http(s)://…{z}/{x}/{y}…` raster templates separated by `|`, drawn in that order (Tianditu's
 *   `vec_w` then `cva_w`); `{s}` takes each of BASEMAP_SUBDOMAINS in turn.
 */

export type BasemapSource =
  | { type: 'none' }
  | { type: 'file'; path: string; format: 'pmtiles' | 'mbtiles' }
  /** one entry per `|` part, each the template's URLs with `{s}` expanded */
  | { type: 'remote'; layers: string[][] };

export interface BasemapConfig {
  source: BasemapSource;
  /** shown on the map; overrides what a file's metadata says */
  attribution: string | null;
  /** the datum the tiles are drawn in: GCJ-02 for AMap-style tile sets */
  crs: DisplayCrsName;
}

export const NO_BASEMAP: BasemapConfig = {
  source: { type: 'none' },
  attribution: null,
  crs: 'wgs84'
};

const DEFAULT_SUBDOMAINS = 'abc';

export function basemapFromEnv(env: NodeJS.ProcessEnv, dataDir: string): BasemapConfig {
  const raw = (env.BASEMAP ?? '').trim();
  const crs = env.BASEMAP_CRS || 'wgs84';
  if (crs !== 'wgs84' && crs !== 'gcj02')
    throw new Error(`BASEMAP_CRS=${crs}: expected wgs84 or gcj02`);
  const attribution = env.BASEMAP_ATTRIBUTION?.trim() || null;
  return { source: sourceOf(raw, dataDir, env.BASEMAP_SUBDOMAINS), attribution, crs };
}

/** The origins a remote basemap's tiles come from (for the CSP); none for a file or no basemap. */
export function basemapOrigins(config: BasemapConfig): string[] {
  if (config.source.type !== 'remote') return [];
  const origins = new Set<string>();
  for (const urls of config.source.layers)
    for (const u of urls) origins.add(new URL(fill(u)).origin);
  return [...origins];
}

function sourceOf(raw: string, dataDir: string, subdomains: string | undefined): BasemapSource {
  if (raw === '' || raw === 'none') return { type: 'none' };
  if (/^https?:\/\//i.test(raw)) {
    const layers = raw.split('|').map((t) => remoteLayer(t.trim(), subdomains));
    return { type: 'remote', layers };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw))
    throw new Error(`BASEMAP=${raw}: a remote basemap must be an http(s) URL template`);
  const ext = extname(raw).toLowerCase();
  if (ext !== '.pmtiles' && ext !== '.mbtiles')
    throw new Error(
      `BASEMAP=${raw}: expected none, a .pmtiles or .mbtiles file, or an http(s) {z}/{x}/{y} template`
    );
  const path = isAbsolute(raw) ? raw : resolve(dataDir, raw);
  if (!isFile(path)) throw new Error(`BASEMAP=${raw}: no such file (${path})`);
  return { type: 'file', path, format: ext === '.pmtiles' ? 'pmtiles' : 'mbtiles' };
}

/** a template's URLs, one per subdomain when it has `{s}` */
function remoteLayer(template: string, subdomains: string | undefined): string[] {
  for (const key of ['{z}', '{x}', '{y}']) {
    if (!template.includes(key))
      throw new Error(`BASEMAP: ${template}: a tile URL template needs {z}, {x} and {y}`);
  }
  try {
    const u = new URL(fill(template));
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(u.protocol);
  } catch {
    throw new Error(`BASEMAP: ${template}: not an http(s) URL`);
  }
  if (!template.includes('{s}')) return [template];
  const subs = subdomainList(subdomains ?? DEFAULT_SUBDOMAINS);
  return subs.map((s) => template.replaceAll('{s}', s));
}

/** `01234567` or `a,b,c`: each character, or each comma-separated name */
function subdomainList(raw: string): string[] {
  const list = raw.includes(',') ? raw.split(',').map((s) => s.trim()) : [...raw.trim()];
  if (list.length === 0 || list.some((s) => !/^[a-z0-9-]+$/i.test(s)))
    throw new Error(`BASEMAP_SUBDOMAINS=${raw}: expected subdomain names like abc or 0,1,2`);
  return list;
}

/** the template with its placeholders filled, so that it parses as a URL */
function fill(template: string): string {
  return template.replace(/\{(z|x|y|s)\}/g, '0');
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
