import type {
  ExpressionSpecification,
  LayerSpecification,
  SymbolLayerSpecification
} from '@maplibre/maplibre-gl-style-spec';
import { layers as protomapsLayers, namedFlavor } from '@protomaps/basemaps';
import { MAP_FONT, type MapTheme } from '../../shared/map-style.ts';

/**
 * The basemap's own layers for a vector tileset, dark for desks and walls and light for phones by day. Two schemas
 * are known: OpenMapTiles (planetiler, tilemaker, MapTiler's files) styled here, and Protomaps (its daily builds
 * and `pmtiles extract`) styled by @protomaps/basemaps. Either way every label prefers the Chinese name and is set
 * in MAP_FONT, and nothing needs a sprite: icon layers are left out.
 */

export type VectorSchema = 'openmaptiles' | 'protomaps';

/** the Chinese name where the tiles have one, else the local name */
export const NAME_ZH: ExpressionSpecification = [
  'coalesce',
  ['get', 'name:zh-Hans'],
  ['get', 'name:zh'],
  ['get', 'name']
];

const PROTOMAPS_MARKS = ['roads', 'earth', 'places'];
const OPENMAPTILES_MARKS = ['transportation', 'place', 'waterway', 'boundary', 'water_name'];
/** layers that only draw sprite icons (one-way arrows, shields, points of interest) */
const ICON_ONLY = new Set(['pois', 'roads_oneway', 'roads_shields']);

/** Which schema a tileset's source layers follow, or null for neither. */
export function vectorSchema(sourceLayers: readonly string[]): VectorSchema | null {
  const has = (names: string[]) => names.some((n) => sourceLayers.includes(n));
  if (has(PROTOMAPS_MARKS)) return 'protomaps';
  if (has(OPENMAPTILES_MARKS)) return 'openmaptiles';
  return null;
}

export function vectorLayers(schema: VectorSchema, source: string, theme: MapTheme) {
  const layers = schema === 'protomaps' ? protomaps(source, theme) : openMapTiles(source, theme);
  return layers.map(withOurText);
}

function protomaps(source: string, theme: MapTheme): LayerSpecification[] {
  const flavor = { ...namedFlavor(theme), regular: MAP_FONT, bold: MAP_FONT, italic: MAP_FONT };
  return protomapsLayers(source, flavor, { lang: 'zh-Hans' }).filter((l) => !ICON_ONLY.has(l.id));
}

/** every label: the Chinese name, our font, no icon */
function withOurText(layer: LayerSpecification): LayerSpecification {
  if (layer.type !== 'symbol') return layer;
  const layout: SymbolLayerSpecification['layout'] = {};
  for (const [key, value] of Object.entries(layer.layout ?? {})) {
    if (!key.startsWith('icon-')) (layout as Record<string, unknown>)[key] = value;
  }
  const isRef = JSON.stringify(layout['text-field'] ?? '').includes('"ref"');
  if (!isRef) layout['text-field'] = NAME_ZH;
  layout['text-font'] = [MAP_FONT];
  return { ...layer, layout };
}

interface OmtColors {
  background: string;
  landcover: string;
  park: string;
  residential: string;
  water: string;
  building: string;
  minor: string;
  major: string;
  motorway: string;
  casing: string;
  rail: string;
  boundary: string;
  text: string;
  placeText: string;
  waterText: string;
  halo: string;
}

/** dark sits under our dark district palette; light is a plain daylight map */
export const OPENMAPTILES_COLORS: Record<MapTheme, OmtColors> = {
  dark: {
    background: '#0b1422',
    landcover: '#0e1a27',
    park: '#0f1f24',
    residential: '#111b2b',
    water: '#143a5e',
    building: '#18253a',
    minor: '#22324b',
    major: '#36507a',
    motorway: '#4a6a9c',
    casing: '#0b1422',
    rail: '#2a3850',
    boundary: '#4b5d7a',
    text: '#8ea3bf',
    placeText: '#b7c6da',
    waterText: '#5f8fbf',
    halo: '#0b1422'
  },
  light: {
    background: '#f3f1ec',
    landcover: '#e4ecd9',
    park: '#d8ebcc',
    residential: '#ece8e1',
    water: '#a4c8e8',
    building: '#ddd6cb',
    minor: '#ffffff',
    major: '#fbe3a0',
    motorway: '#f6c177',
    casing: '#cdc4b6',
    rail: '#b5ada2',
    boundary: '#9d8fb0',
    text: '#4b5563',
    placeText: '#1f2937',
    waterText: '#3d6f9e',
    halo: '#ffffff'
  }
};

const MINOR = ['minor', 'service', 'track', 'path'];
const MAJOR = ['primary', 'secondary', 'tertiary', 'trunk'];
/** place classes drawn larger and from further out */
const TOWN_PLACES = ['city', 'town', 'suburb'];

function openMapTiles(source: string, theme: MapTheme): LayerSpecification[] {
  const c = OPENMAPTILES_COLORS[theme];
  const width = (lo: number, hi: number): ExpressionSpecification => [
    'interpolate',
    ['exponential', 1.5],
    ['zoom'],
    8,
    lo,
    16,
    hi
  ];
  const roadClass = (classes: string[]): ExpressionSpecification => [
    'in',
    ['get', 'class'],
    ['literal', classes]
  ];
  const label = (
    id: string,
    sourceLayer: string,
    layout: SymbolLayerSpecification['layout'],
    color: string,
    more: Partial<Pick<SymbolLayerSpecification, 'minzoom' | 'filter'>> = {}
  ): LayerSpecification => ({
    id,
    type: 'symbol',
    source,
    'source-layer': sourceLayer,
    ...more,
    layout: { 'text-field': NAME_ZH, 'text-font': [MAP_FONT], ...layout },
    paint: { 'text-color': color, 'text-halo-color': c.halo, 'text-halo-width': 1.4 }
  });
  const towns: ExpressionSpecification = ['in', ['get', 'class'], ['literal', TOWN_PLACES]];
  return [
    { id: 'background', type: 'background', paint: { 'background-color': c.background } },
    {
      id: 'landcover',
      type: 'fill',
      source,
      'source-layer': 'landcover',
      paint: { 'fill-color': c.landcover, 'fill-opacity': 0.7 }
    },
    {
      id: 'landuse-residential',
      type: 'fill',
      source,
      'source-layer': 'landuse',
      filter: ['in', ['get', 'class'], ['literal', ['residential', 'suburb', 'neighbourhood']]],
      paint: { 'fill-color': c.residential }
    },
    { id: 'park', type: 'fill', source, 'source-layer': 'park', paint: { 'fill-color': c.park } },
    {
      id: 'water',
      type: 'fill',
      source,
      'source-layer': 'water',
      paint: { 'fill-color': c.water }
    },
    {
      id: 'waterway',
      type: 'line',
      source,
      'source-layer': 'waterway',
      paint: { 'line-color': c.water, 'line-width': width(0.6, 4) }
    },
    {
      id: 'building',
      type: 'fill',
      source,
      'source-layer': 'building',
      minzoom: 14,
      paint: { 'fill-color': c.building, 'fill-opacity': 0.8 }
    },
    {
      id: 'road-minor',
      type: 'line',
      source,
      'source-layer': 'transportation',
      minzoom: 12,
      filter: roadClass(MINOR),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': c.minor, 'line-width': width(0.4, 7) }
    },
    {
      id: 'road-major-casing',
      type: 'line',
      source,
      'source-layer': 'transportation',
      filter: roadClass([...MAJOR, 'motorway']),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': c.casing, 'line-width': width(1.4, 14) }
    },
    {
      id: 'road-major',
      type: 'line',
      source,
      'source-layer': 'transportation',
      filter: roadClass(MAJOR),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': c.major, 'line-width': width(0.8, 11) }
    },
    {
      id: 'road-motorway',
      type: 'line',
      source,
      'source-layer': 'transportation',
      filter: roadClass(['motorway']),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': c.motorway, 'line-width': width(1.2, 13) }
    },
    {
      id: 'rail',
      type: 'line',
      source,
      'source-layer': 'transportation',
      filter: roadClass(['rail', 'transit']),
      paint: { 'line-color': c.rail, 'line-width': width(0.6, 3), 'line-dasharray': [3, 2] }
    },
    {
      id: 'boundary',
      type: 'line',
      source,
      'source-layer': 'boundary',
      filter: ['<=', ['get', 'admin_level'], 6],
      paint: { 'line-color': c.boundary, 'line-width': 1, 'line-dasharray': [4, 2] }
    },
    label('water-name', 'water_name', { 'text-size': 12, 'text-max-width': 8 }, c.waterText),
    label(
      'road-name',
      'transportation_name',
      { 'symbol-placement': 'line', 'text-size': 11, 'text-max-angle': 30 },
      c.text,
      { minzoom: 13 }
    ),
    label('place-village', 'place', { 'text-size': 12, 'text-max-width': 8 }, c.text, {
      minzoom: 11,
      filter: ['!', towns]
    }),
    label('place-town', 'place', { 'text-size': 14, 'text-max-width': 8 }, c.placeText, {
      filter: towns
    })
  ];
}
