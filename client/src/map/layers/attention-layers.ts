import { ScatterplotLayer } from '@deck.gl/layers';
import type { Incident } from '../../../../shared/domain.ts';
import type { DisplayShift } from '../display-crs.ts';

/** A halo under every incident past its SLA deadline (lib/sla.ts), on every map, so lateness is seen from afar. */

export const OVERDUE_LAYER_ID = 'overdue-halos';

const HALO_FILL: [number, number, number, number] = [248, 113, 113, 45];
const HALO_LINE: [number, number, number, number] = [252, 165, 165, 230];

export function overdueLayer(
  overdue: readonly Incident[],
  view: DisplayShift,
  scale: number
): ScatterplotLayer<Incident> {
  return new ScatterplotLayer<Incident>({
    id: OVERDUE_LAYER_ID,
    data: overdue,
    getPosition: (i) => view.toDisplay([i.lng, i.lat]),
    radiusUnits: 'pixels',
    getRadius: 17,
    radiusScale: scale,
    lineWidthScale: scale,
    filled: true,
    stroked: true,
    getFillColor: HALO_FILL,
    getLineColor: HALO_LINE,
    lineWidthUnits: 'pixels',
    getLineWidth: 2.5
  });
}
