import { band, COVERAGE_BANDS, type CoverageBand } from '../../../geo/coverage.ts';
import type { GridCoverage } from '../../../shared/protocol.ts';
import type { Rgba } from './palette.ts';

/**
 * A grid's blind-spot band from its arrival estimate, by the server's own thresholds (geo/coverage.ts): green
 * within 5 minutes, amber within 10, red beyond or when no responder could come at all. Pure, for the map's fill,
 * the legend and the counts.
 */

export type { CoverageBand };
export const COVERAGE_BAND_LIST: readonly CoverageBand[] = ['green', 'amber', 'red'];
export { COVERAGE_BANDS };

/** translucent, so the grid lines and town tints read through the fill */
export const BAND_FILL: Record<CoverageBand, Rgba> = {
  green: [34, 197, 94, 70],
  amber: [245, 158, 11, 95],
  red: [239, 68, 68, 115]
};

/** the same hues at full strength, for the legend's swatches and the lists */
export const BAND_SOLID: Record<CoverageBand, Rgba> = {
  green: [34, 197, 94, 255],
  amber: [245, 158, 11, 255],
  red: [239, 68, 68, 255]
};

/** null means nobody eligible could come: red */
export function gridBand(etaS: number | null): CoverageBand {
  return etaS === null ? 'red' : band(etaS);
}

export function bandCounts(grids: readonly GridCoverage[]): Record<CoverageBand, number> {
  const counts: Record<CoverageBand, number> = { green: 0, amber: 0, red: 0 };
  for (const g of grids) counts[gridBand(g.etaS)]++;
  return counts;
}
