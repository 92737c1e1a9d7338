import type { MapOptions } from 'maplibre-gl';
import type { DistrictCollection } from '../../../shared/district.ts';

/**
 * Our own dark style: a background and the district boundaries from `/api/district`, nothing fetched from
 * anywhere. No `glyphs`, no `sprite` and no symbol layers: every label is a deck.gl TextLayer (see label-layers.ts).
 */

type StyleSpecification = Exclude<MapOptions['style'], string | undefined>;
type LayerSpecification = StyleSpecification['layers'][number];
type Filter = NonNullable<Extract<LayerSpecification, { type: 'line' }>['filter']>;

export const DISTRICT_SOURCE = 'district';

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
  district: '#9cc3ff'
} as const;

const isLayer = (layer: string): Filter => ['==', ['get', 'layer'], layer];
const isGrid = (kind: 'comprehensive' | 'specialised'): Filter => [
  'all',
  ['==', ['get', 'layer'], 'grid'],
  ['==', ['get', 'gridKind'], kind]
];

export function districtStyle(district: DistrictCollection): StyleSpecification {
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
        id: 'town-line',
        type: 'line',
        source: DISTRICT_SOURCE,
        filter: isLayer('town'),
        layout: { 'line-join': 'round' },
        paint: { 'line-color': MAP_COLORS.town, 'line-width': 1.8, 'line-opacity': 0.9 }
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
