import type { UnitAlertUpdate } from '../../shared/unit-alerts.ts';
import { viewSeesTown, viewSeesUnit, viewsIn, type UnitWhereabouts } from '../access/scope.ts';
import { alertsSeen } from '../live/unit-alerts.ts';
import type { UnitAlertMonitor } from '../live/unit-alert-monitor.ts';
import type { LiveRegistry } from '../live/registry.ts';
import type { GridwatchServer } from './socket.ts';

/**
 * Sends each desk the alerts of units that went quiet or strayed: one sweep for all every second, then per view
 * room (the district, or a set of towns) the alerts that view may see (live/unit-alerts.ts `alertsSeen`). A view's
 * set goes out whole, and only when it changed: alerts are few and change seldom, and a whole set heals whatever
 * a client missed. Phones join no view room and get none.
 */

export const UNIT_ALERTS_EVERY_MS = 1000;

/** The alerts a viewer may see now, from the monitor's last sweep. */
export function unitAlertsFor(
  monitor: UnitAlertMonitor,
  live: LiveRegistry,
  seesUnit: (w: UnitWhereabouts) => boolean,
  seesTown: (code: string) => boolean
): UnitAlertUpdate {
  return {
    at: monitor.at,
    alerts: alertsSeen(monitor.alerts, seesUnit, seesTown, (id) => {
      const u = live.get(id);
      return u && live.whereabouts(u.idx);
    })
  };
}

export function startUnitAlertFeed(opts: {
  monitor: UnitAlertMonitor;
  live: LiveRegistry;
  io: GridwatchServer;
  onError: (e: unknown) => void;
}): { stop(): void } {
  const { monitor, live, io } = opts;
  /** per view room, the set it was last sent, as its JSON without the time (what "changed" compares) */
  const sent = new Map<string, string>();
  const timer = setInterval(() => {
    try {
      monitor.sweep(Date.now());
      const views = viewsIn(io.of('/').adapter.rooms.keys());
      for (const room of sent.keys()) if (!views.has(room)) sent.delete(room);
      for (const [room, towns] of views) {
        const update = unitAlertsFor(
          monitor,
          live,
          (w) => viewSeesUnit(towns, w),
          (code) => viewSeesTown(towns, code)
        );
        const text = JSON.stringify(update.alerts);
        if (sent.get(room) === text) continue;
        sent.set(room, text);
        io.to(room).emit('unit-alerts:changed', update);
      }
    } catch (e) {
      opts.onError(e);
    }
  }, UNIT_ALERTS_EVERY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
