import { ScatterplotLayer } from '@deck.gl/layers';
import type { UnitStore } from '../lib/units.svelte.ts';

/** Every unit as one dot: fill by kind, ring and radius by status, all from the store's typed arrays. */

export const UNITS_LAYER_ID = 'units';

export function unitLayer(units: UnitStore): ScatterplotLayer {
  const version = units.version;
  return new ScatterplotLayer({
    id: UNITS_LAYER_ID,
    data: units.layerData(),
    radiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
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
