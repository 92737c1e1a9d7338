import type { MapOptions } from 'maplibre-gl';
import type { DistrictCollection } from '../../../../shared/district.ts';
import type { DistrictProblem } from '../../../../shared/district-import.ts';
import { problemPoints } from '../../lib/district-problems.ts';

/**
 * The import preview's own plain style: a background, the candidate district (grids filled and outlined, towns
 * outlined over them) and the report's problems as circles, red for errors and amber for warnings, the focused one
 * ringed. Nothing is fetched: no tiles, glyphs or sprites, and no labels (the list beside it names everything).
 * Apart from the live screens' style on purpose: a candidate is not the district in force.
 */

type StyleSpecification = Exclude<MapOptions['style'], string | undefined>;
type Filter = NonNullable<
  Extract<StyleSpecification['layers'][number], { type: 'line' }>['filter']
>;

export const CANDIDATE_SOURCE = 'candidate';
export const PROBLEM_SOURCE = 'problems';
export const PROBLEM_LAYER = 'problem-circle';
export const FOCUS_LAYER = 'problem-focus';

export const PREVIEW_COLORS = {
  background: '#070d18',
  land: '#0d1726',
  gridFill: '#1d4ed8',
  gridLine: '#3b6ea5',
  specialised: '#38bdf8',
  town: '#e2e8f0',
  district: '#9cc3ff',
  error: '#ef4444',
  warning: '#f59e0b',
  focus: '#ffffff'
} as const;

/** no problem is focused */
export const NO_FOCUS = -1;

const isLayer = (layer: string): Filter => ['==', ['get', 'layer'], layer];
const isGrid = (kind: 'comprehensive' | 'specialised'): Filter => [
  'all',
  ['==', ['get', 'layer'], 'grid'],
  ['==', ['get', 'gridKind'], kind]
];

export function focusFilter(index: number): Filter {
  return ['==', ['get', 'index'], index];
}

export function previewStyle(
  candidate: DistrictCollection,
  problems: readonly DistrictProblem[]
): StyleSpecification {
  return {
    version: 8,
    sources: {
      [CANDIDATE_SOURCE]: { type: 'geojson', data: candidate as never },
      [PROBLEM_SOURCE]: { type: 'geojson', data: problemPoints(problems) }
    },
    layers: [
      {
        id: 'background',
        type: 'background',
        paint: { 'background-color': PREVIEW_COLORS.background }
      },
      {
        id: 'district-fill',
        type: 'fill',
        source: CANDIDATE_SOURCE,
        filter: isLayer('district'),
        paint: { 'fill-color': PREVIEW_COLORS.land }
      },
      {
        id: 'grid-fill',
        type: 'fill',
        source: CANDIDATE_SOURCE,
        filter: isGrid('comprehensive'),
        paint: { 'fill-color': PREVIEW_COLORS.gridFill, 'fill-opacity': 0.18 }
      },
      {
        id: 'grid-line',
        type: 'line',
        source: CANDIDATE_SOURCE,
        filter: isGrid('comprehensive'),
        paint: {
          'line-color': PREVIEW_COLORS.gridLine,
          'line-width': ['interpolate', ['linear'], ['zoom'], 9, 0.4, 14, 1.2]
        }
      },
      {
        id: 'specialised-line',
        type: 'line',
        source: CANDIDATE_SOURCE,
        filter: isGrid('specialised'),
        paint: {
          'line-color': PREVIEW_COLORS.specialised,
          'line-width': 1.2,
          'line-dasharray': [3, 2]
        }
      },
      {
        id: 'town-line',
        type: 'line',
        source: CANDIDATE_SOURCE,
        filter: isLayer('town'),
        layout: { 'line-join': 'round' },
        paint: { 'line-color': PREVIEW_COLORS.town, 'line-width': 1.8, 'line-opacity': 0.85 }
      },
      {
        id: 'district-line',
        type: 'line',
        source: CANDIDATE_SOURCE,
        filter: isLayer('district'),
        layout: { 'line-join': 'round' },
        paint: { 'line-color': PREVIEW_COLORS.district, 'line-width': 2.2 }
      },
      {
        id: FOCUS_LAYER,
        type: 'circle',
        source: PROBLEM_SOURCE,
        filter: focusFilter(NO_FOCUS),
        paint: {
          'circle-radius': 16,
          'circle-color': 'rgba(0,0,0,0)',
          'circle-stroke-color': PREVIEW_COLORS.focus,
          'circle-stroke-width': 2.5
        }
      },
      {
        id: PROBLEM_LAYER,
        type: 'circle',
        source: PROBLEM_SOURCE,
        paint: {
          'circle-radius': ['case', ['==', ['get', 'severity'], 'error'], 7, 5],
          'circle-color': [
            'case',
            ['==', ['get', 'severity'], 'error'],
            PREVIEW_COLORS.error,
            PREVIEW_COLORS.warning
          ],
          'circle-stroke-color': '#0b1426',
          'circle-stroke-width': 1.5
        }
      }
    ]
  };
}

/** [[west, south], [east, north]] of every area in the collection; null when it has no coordinates */
export function collectionBounds(
  fc: DistrictCollection
): [[number, number], [number, number]] | null {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const f of fc.features) {
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const poly of polys) {
      for (const [lng, lat] of poly[0] ?? []) {
        if (lng < w) w = lng;
        if (lat < s) s = lat;
        if (lng > e) e = lng;
        if (lat > n) n = lat;
      }
    }
  }
  return w === Infinity
    ? null
    : [
        [w, s],
        [e, n]
      ];
}
