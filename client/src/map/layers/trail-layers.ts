import { PathLayer } from '@deck.gl/layers';
import type { TrailData } from '../../lib/unit-trails.ts';
import type { DisplayShift } from '../display-crs.ts';

/**
 * The units' short trails (lib/unit-trails.ts) as one thin path layer from binary attributes, a colour per vertex
 * so each trail fades towards its tail. `_pathType: 'open'` tells deck.gl the paths need no normalising (they are
 * already flat runs of [lng, lat]).
 */

export const TRAILS_LAYER_ID = 'unit-trails';

export function trailLayer(data: TrailData, view: DisplayShift, scale: number): PathLayer {
  return new PathLayer({
    id: TRAILS_LAYER_ID,
    data: view.binaryPaths(data),
    _pathType: 'open',
    getWidth: 2,
    widthUnits: 'pixels',
    widthScale: scale,
    widthMinPixels: 1
  });
}
