import type {
  DataDrivenPropertyValueSpecification,
  FilterSpecification,
  LayerSpecification,
  SourceSpecification,
  StyleSpecification
} from '@maplibre/maplibre-gl-style-spec';

/**
 * The one MapLibre style every screen draws with, as pure data: the configured basemap's sources and layers
 * (server/basemap/) under our district layers, or, without a basemap, the schematic district look. The server
 * composes it for `GET /api/map-style`; a client that cannot fetch it composes the schematic one itself.
 *
 * No `glyphs` and no `sprite`: MapLibre draws text locally (TinySDF) when a style names no glyph server, and the
 * client declares the bundled Noto Sans SC as the style's `font-faces` (client/src/map/map-style-loader.ts), so
 * nothing is fetched from any other origin. Every symbol layer's `text-font` is MAP_FONT.
 *
 * Our own area names are deck.gl text over the map (client/src/map/layers/label-layers.ts). So that a basemap's
 * names never run into them, the top layer holds an invisible copy of each name we draw (LABEL_BLOCKER_LAYER):
 * always placed, it takes its room in MapLibre's symbol collision first and the basemap's labels beneath give way.
 */

export type MapTheme = 'dark' | 'light';
export const MAP_THEMES: readonly MapTheme[] = ['dark', 'light'];

/** the datum the basemap's tiles are drawn in; our data is WGS-84 and is shifted for display only */
export type DisplayCrsName = 'wgs84' | 'gcj02';

export const DISTRICT_SOURCE = 'district';
/** where the client puts the names it draws, for the blocker layer */
export const LABEL_SOURCE = 'district-labels';
export const SCOPE_MASK_LAYER = 'scope-mask';
export const SCOPE_LINE_LAYER = 'scope-line';
export const LABEL_BLOCKER_LAYER = 'label-blockers';
/** the font every symbol layer names: the bundled family, declared to MapLibre by the client */
export const MAP_FONT = 'Noto Sans SC';

/** the style's `metadata` keys the client reads */
export const STYLE_META = {
  crs: 'gridwatch:crs',
  theme: 'gridwatch:theme',
  basemap: 'gridwatch:basemap'
} as const;

export interface BasemapPart {
  kind: 'vector' | 'raster';
  sources: Record<string, SourceSpecification>;
  /** drawn under ours, bottom first; the first may be the background */
  layers: LayerSpecification[];
  crs: DisplayCrsName;
}

/** one feature of LABEL_SOURCE: a name we draw, where and how large */
export interface BlockerProperties {
  name: string;
  sizePx: number;
}

interface DistrictColors {
  background: string;
  land: string;
  townTints: readonly string[];
  community: string;
  grid: string;
  specialisedFill: string;
  specialisedLine: string;
  town: string;
  district: string;
  mask: string;
  maskOpacity: number;
  scope: string;
}

export const MAP_COLORS: Record<MapTheme, DistrictColors> = {
  dark: {
    background: '#070d18',
    land: '#0d1726',
    townTints: [
      '#0f1d30',
      '#11202f',
      '#0e1b2c',
      '#122236',
      '#0f1e2a',
      '#131f33',
      '#0e1a29',
      '#112133'
    ],
    community: '#2a3a52',
    grid: '#2d4a6b',
    specialisedFill: '#0ea5e9',
    specialisedLine: '#38bdf8',
    town: '#7890b0',
    district: '#9cc3ff',
    mask: '#03060c',
    maskOpacity: 0.72,
    scope: '#fbbf24'
  },
  light: {
    background: '#e8edf3',
    land: '#f8fafc',
    townTints: [
      '#f8fafc',
      '#f1f5f9',
      '#f5f7fa',
      '#eef2f7',
      '#f7f9fb',
      '#f0f4f8',
      '#f4f6f9',
      '#eff3f7'
    ],
    community: '#b6c2d2',
    grid: '#7f9cc0',
    specialisedFill: '#0284c7',
    specialisedLine: '#0369a1',
    town: '#475569',
    district: '#1d4ed8',
    mask: '#cbd5e1',
    maskOpacity: 0.6,
    scope: '#d97706'
  }
};

/** Out-of-scope towns, for the mask; nothing when the scope is the whole district. */
export function scopeMaskFilter(scope: readonly string[] | null): FilterSpecification {
  if (!scope) return NOTHING;
  return [
    'all',
    ['==', ['get', 'layer'], 'town'],
    ['!', ['in', ['get', 'code'], ['literal', [...scope]]]]
  ];
}

/** In-scope towns, for their outline; nothing when the scope is the whole district. */
export function scopeLineFilter(scope: readonly string[] | null): FilterSpecification {
  if (!scope) return NOTHING;
  return [
    'all',
    ['==', ['get', 'layer'], 'town'],
    ['in', ['get', 'code'], ['literal', [...scope]]]
  ];
}

/**
 * The whole style. `districtData` is where the district source loads from (the client swaps in the collection it
 * already holds). Without a basemap the district is drawn filled, as the schematic map; over one it is lines only.
 */
export function composeStyle(opts: {
  theme: MapTheme;
  basemap: BasemapPart | null;
  districtData?: string;
}): StyleSpecification {
  const { theme, basemap } = opts;
  const c = MAP_COLORS[theme];
  const base = basemap?.layers ?? [];
  const hasBackground = base[0]?.type === 'background';
  return {
    version: 8,
    name: `Gridwatch ${theme}`,
    metadata: {
      [STYLE_META.crs]: basemap?.crs ?? 'wgs84',
      [STYLE_META.theme]: theme,
      [STYLE_META.basemap]: basemap?.kind ?? 'none'
    },
    sources: {
      ...basemap?.sources,
      [DISTRICT_SOURCE]: { type: 'geojson', data: opts.districtData ?? '/api/district' },
      [LABEL_SOURCE]: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } }
    },
    layers: [
      ...(hasBackground
        ? []
        : [
            {
              id: 'background',
              type: 'background',
              paint: { 'background-color': c.background }
            } satisfies LayerSpecification
          ]),
      ...base,
      ...districtLayers(theme, basemap !== null),
      ...(basemap?.kind === 'vector' ? [blockerLayer()] : [])
    ]
  };
}

/** Our district over everything else: fills only without a basemap (they would hide it), then the lines. */
export function districtLayers(theme: MapTheme, overBasemap: boolean): LayerSpecification[] {
  const c = MAP_COLORS[theme];
  const fills: LayerSpecification[] = overBasemap
    ? []
    : [
        {
          id: 'district-fill',
          type: 'fill',
          source: DISTRICT_SOURCE,
          filter: isLayer('district'),
          paint: { 'fill-color': c.land }
        },
        {
          id: 'town-fill',
          type: 'fill',
          source: DISTRICT_SOURCE,
          filter: isLayer('town'),
          paint: { 'fill-color': townTint(c), 'fill-opacity': 0.9 }
        }
      ];
  return [
    ...fills,
    {
      id: 'specialised-fill',
      type: 'fill',
      source: DISTRICT_SOURCE,
      filter: isGrid('specialised'),
      paint: { 'fill-color': c.specialisedFill, 'fill-opacity': overBasemap ? 0.08 : 0.12 }
    },
    {
      id: 'community-line',
      type: 'line',
      source: DISTRICT_SOURCE,
      filter: isLayer('community'),
      paint: {
        'line-color': c.community,
        'line-width': 0.6,
        'line-opacity': ['interpolate', ['linear'], ['zoom'], 9, 0.25, 13, 0.6]
      }
    },
    {
      id: 'grid-line',
      type: 'line',
      source: DISTRICT_SOURCE,
      filter: isGrid('comprehensive'),
      paint: {
        'line-color': c.grid,
        'line-width': ['interpolate', ['linear'], ['zoom'], 9, 0.4, 14, 1.2],
        'line-opacity': ['interpolate', ['linear'], ['zoom'], 9, 0.45, 13, 0.9]
      }
    },
    {
      id: 'specialised-line',
      type: 'line',
      source: DISTRICT_SOURCE,
      filter: isGrid('specialised'),
      paint: {
        'line-color': c.specialisedLine,
        'line-width': 1.2,
        'line-opacity': 0.85,
        'line-dasharray': [3, 2]
      }
    },
    {
      id: SCOPE_MASK_LAYER,
      type: 'fill',
      source: DISTRICT_SOURCE,
      filter: NOTHING,
      paint: { 'fill-color': c.mask, 'fill-opacity': c.maskOpacity }
    },
    {
      id: 'town-line',
      type: 'line',
      source: DISTRICT_SOURCE,
      filter: isLayer('town'),
      layout: { 'line-join': 'round' },
      paint: { 'line-color': c.town, 'line-width': 1.8, 'line-opacity': 0.9 }
    },
    {
      id: SCOPE_LINE_LAYER,
      type: 'line',
      source: DISTRICT_SOURCE,
      filter: NOTHING,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': c.scope, 'line-width': 2.2, 'line-opacity': 0.85 }
    },
    {
      id: 'district-glow',
      type: 'line',
      source: DISTRICT_SOURCE,
      filter: isLayer('district'),
      layout: { 'line-join': 'round' },
      paint: { 'line-color': c.district, 'line-width': 9, 'line-opacity': 0.12, 'line-blur': 6 }
    },
    {
      id: 'district-line',
      type: 'line',
      source: DISTRICT_SOURCE,
      filter: isLayer('district'),
      layout: { 'line-join': 'round' },
      paint: { 'line-color': c.district, 'line-width': 2.2 }
    }
  ];
}

/**
 * Invisible copies of our names (LABEL_SOURCE, filled by the client): allowed to overlap each other, so always
 * placed, and not ignoring placement, so their boxes go into the collision index before any label beneath.
 */
function blockerLayer(): LayerSpecification {
  return {
    id: LABEL_BLOCKER_LAYER,
    type: 'symbol',
    source: LABEL_SOURCE,
    layout: {
      'text-field': ['get', 'name'],
      'text-font': [MAP_FONT],
      'text-size': ['get', 'sizePx'],
      'text-max-width': 40,
      'text-padding': 3,
      'text-allow-overlap': true
    },
    paint: { 'text-opacity': 0 }
  };
}

const NOTHING: FilterSpecification = ['==', ['get', 'layer'], '-'];

function isLayer(layer: string): FilterSpecification {
  return ['==', ['get', 'layer'], layer];
}

function isGrid(kind: 'comprehensive' | 'specialised'): FilterSpecification {
  return ['all', ['==', ['get', 'layer'], 'grid'], ['==', ['get', 'gridKind'], kind]];
}

/**
 * Each town gets one of a few close tints by its code, so neighbours read apart without a legend; worked out
 * from the feature itself, so the style holds for any district version.
 */
function townTint(c: DistrictColors): DataDrivenPropertyValueSpecification<string> {
  const n = c.townTints.length;
  const cases = c.townTints.flatMap((tint, i) => [i, tint]);
  return [
    'match',
    ['%', ['to-number', ['get', 'code'], 0], n],
    ...cases,
    c.land
  ] as unknown as DataDrivenPropertyValueSpecification<string>;
}
