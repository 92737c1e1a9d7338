import type { CoverageUpdate } from '../../shared/protocol.ts';
import { viewSeesTown, viewSeesUnit, viewsIn, type UnitWhereabouts } from '../access/scope.ts';
import type { CoverageMonitor } from '../live/coverage.ts';
import type { LiveRegistry } from '../live/registry.ts';
import type { GridwatchServer } from './socket.ts';

/**
 * Sends the blind-spot picture to every desk every few seconds: one computation for all, then per view (the whole
 * district, or a set of towns) the grids of those towns. The unit that covers a grid is named only where the
 * viewer may see that unit; a leader learns that a grid is covered, not by whom from another town.
 */

export const COVERAGE_EVERY_MS = 5000;

/**
 * The picture as a viewer may see it: its towns' grids, the covering unit named only when the viewer may see that
 * unit, and the suggested moves whose grid and unit it may both see.
 */
export function coverageFor(
  monitor: CoverageMonitor,
  seesTown: (code: string) => boolean,
  seesUnit: (w: UnitWhereabouts) => boolean,
  live: LiveRegistry
): CoverageUpdate {
  const sees = (id: string | null) => {
    const u = id ? live.get(id) : undefined;
    return u !== undefined && seesUnit(live.whereabouts(u.idx));
  };
  const grids = monitor.grids
    .filter((g) => seesTown(g.townCode))
    .map((g) => (sees(g.unitId) ? g : { ...g, unitId: null }));
  const mine = new Set(grids.map((g) => g.code));
  return {
    at: monitor.at,
    grids,
    moves: monitor.moves.filter((m) => mine.has(m.gridCode) && sees(m.unitId))
  };
}

export function startCoverageFeed(opts: {
  monitor: CoverageMonitor;
  live: LiveRegistry;
  io: GridwatchServer;
  onError: (e: unknown) => void;
}): { stop(): void } {
  const { monitor, live, io } = opts;
  const timer = setInterval(() => {
    try {
      monitor.compute(Date.now());
      for (const [room, towns] of viewsIn(io.of('/').adapter.rooms.keys())) {
        const update = coverageFor(
          monitor,
          (code) => viewSeesTown(towns, code),
          (w) => viewSeesUnit(towns, w),
          live
        );
        io.to(room).emit('coverage:changed', update);
      }
    } catch (e) {
      opts.onError(e);
    }
  }, COVERAGE_EVERY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
