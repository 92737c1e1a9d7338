import proj4 from 'proj4';
import type { LngLat } from '../../shared/district.ts';
import gcoord from 'gcoord';
import { toWgs84 as gcjToWgs84 } from '../crs.ts';
import { epsgOfPrj, gaussKrugerCode } from './prj.ts';

/**
 * The coordinate system of an imported file, and the conversion to WGS-84. Chosen, first match wins, from the
 * operator's option, the .prj, a GeoJSON `crs` member, else WGS-84 (RFC 7946). CGCS2000 geographic (EPSG:4490)
 * is taken as WGS-84: the two differ by centimetres. The Gauss–Krüger zones are built here rather than looked up,
 * since proj4 ships only EPSG:4326 and 3857.
 */

export interface ImportCrs {
  /** `wgs84`, `gcj02`, `EPSG:4549`, or `prj` for a WKT only proj4 understood */
  id: string;
  label: string;
  geographic: boolean;
  toWgs84: (x: number, y: number) => LngLat;
}

export type CrsSource = 'option' | 'prj' | 'geojson' | 'default';

export type CrsChoice =
  | { ok: true; crs: ImportCrs; from: CrsSource }
  | { ok: false; reason: 'old_datum' | 'unknown_crs' | 'unsupported_crs'; message: string };

const SUPPORTED =
  'wgs84, gcj02, EPSG:4326, EPSG:4490, EPSG:4513–4554 (CGCS2000 3-degree Gauss–Krüger), EPSG:3857';

const WGS84: ImportCrs = {
  id: 'wgs84',
  label: 'WGS-84',
  geographic: true,
  toWgs84: (x, y) => [x, y]
};

export function chooseCrs(src: { option?: string; prj?: string; geojsonCrs?: unknown }): CrsChoice {
  if (src.option) {
    const crs = crsFromCode(src.option);
    return crs ? { ok: true, crs, from: 'option' } : unsupported(`option crs ${src.option}`);
  }
  if (src.prj?.trim()) {
    const prj = src.prj.trim();
    if (/beijing[\s_]*1954|xi_?an[\s_]*1980/i.test(prj) && !/TOWGS84/i.test(prj))
      return {
        ok: false,
        reason: 'old_datum',
        message: `the .prj is on the Beijing 1954 or Xi'an 1980 datum, which has no exact conversion to WGS-84 (grids would land about 100 m off): export the layer in CGCS2000 (e.g. EPSG:4549) and import again`
      };
    const code = epsgOfPrj(prj);
    const crs = code !== null ? crsFromCode(`EPSG:${code}`) : fromWkt(prj);
    if (crs) return { ok: true, crs, from: 'prj' };
    return {
      ok: false,
      reason: 'unknown_crs',
      message: `unknown coordinate system in the .prj (${prj.slice(0, 80)}${prj.length > 80 ? '…' : ''}): pass crs, e.g. EPSG:4549 (CGCS2000 3-degree Gauss–Krüger CM 120E)`
    };
  }
  if (src.geojsonCrs !== undefined && src.geojsonCrs !== null) {
    const name = String(
      (src.geojsonCrs as { properties?: { name?: unknown } }).properties?.name ?? ''
    );
    if (/CRS84$/i.test(name)) return { ok: true, crs: WGS84, from: 'geojson' };
    const m = /EPSG:{1,2}(?:[0-9.]*:)?(\d{4,6})$/i.exec(name);
    const crs = m ? crsFromCode(`EPSG:${m[1]}`) : null;
    return crs ? { ok: true, crs, from: 'geojson' } : unsupported(`GeoJSON crs "${name}"`);
  }
  return { ok: true, crs: WGS84, from: 'default' };
}

/** `wgs84`, `gcj02` or `EPSG:<n>` for the systems supported; null otherwise. */
export function crsFromCode(code: string): ImportCrs | null {
  const c = code.trim().toUpperCase();
  if (c === 'WGS84' || c === 'EPSG:4326')
    return { ...WGS84, id: c === 'WGS84' ? 'wgs84' : 'EPSG:4326' };
  if (c === 'EPSG:4490') return { ...WGS84, id: 'EPSG:4490', label: 'CGCS2000 (EPSG:4490)' };
  if (c === 'GCJ02')
    return {
      id: 'gcj02',
      label: 'GCJ-02',
      geographic: true,
      toWgs84: gcjToWgs84Exact
    };
  const m = /^EPSG:(\d+)$/.exec(c);
  if (!m) return null;
  const n = Number(m[1]);
  if (n === 3857 || n === 900913 || n === 102100)
    return projected(`EPSG:${n}`, 'Web Mercator (EPSG:3857)', 'EPSG:3857');
  if (n >= 4513 && n <= 4533) {
    const zone = n - 4513 + 25;
    return projected(
      `EPSG:${n}`,
      `CGCS2000 3-degree Gauss–Krüger zone ${zone} (EPSG:${n})`,
      gk(zone * 3, zone * 1e6 + 500000)
    );
  }
  if (n >= 4534 && n <= 4554) {
    const cm = 75 + (n - 4534) * 3;
    return projected(
      `EPSG:${n}`,
      `CGCS2000 3-degree Gauss–Krüger CM ${cm}E (EPSG:${n})`,
      gk(cm, 500000)
    );
  }
  return null;
}

/**
 * Coordinates that do not fit the coordinate system: metres read as degrees, or degrees read as metres.
 * `box` is the bounding box of the raw coordinates. Returns the message for an `unreadable` problem, or null.
 */
export function implausible(crs: ImportCrs, box: [number, number, number, number]): string | null {
  const [minX, minY, maxX, maxY] = box;
  const big =
    Math.max(Math.abs(minX), Math.abs(maxX)) > 180 || Math.max(Math.abs(minY), Math.abs(maxY)) > 90;
  if (crs.geographic && big) {
    const zone = Math.floor(minX / 1e6);
    const guess =
      gaussKrugerCode({ zone }) !== null
        ? `EPSG:${gaussKrugerCode({ zone })} (CGCS2000 3-degree Gauss–Krüger zone ${zone}, read from the easting's prefix)`
        : 'the projected system the file was exported in, e.g. EPSG:4549 (CGCS2000 3-degree Gauss–Krüger CM 120E)';
    return `coordinates look projected (x from ${minX.toFixed(1)} to ${maxX.toFixed(1)}, y from ${minY.toFixed(1)} to ${maxY.toFixed(1)}) but the coordinate system is ${crs.label}: pass crs ${guess}`;
  }
  if (!crs.geographic && !big)
    return `coordinates look like degrees (x from ${minX} to ${maxX}) but the coordinate system is ${crs.label}: pass crs wgs84 (or gcj02)`;
  if (crs.id.startsWith('EPSG:45')) {
    const zoned = Number(crs.id.slice(5)) <= 4533;
    if (!zoned && minX > 1e6)
      return `eastings from ${minX.toFixed(1)} carry a zone prefix but ${crs.label} has none: pass crs EPSG:${gaussKrugerCode({ zone: Math.floor(minX / 1e6) }) ?? '4513–4533'}`;
    if (zoned && maxX < 1e6)
      return `eastings up to ${maxX.toFixed(1)} carry no zone prefix but ${crs.label} expects one: pass the CM variant, EPSG:4534–4554`;
  }
  return null;
}

/**
 * GCJ-02 → WGS-84 to about 1e-9°. gcoord stops iterating at 1e-6° (some 10 cm), which over a 900 m shared border
 * with a WGS-84 outline leaves slivers of 100 m²; a few more steps of the same fixed-point iteration on the
 * forward formula remove them.
 */
function gcjToWgs84Exact(x: number, y: number): LngLat {
  let [lng, lat] = gcjToWgs84(x, y, 'gcj02');
  for (let k = 0; k < 5; k++) {
    const [fx, fy] = gcoord.transform([lng, lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
    const dx = x - fx;
    const dy = y - fy;
    lng += dx;
    lat += dy;
    if (Math.abs(dx) < 1e-10 && Math.abs(dy) < 1e-10) break;
  }
  return [lng, lat];
}

function gk(cm: number, falseEasting: number): string {
  return `+proj=tmerc +lat_0=0 +lon_0=${cm} +k=1 +x_0=${falseEasting} +y_0=0 +ellps=GRS80 +units=m +no_defs`;
}

function projected(id: string, label: string, def: string): ImportCrs {
  const conv = proj4(def, 'WGS84');
  return {
    id,
    label,
    geographic: false,
    toWgs84: (x, y) => {
      const [lng, lat] = conv.forward([x, y]);
      return [lng, lat];
    }
  };
}

/** proj4's own WKT reader, for a .prj none of the names above matched; null when it cannot read it. */
function fromWkt(wkt: string): ImportCrs | null {
  try {
    const conv = proj4(wkt, 'WGS84');
    const geographic = /^\s*GEOG(CS|CRS)/i.test(wkt);
    const probe = conv.forward([geographic ? 118.9 : 500000, geographic ? 31.3 : 3500000]);
    if (!probe.every(Number.isFinite)) return null;
    return {
      id: 'prj',
      label: `the .prj's ${/"([^"]+)"/.exec(wkt)?.[1] ?? 'coordinate system'}`,
      geographic,
      toWgs84: (x, y) => {
        const [lng, lat] = conv.forward([x, y]);
        return [lng, lat];
      }
    };
  } catch {
    return null;
  }
}

function unsupported(what: string): CrsChoice {
  return {
    ok: false,
    reason: 'unsupported_crs',
    message: `${what} is not a supported coordinate system; supported: ${SUPPORTED}`
  };
}
