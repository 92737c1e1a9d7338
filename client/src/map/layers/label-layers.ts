import { TextLayer } from '@deck.gl/layers';
import type { AreaLabel } from '../../lib/district.svelte.ts';
import type { DisplayShift } from '../display-crs.ts';
import { LABEL_FONT } from '../fonts.ts';
import { labelZoomStep, placeLabels, type LabelSpacing } from './label-placement.ts';

/**
 * Area names as deck.gl text (the MapLibre style has no glyphs): towns always, grids once zoomed in far enough to
 * read them, and then only as many as fit without touching one another or a town's name (label-placement.ts).
 * The glyph atlas is built from the characters given when a layer is first drawn, so the font must already be
 * loaded then. Names outside a scoped account's towns are dimmed, like the mask over their towns. `scale` is the
 * screen's map scale (map-scale.ts): the text grows by it, and so does the room the placement keeps around it.
 */

export const GRID_LABEL_MIN_ZOOM = 13;
export const TOWN_LABELS_LAYER_ID = 'town-labels';
export const GRID_LABELS_LAYER_ID = 'grid-labels';

export const TOWN_SIZE_PX = 17;
export const GRID_SIZE_PX = 12.5;

/**
 * The camera's zoom as far as grid names care: the placement step (label-placement.ts), or 0 below the zoom they
 * show from, so zooming about a district view redraws nothing.
 */
export function gridLabelZoom(zoom: number): number {
  return zoom < GRID_LABEL_MIN_ZOOM ? 0 : labelZoomStep(zoom);
}

type Rgba = [number, number, number, number];

const HALO: Rgba = [7, 13, 24, 230];
const TOWN_COLOR: Rgba = [236, 242, 250, 255];
const GRID_COLOR: Rgba = [170, 196, 226, 235];
const DIMMED: Rgba = [120, 132, 150, 110];

/** room around each grid name, so neighbours read as separate names rather than a run of text */
const GRID_PADDING_PX = 6;
const TOWN_PADDING_PX = 2;

const NONE: readonly AreaLabel[] = [];
const charactersOf = new WeakMap<readonly AreaLabel[], string>();

export function townLabelLayer(
  labels: readonly AreaLabel[],
  scope: readonly string[] | null,
  view: DisplayShift,
  scale: number
): TextLayer<AreaLabel> {
  const inScope = scopeTest(scope);
  return new TextLayer<AreaLabel>({
    id: TOWN_LABELS_LAYER_ID,
    data: labels,
    getPosition: (l) => view.toDisplay(l.position),
    getText: (l) => l.name,
    getSize: TOWN_SIZE_PX,
    sizeScale: scale,
    getColor: (l) => (inScope(l) ? TOWN_COLOR : DIMMED),
    updateTriggers: { getColor: scopeKey(scope) },
    fontFamily: LABEL_FONT,
    fontWeight: 700,
    characterSet: 'auto',
    fontSettings: { sdf: true },
    outlineWidth: 5,
    outlineColor: HALO
  });
}

/**
 * The grid names `placed` picked from `all`. The atlas holds every grid name's characters, so a new placement
 * after a zoom only lays out text again and never redraws the atlas.
 */
export function gridLabelLayer(
  all: readonly AreaLabel[],
  placed: readonly AreaLabel[],
  scope: readonly string[] | null,
  view: DisplayShift,
  scale: number
): TextLayer<AreaLabel> {
  const inScope = scopeTest(scope);
  return new TextLayer<AreaLabel>({
    id: GRID_LABELS_LAYER_ID,
    data: placed,
    visible: placed.length > 0,
    getPosition: (l) => view.toDisplay(l.position),
    getText: (l) => l.name,
    getSize: GRID_SIZE_PX,
    sizeScale: scale,
    getColor: (l) => (inScope(l) ? GRID_COLOR : DIMMED),
    updateTriggers: { getColor: scopeKey(scope) },
    fontFamily: LABEL_FONT,
    fontWeight: 400,
    characterSet: characters(all),
    fontSettings: { sdf: true },
    outlineWidth: 3,
    outlineColor: HALO
  });
}

/**
 * Picks the grid names to draw, again only when the zoom step, the scope, the grid in focus or the labels change:
 * the map redraws on every unit frame, and the same array keeps deck.gl from laying the text out again.
 */
export class GridLabelPlacer {
  #grids: readonly AreaLabel[] | null = null;
  #towns: readonly AreaLabel[] | null = null;
  #key = '';
  #placed: readonly AreaLabel[] = NONE;

  /**
   * None below GRID_LABEL_MIN_ZOOM; the grid in focus first, then the scope's grids, then the rest. `scale` is the
   * map scale the names are drawn at.
   */
  place(
    grids: readonly AreaLabel[],
    towns: readonly AreaLabel[],
    zoom: number,
    scope: readonly string[] | null,
    focusGrid: string | null,
    scale = 1
  ): readonly AreaLabel[] {
    if (zoom < GRID_LABEL_MIN_ZOOM) return NONE;
    const step = labelZoomStep(zoom);
    const key = `${step}|${scopeKey(scope)}|${focusGrid ?? ''}|${scale}`;
    if (grids === this.#grids && towns === this.#towns && key === this.#key) return this.#placed;
    const inScope = scopeTest(scope);
    const rank = (l: AreaLabel) => (l.code === focusGrid ? 0 : inScope(l) ? 1 : 2);
    const townSpacing = spacing(TOWN_SIZE_PX, TOWN_PADDING_PX, scale);
    const fixed = towns.map((label) => ({ label, spacing: townSpacing }));
    this.#placed = placeLabels(
      grids,
      step,
      spacing(GRID_SIZE_PX, GRID_PADDING_PX, scale),
      rank,
      fixed
    );
    this.#grids = grids;
    this.#towns = towns;
    this.#key = key;
    return this.#placed;
  }
}

/** the room a name takes at a map scale: text and padding grow together, as on a desk seen closer */
function spacing(sizePx: number, paddingPx: number, scale: number): LabelSpacing {
  return { sizePx: sizePx * scale, paddingPx: paddingPx * scale };
}

function characters(labels: readonly AreaLabel[]): string {
  let chars = charactersOf.get(labels);
  if (chars === undefined) {
    chars = [...new Set(labels.flatMap((l) => [...l.name]))].join('');
    charactersOf.set(labels, chars);
  }
  return chars;
}

function scopeTest(scope: readonly string[] | null): (l: AreaLabel) => boolean {
  if (!scope) return () => true;
  const towns = new Set(scope);
  return (l) => towns.has(l.townCode);
}

function scopeKey(scope: readonly string[] | null): string {
  return scope ? scope.join(',') : '*';
}
