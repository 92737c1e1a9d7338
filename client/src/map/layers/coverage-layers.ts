import { LineLayer, ScatterplotLayer, SolidPolygonLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import type { DistrictCollection, LngLat } from '../../../../shared/district.ts';
import { BAND_FILL, type CoverageBand } from '../../lib/coverage-bands.ts';
import type { AreaLabel } from '../../lib/district.svelte.ts';
import type { DisplayShift } from '../display-crs.ts';

/**
 * Blind spots: every comprehensive grid filled by how soon a P1 responder could reach it (green, amber, red), and
 * the server's suggested moves as lines from each idle unit to the red grid it would close. The grid outlines are
 * tessellated once per district; a new picture every few seconds only re-uploads the colours.
 */

export const COVERAGE_LAYER_ID = 'coverage';
export const MOVES_LAYER_ID = 'coverage-moves';

/** one ring set of a grid (a MultiPolygon grid gives one per part) */
export interface GridPart {
  code: string;
  polygon: LngLat[][];
}

export interface MoveLine {
  unitId: string;
  gridCode: string;
  etaS: number;
  from: LngLat;
  to: LngLat;
}

const NONE: [number, number, number, number] = [0, 0, 0, 0];
const MOVE_COLOR: [number, number, number, number] = [196, 181, 253, 235];
const OUTLINE: [number, number, number, number] = [7, 13, 24, 255];

const partsOf = new WeakMap<DistrictCollection, GridPart[]>();
const centresOf = new WeakMap<readonly AreaLabel[], Map<string, LngLat>>();

/** grid code → its label point (where a move's line ends), worked out once per district */
export function gridCentres(labels: readonly AreaLabel[]): ReadonlyMap<string, LngLat> {
  let centres = centresOf.get(labels);
  if (!centres) {
    centres = new Map(labels.map((l) => [l.code, l.position]));
    centresOf.set(labels, centres);
  }
  return centres;
}

/** The comprehensive grids as polygon parts, worked out once per district. */
export function comprehensiveGridParts(district: DistrictCollection): GridPart[] {
  let parts = partsOf.get(district);
  if (parts) return parts;
  parts = [];
  for (const f of district.features) {
    const p = f.properties;
    if (p.layer !== 'grid' || p.gridKind !== 'comprehensive') continue;
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const polygon of polys) parts.push({ code: p.code, polygon });
  }
  partsOf.set(district, parts);
  return parts;
}

/**
 * The fill. A grid the screen was sent no cover for (outside a leader's towns, or before the first picture), or
 * whose band is not among `tinted` (the wall tints only the gaps), is left clear. `at` is the picture's time: the
 * colours change with it.
 */
export function coverageLayer(
  parts: readonly GridPart[],
  bands: ReadonlyMap<string, CoverageBand>,
  at: number,
  tinted: readonly CoverageBand[],
  view: DisplayShift
): SolidPolygonLayer<GridPart> {
  return new SolidPolygonLayer<GridPart>({
    id: COVERAGE_LAYER_ID,
    data: parts,
    getPolygon: (g) => view.rings(g.polygon),
    getFillColor: (g) => {
      const band = bands.get(g.code);
      return band && tinted.includes(band) ? [...BAND_FILL[band]] : NONE;
    },
    filled: true,
    pickable: true,
    updateTriggers: { getFillColor: `${at}|${tinted.join(',')}` }
  });
}

/** Suggested moves: a line from the unit to the grid's centre, a ring where it would stand. */
export function moveLayers(lines: readonly MoveLine[], view: DisplayShift, scale: number): Layer[] {
  if (lines.length === 0) return [];
  return [
    new LineLayer<MoveLine>({
      id: MOVES_LAYER_ID,
      data: lines,
      getSourcePosition: (l) => view.toDisplay(l.from),
      getTargetPosition: (l) => view.toDisplay(l.to),
      getColor: MOVE_COLOR,
      getWidth: 2.5,
      widthUnits: 'pixels',
      widthScale: scale,
      pickable: true
    }),
    new ScatterplotLayer<MoveLine>({
      id: 'coverage-move-targets',
      data: lines,
      getPosition: (l) => view.toDisplay(l.to),
      radiusUnits: 'pixels',
      getRadius: 9,
      radiusScale: scale,
      lineWidthScale: scale,
      filled: true,
      stroked: true,
      getFillColor: [196, 181, 253, 60],
      getLineColor: MOVE_COLOR,
      lineWidthUnits: 'pixels',
      getLineWidth: 2
    }),
    new ScatterplotLayer<MoveLine>({
      id: 'coverage-move-units',
      data: lines,
      getPosition: (l) => view.toDisplay(l.from),
      radiusUnits: 'pixels',
      getRadius: 5,
      radiusScale: scale,
      lineWidthScale: scale,
      filled: true,
      stroked: true,
      getFillColor: MOVE_COLOR,
      getLineColor: OUTLINE,
      lineWidthUnits: 'pixels',
      getLineWidth: 1.5
    })
  ];
}
