import { HexagonLayer } from '@deck.gl/aggregation-layers';
import type { HistoryPoint } from '../../../../shared/history.ts';
import type { DisplayShift } from '../display-crs.ts';

/**
 * Where incidents happened over the last day or week, as flat hexagons shaded by how many fell in each. CPU
 * aggregation: a week is ~15,000 points, nothing for the CPU, and it needs no float render targets (the GPU path
 * and HeatmapLayer do, which SwiftShader and some wall PCs' drivers lack).
 */

export const HISTORY_LAYER_ID = 'incident-history';

/** about a few town-centre grids across: fine enough to show streets, coarse enough to count in */
export const HISTORY_HEX_RADIUS_M = 600;

/** dark to bright amber: few to many; the darkest still reads against the map */
const RAMP: [number, number, number][] = [
  [69, 39, 160],
  [124, 58, 237],
  [190, 24, 93],
  [234, 88, 12],
  [245, 158, 11],
  [254, 240, 138]
];

export function historyLayer(
  points: readonly HistoryPoint[],
  onDomain: (domain: [number, number]) => void,
  view: DisplayShift
): HexagonLayer<HistoryPoint> {
  return new HexagonLayer<HistoryPoint>({
    id: HISTORY_LAYER_ID,
    data: points,
    getPosition: (p) => view.toDisplay([p[0], p[1]]),
    radius: HISTORY_HEX_RADIUS_M,
    coverage: 0.9,
    gpuAggregation: false,
    extruded: false,
    colorRange: RAMP,
    opacity: 0.55,
    pickable: true,
    onSetColorDomain: onDomain
  });
}
