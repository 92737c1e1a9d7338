import { ScatterplotLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import type { LngLat } from '../../../../shared/district.ts';
import type { UnitStore } from '../../lib/units.svelte.ts';
import type { DisplayShift } from '../display-crs.ts';

/**
 * Every unit as one dot: fill by kind, ring and radius by status, all from the store's typed arrays (positions
 * already shifted for display by the store, see UnitStore.setDisplay). `scale` is the screen's map scale
 * (map-scale.ts), applied as a uniform so the arrays stay as the store wrote them.
 */

export const UNITS_LAYER_ID = 'units';

export function unitLayer(units: UnitStore, scale: number): ScatterplotLayer {
  const version = units.version;
  return new ScatterplotLayer({
    id: UNITS_LAYER_ID,
    data: units.layerData(),
    radiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    radiusScale: scale,
    lineWidthScale: scale,
    stroked: true,
    filled: true,
    getLineWidth: 1.5,
    pickable: true,
    autoHighlight: true,
    highlightColor: [255, 255, 255, 120],
    updateTriggers: {
      getPosition: version,
      getFillColor: version,
      getLineColor: version,
      getRadius: version
    }
  });
}

/** A ring around the unit whose detail is open, so it can be found in the crowd. */
export function selectedUnitLayer(
  at: LngLat | null,
  view: DisplayShift,
  scale: number
): Layer | null {
  if (!at) return null;
  return new ScatterplotLayer<LngLat>({
    id: 'selected-unit',
    data: [view.toDisplay(at)],
    getPosition: (p) => p,
    radiusUnits: 'pixels',
    getRadius: 12,
    radiusScale: scale,
    lineWidthScale: scale,
    filled: false,
    stroked: true,
    getLineColor: [255, 255, 255, 230],
    lineWidthUnits: 'pixels',
    getLineWidth: 2
  });
}
