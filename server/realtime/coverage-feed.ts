import type { GridCoverage } from '../../shared/protocol.ts';
import { viewsIn, type UnitWhereabouts } from '../access/scope.ts';
import type { CoverageMonitor } from '../live/coverage.ts';
import type { LiveRegistry } from '../live/registry.ts';
import type { GridwatchServer } from './socket.ts';
import { visibleTo } from './frames.ts';

/**
 * Sends the blind-spot picture to every desk every few seconds: one computation for all, then per view (the whole
 * district, or a set of towns) the grids of those towns. The unit that covers a grid is named only where the
 * viewer may see that unit; a leader learns that a grid is covered, not by whom from another town.
 */

export const COVERAGE_EVERY_MS = 5000;

/** The grids a viewer may see, with the covering unit named only when the viewer may see it. */
export function coverageFor(
  all: readonly GridCoverage[],
  seesTown: (code: string) => boolean,
  seesUnit: (w: UnitWhereabouts) => boolean,
  live: LiveRegistry
): GridCoverage[] {
  return all
    .filter((g) => seesTown(g.townCode))
    .map((g) => {
      const u = g.unitId ? live.get(g.unitId) : undefined;
      return u && seesUnit(live.whereabouts(u.idx)) ? g : { ...g, unitId: null };
    });
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
      const all = monitor.compute(Date.now());
      for (const [room, towns] of viewsIn(io.of('/').adapter.rooms.keys())) {
        const grids = coverageFor(
          all,
          (code) => towns === null || towns.has(code),
          (w) => visibleTo(towns, w),
          live
        );
        io.to(room).emit('coverage:changed', grids);
      }
    } catch (e) {
      opts.onError(e);
    }
  }, COVERAGE_EVERY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
