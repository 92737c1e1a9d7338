import { TextLayer } from '@deck.gl/layers';
import type { AreaLabel } from '../lib/district.svelte.ts';
import { LABEL_FONT } from './fonts.ts';

/**
 * Area names as deck.gl text (the MapLibre style has no glyphs): towns always, grids once zoomed in far enough to
 * read them. `characterSet: 'auto'` builds the atlas from the names themselves, so the font must already be loaded.
 */

export const GRID_LABEL_MIN_ZOOM = 13;

const HALO: [number, number, number, number] = [7, 13, 24, 230];

export function townLabelLayer(labels: readonly AreaLabel[]): TextLayer<AreaLabel> {
  return new TextLayer<AreaLabel>({
    id: 'town-labels',
    data: labels,
    getPosition: (l) => l.position,
    getText: (l) => l.name,
    getSize: 17,
    getColor: [236, 242, 250, 255],
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
  visible: boolean
): TextLayer<AreaLabel> {
  return new TextLayer<AreaLabel>({
    id: 'grid-labels',
    data: labels,
    visible,
    getPosition: (l) => l.position,
    getText: (l) => l.name,
    getSize: 12.5,
    getColor: [170, 196, 226, 235],
    fontFamily: LABEL_FONT,
    fontWeight: 400,
    characterSet: 'auto',
    fontSettings: { sdf: true },
    outlineWidth: 3,
    outlineColor: HALO
  });
}
