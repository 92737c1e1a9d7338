import { TextLayer } from '@deck.gl/layers';
import type { AreaLabel } from '../lib/district.svelte.ts';
import { LABEL_FONT } from './fonts.ts';

/**
 * Area names as deck.gl text (the MapLibre style has no glyphs): towns always, grids once zoomed in far enough to
 * read them. `characterSet: 'auto'` builds the atlas from the names themselves, so the font must already be loaded.
 * Names outside a scoped account's towns are dimmed, like the mask over their towns.
 */

export const GRID_LABEL_MIN_ZOOM = 13;

type Rgba = [number, number, number, number];

const HALO: Rgba = [7, 13, 24, 230];
const TOWN_COLOR: Rgba = [236, 242, 250, 255];
const GRID_COLOR: Rgba = [170, 196, 226, 235];
const DIMMED: Rgba = [120, 132, 150, 110];

export function townLabelLayer(
  labels: readonly AreaLabel[],
  scope: readonly string[] | null = null
): TextLayer<AreaLabel> {
  const inScope = scopeTest(scope);
  return new TextLayer<AreaLabel>({
    id: 'town-labels',
    data: labels,
    getPosition: (l) => l.position,
    getText: (l) => l.name,
    getSize: 17,
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

export function gridLabelLayer(
  labels: readonly AreaLabel[],
  visible: boolean,
  scope: readonly string[] | null = null
): TextLayer<AreaLabel> {
  const inScope = scopeTest(scope);
  return new TextLayer<AreaLabel>({
    id: 'grid-labels',
    data: labels,
    visible,
    getPosition: (l) => l.position,
    getText: (l) => l.name,
    getSize: 12.5,
    getColor: (l) => (inScope(l) ? GRID_COLOR : DIMMED),
    updateTriggers: { getColor: scopeKey(scope) },
    fontFamily: LABEL_FONT,
    fontWeight: 400,
    characterSet: 'auto',
    fontSettings: { sdf: true },
    outlineWidth: 3,
    outlineColor: HALO
  });
}

function scopeTest(scope: readonly string[] | null): (l: AreaLabel) => boolean {
  if (!scope) return () => true;
  const towns = new Set(scope);
  return (l) => towns.has(l.townCode);
}

function scopeKey(scope: readonly string[] | null): string {
  return scope ? scope.join(',') : '*';
}
