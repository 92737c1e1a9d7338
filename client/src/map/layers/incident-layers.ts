import { LineLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import type { Incident } from '../../../../shared/domain.ts';
import type { LngLat } from '../../../../shared/district.ts';
import { PRIORITY_COLOR } from '../../lib/palette.ts';
import type { DisplayShift } from '../display-crs.ts';
import { LABEL_FONT } from '../fonts.ts';

/**
 * Incident pins, the selected incident's halo, lines to its recommended units, and the form's picked point. Sizes
 * are a desk's pixels times `scale`, the screen's map scale (map-scale.ts).
 */

export const INCIDENTS_LAYER_ID = 'incidents';

export interface RecommendationLine {
  rank: number;
  unitId: string;
  from: LngLat;
  to: LngLat;
}

const WHITE: [number, number, number, number] = [255, 255, 255, 255];
const LINE_COLOR: [number, number, number, number] = [56, 232, 255, 230];

export function incidentLayers(
  incidents: readonly Incident[],
  selected: Incident | null,
  lines: readonly RecommendationLine[],
  view: DisplayShift,
  scale: number
): Layer[] {
  const selectedId = selected?.id ?? null;
  const at = (i: Incident) => view.toDisplay([i.lng, i.lat]);
  const layers: Layer[] = [];
  if (selected) {
    layers.push(
      new ScatterplotLayer<Incident>({
        id: 'incident-halo',
        data: [selected],
        getPosition: at,
        radiusUnits: 'pixels',
        getRadius: 22,
        radiusScale: scale,
        lineWidthScale: scale,
        filled: true,
        stroked: true,
        getFillColor: (i) => withAlpha(PRIORITY_COLOR[i.priority], 50),
        getLineColor: (i) => PRIORITY_COLOR[i.priority],
        lineWidthUnits: 'pixels',
        getLineWidth: 2
      })
    );
  }
  layers.push(
    new LineLayer<RecommendationLine>({
      id: 'recommendation-lines',
      data: lines,
      getSourcePosition: (l) => view.toDisplay(l.from),
      getTargetPosition: (l) => view.toDisplay(l.to),
      getColor: (l) => (l.rank === 1 ? LINE_COLOR : withAlpha(LINE_COLOR, 130)),
      getWidth: (l) => (l.rank === 1 ? 3 : 1.5),
      widthUnits: 'pixels',
      widthScale: scale
    }),
    new ScatterplotLayer<RecommendationLine>({
      id: 'recommended-units',
      data: lines,
      getPosition: (l) => view.toDisplay(l.to),
      radiusUnits: 'pixels',
      getRadius: 10,
      radiusScale: scale,
      lineWidthScale: scale,
      filled: false,
      stroked: true,
      getLineColor: LINE_COLOR,
      lineWidthUnits: 'pixels',
      getLineWidth: 2
    }),
    new TextLayer<RecommendationLine>({
      id: 'recommended-ranks',
      data: lines,
      getPosition: (l) => view.toDisplay(l.to),
      getText: (l) => String(l.rank),
      getSize: 13,
      sizeScale: scale,
      getColor: WHITE,
      getPixelOffset: [12 * scale, -12 * scale],
      fontFamily: LABEL_FONT,
      fontWeight: 700,
      characterSet: 'auto',
      fontSettings: { sdf: true },
      outlineWidth: 4,
      outlineColor: [7, 13, 24, 255]
    }),
    new ScatterplotLayer<Incident>({
      id: INCIDENTS_LAYER_ID,
      data: incidents,
      getPosition: at,
      radiusUnits: 'pixels',
      getRadius: (i) => (i.id === selectedId ? 11 : i.priority === 1 ? 9 : 8),
      radiusScale: scale,
      lineWidthScale: scale,
      filled: true,
      stroked: true,
      getFillColor: (i) => PRIORITY_COLOR[i.priority],
      getLineColor: WHITE,
      lineWidthUnits: 'pixels',
      getLineWidth: (i) => (i.id === selectedId ? 3 : 2),
      pickable: true,
      autoHighlight: true,
      highlightColor: [255, 255, 255, 90],
      updateTriggers: { getRadius: selectedId, getLineWidth: selectedId }
    }),
    new TextLayer<Incident>({
      id: 'incident-priorities',
      data: incidents,
      getPosition: at,
      getText: (i) => String(i.priority),
      getSize: 11,
      sizeScale: scale,
      getColor: WHITE,
      fontFamily: LABEL_FONT,
      fontWeight: 700,
      characterSet: 'auto',
      fontSettings: { sdf: true },
      outlineWidth: 2,
      outlineColor: [7, 13, 24, 200]
    })
  );
  return layers;
}

export function draftLayer(at: LngLat | null, view: DisplayShift): Layer | null {
  if (!at) return null;
  return new ScatterplotLayer<LngLat>({
    id: 'draft-location',
    data: [view.toDisplay(at)],
    getPosition: (p) => p,
    radiusUnits: 'pixels',
    getRadius: 10,
    filled: true,
    stroked: true,
    getFillColor: [255, 255, 255, 60],
    getLineColor: WHITE,
    lineWidthUnits: 'pixels',
    getLineWidth: 2
  });
}

function withAlpha(c: readonly number[], a: number): [number, number, number, number] {
  return [c[0], c[1], c[2], a];
}
