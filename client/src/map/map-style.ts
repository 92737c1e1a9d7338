import type { MapOptions } from 'maplibre-gl';
import type { DistrictCollection } from '../../../shared/district.ts';

/**
 * Our own dark style: a background and the district boundaries from `/api/district`, nothing fetched from
 * anywhere. No `glyphs`, no `sprite` and no symbol layers: every label is a deck.gl TextLayer
 * (see layers/label-layers.ts).
 * A scoped account (a town leader) sees the towns outside its scope under a dark mask, its own towns outlined.
 */

type StyleSpecification = Exclude<MapOptions['style'], string | undefined>;
type LayerSpecification = StyleSpecification['layers'][number];
type Filter = NonNullable<Extract<LayerSpecification, { type: 'line' }>['filter']>;

export const DISTRICT_SOURCE = 'district';
export const SCOPE_MASK_LAYER = 'scope-mask';
export const SCOPE_LINE_LAYER = 'scope-line';

export const MAP_COLORS = {
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
  scope: '#fbbf24'
} as const;

/** how much of an out-of-scope town shows through its mask */
const MASK_OPACITY = 0.72;

const isLayer = (layer: string): Filter => ['==', ['get', 'layer'], layer];
const isGrid = (kind: 'comprehensive' | 'specialised'): Filter => [
  'all',
  ['==', ['get', 'layer'], 'grid'],
  ['==', ['get', 'gridKind'], kind]
];

/** Out-of-scope towns, for the mask; nothing when the scope is the whole district. */
export function scopeMaskFilter(scope: readonly string[] | null): Filter {
  if (!scope) return NOTHING;
  return [
    'all',
    ['==', ['get', 'layer'], 'town'],
    ['!', ['in', ['get', 'code'], ['literal', [...scope]]]]
  ];
}

/** In-scope towns, for their outline; nothing when the scope is the whole district. */
export function scopeLineFilter(scope: readonly string[] | null): Filter {
  if (!scope) return NOTHING;
  return [
    'all',
    ['==', ['get', 'layer'], 'town'],
    ['in', ['get', 'code'], ['literal', [...scope]]]
  ];
}

const NOTHING: Filter = ['==', ['get', 'layer'], '-'];

export function districtStyle(
  district: DistrictCollection,
  scope: readonly string[] | null = null
): StyleSpecification {
  return {
    version: 8,
    sources: { [DISTRICT_SOURCE]: { type: 'geojson', data: district as never } },
    layers: [
      {
        id: 'background',
        type: 'background',
        paint: { 'background-color': MAP_COLORS.background }
      },
      {
        id: 'district-fill',
        type: 'fill',
        source: DISTRICT_SOURCE,
        filter: isLayer('district'),
        paint: { 'fill-color': MAP_COLORS.land }
      },
      {
        id: 'town-fill',
        type: 'fill',
        source: DISTRICT_SOURCE,
        filter: isLayer('town'),
        paint: { 'fill-color': townTint(district), 'fill-opacity': 0.9 }
      },
      {
        id: 'specialised-fill',
        type: 'fill',
        source: DISTRICT_SOURCE,
        filter: isGrid('specialised'),
        paint: { 'fill-color': MAP_COLORS.specialisedFill, 'fill-opacity': 0.12 }
      },
      {
        id: 'community-line',
        type: 'line',
        source: DISTRICT_SOURCE,
        filter: isLayer('community'),
        paint: {
          'line-color': MAP_COLORS.community,
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
          'line-color': MAP_COLORS.grid,
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
          'line-color': MAP_COLORS.specialisedLine,
          'line-width': 1.2,
          'line-opacity': 0.85,
          'line-dasharray': [3, 2]
        }
      },
      {
        id: SCOPE_MASK_LAYER,
        type: 'fill',
        source: DISTRICT_SOURCE,
        filter: scopeMaskFilter(scope),
        paint: { 'fill-color': MAP_COLORS.mask, 'fill-opacity': MASK_OPACITY }
      },
      {
        id: 'town-line',
        type: 'line',
        source: DISTRICT_SOURCE,
        filter: isLayer('town'),
        layout: { 'line-join': 'round' },
        paint: { 'line-color': MAP_COLORS.town, 'line-width': 1.8, 'line-opacity': 0.9 }
      },
      {
        id: SCOPE_LINE_LAYER,
        type: 'line',
        source: DISTRICT_SOURCE,
        filter: scopeLineFilter(scope),
        layout: { 'line-join': 'round' },
        paint: { 'line-color': MAP_COLORS.scope, 'line-width': 2.2, 'line-opacity': 0.85 }
      },
      {
        id: 'district-glow',
        type: 'line',
        source: DISTRICT_SOURCE,
        filter: isLayer('district'),
        layout: { 'line-join': 'round' },
        paint: {
          'line-color': MAP_COLORS.district,
          'line-width': 9,
          'line-opacity': 0.12,
          'line-blur': 6
        }
      },
      {
        id: 'district-line',
        type: 'line',
        source: DISTRICT_SOURCE,
        filter: isLayer('district'),
        layout: { 'line-join': 'round' },
        paint: { 'line-color': MAP_COLORS.district, 'line-width': 2.2 }
      }
    ]
  };
}

/** Each town gets one of a few close tints, so neighbours read apart without a legend. */
function townTint(district: DistrictCollection): LayerPaintColor {
  const codes = district.features
    .filter((f) => f.properties.layer === 'town')
    .map((f) => f.properties.code);
  if (codes.length === 0) return MAP_COLORS.land;
  const cases = codes.flatMap((code, i) => [
    code,
    MAP_COLORS.townTints[i % MAP_COLORS.townTints.length]
  ]);
  return ['match', ['get', 'code'], ...cases, MAP_COLORS.land] as unknown as LayerPaintColor;
}

type LayerPaintColor = NonNullable<
  NonNullable<Extract<LayerSpecification, { type: 'fill' }>['paint']>['fill-color']
>;
