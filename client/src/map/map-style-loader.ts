import { addProtocol, type StyleSpecification } from 'maplibre-gl';
import { Protocol } from 'pmtiles';
import type { DistrictCollection } from '../../../shared/district.ts';
import {
  composeStyle,
  DISTRICT_SOURCE,
  LABEL_BLOCKER_LAYER,
  MAP_FONT,
  SCOPE_LINE_LAYER,
  SCOPE_MASK_LAYER,
  STYLE_META,
  scopeLineFilter,
  scopeMaskFilter,
  type MapTheme
} from '../../../shared/map-style.ts';
import { displayShift, type DisplayShift } from './display-crs.ts';

/**
 * Gets the served map style (`GET /api/map-style`) ready for a MapLibre map on this page: its same-origin paths
 * made absolute, the PMTiles protocol registered when a source needs it, the district source given the collection
 * the page already holds (shifted for display), the scope's mask set, and the bundled font declared as the style's
 * `font-faces`, so that MapLibre draws every label with the same Noto Sans SC files the page loads and waits for
 * the file a character needs instead of drawing a box. When the style cannot be fetched (offline, an old server),
 * the schematic district style is made here from the same shared code.
 */

export interface MapStyle {
  style: StyleSpecification;
  /** where things are drawn: the basemap's datum from the style's metadata */
  view: DisplayShift;
  basemap: 'none' | 'vector' | 'raster';
  /** the basemap names its source: the map shows a compact attribution */
  attributed: boolean;
  /** the basemap's own symbol layers, whose labels give way to ours */
  basemapLabelLayers: string[];
}

export async function loadMapStyle(
  theme: MapTheme,
  district: DistrictCollection,
  scope: readonly string[] | null,
  fetchImpl: typeof fetch = fetch
): Promise<MapStyle> {
  const style = (await fetchStyle(theme, fetchImpl)) ?? composeStyle({ theme, basemap: null });
  const meta = (style.metadata ?? {}) as Record<string, unknown>;
  const view = displayShift(meta[STYLE_META.crs] === 'gcj02' ? 'gcj02' : 'wgs84');
  const basemap = meta[STYLE_META.basemap];
  let attributed = false;
  for (const [id, source] of Object.entries(style.sources)) {
    if (id === DISTRICT_SOURCE) {
      style.sources[id] = { type: 'geojson', data: view.collection(district) as never };
      continue;
    }
    const s = source as { url?: string; tiles?: string[]; attribution?: string };
    if (s.url) s.url = absolute(s.url);
    if (s.tiles) s.tiles = s.tiles.map(absolute);
    if (s.url?.startsWith('pmtiles://')) usePmtiles();
    if (s.attribution) attributed = true;
  }
  style.layers = style.layers.map((layer) => {
    if (layer.id === SCOPE_MASK_LAYER) return { ...layer, filter: scopeMaskFilter(scope) };
    if (layer.id === SCOPE_LINE_LAYER) return { ...layer, filter: scopeLineFilter(scope) };
    return layer;
  }) as StyleSpecification['layers'];
  const symbols = style.layers.filter((l) => l.type === 'symbol');
  if (symbols.length > 0) {
    const faces = bundledFontFaces(MAP_FONT);
    if (faces.length > 0) style['font-faces'] = { [MAP_FONT]: faces };
  }
  return {
    style,
    view,
    basemap: basemap === 'vector' || basemap === 'raster' ? basemap : 'none',
    attributed,
    basemapLabelLayers: symbols.map((l) => l.id).filter((id) => id !== LABEL_BLOCKER_LAYER)
  };
}

/**
 * The page's own @font-face rules for `family` at `weight` (Fontsource's unicode-range slices, as Vite built
 * them), as MapLibre font faces: MapLibre fetches only the slices its labels need, from the page's origin.
 */
export function bundledFontFaces(
  family: string,
  weight = '400'
): Array<{ url: string; 'unicode-range'?: string[] }> {
  const faces: Array<{ url: string; 'unicode-range'?: string[] }> = [];
  for (const sheet of Array.from(document.styleSheets)) {
    let rules: CSSRuleList;
    try {
      rules = sheet.cssRules;
    } catch {
      continue; // another origin's sheet cannot be read (there are none; nothing to do if there were)
    }
    for (const rule of Array.from(rules)) {
      if (!(rule instanceof CSSFontFaceRule)) continue;
      const st = rule.style;
      if (st.getPropertyValue('font-family').replace(/["']/g, '').trim() !== family) continue;
      const w = st.getPropertyValue('font-weight').trim() || '400';
      if (w !== weight && !(weight === '400' && w === 'normal')) continue;
      const src = /url\((["']?)([^"')]+)\1\)/.exec(st.getPropertyValue('src'))?.[2];
      if (!src) continue;
      const range = st
        .getPropertyValue('unicode-range')
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean);
      const url = new URL(src, sheet.href ?? location.href).href;
      faces.push(range.length > 0 ? { url, 'unicode-range': range } : { url });
    }
  }
  return faces;
}

async function fetchStyle(
  theme: MapTheme,
  fetchImpl: typeof fetch
): Promise<StyleSpecification | null> {
  try {
    const res = await fetchImpl(`/api/map-style?theme=${theme}`);
    if (!res.ok) return null;
    const style = (await res.json()) as StyleSpecification;
    return style?.version === 8 && Array.isArray(style.layers) ? style : null;
  } catch {
    return null;
  }
}

/** `/tiles/{z}/{x}/{y}` and `pmtiles:///basemap.pmtiles` on this page's origin; anything else as it is */
function absolute(url: string): string {
  // string work, not URL(): a tile template's braces would be escaped
  if (url.startsWith('pmtiles:///')) return `pmtiles://${location.origin}${url.slice(10)}`;
  if (url.startsWith('/') && !url.startsWith('//')) return `${location.origin}${url}`;
  return url;
}

let pmtilesAdded = false;

/** The PMTiles protocol, once per page: MapLibre then reads `pmtiles://` archives by HTTP Range. */
function usePmtiles(): void {
  if (pmtilesAdded) return;
  pmtilesAdded = true;
  addProtocol('pmtiles', new Protocol().tile as Parameters<typeof addProtocol>[1]);
}
