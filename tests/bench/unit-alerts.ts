import { booleanPointInPolygon } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { Rng } from '../../geo/random.ts';
import { viewSeesTown, viewSeesUnit } from '../../server/access/scope.ts';
import { loadDistrict } from '../../server/district.ts';
import { filterLimits } from '../../server/live/fix-filter.ts';
import { LiveRegistry } from '../../server/live/registry.ts';
import { UnitAlertMonitor } from '../../server/live/unit-alert-monitor.ts';
import { alertsOf, alertsSeen, type AlertLimits } from '../../server/live/unit-alerts.ts';
import { unitAlertsFor } from '../../server/realtime/unit-alert-feed.ts';
import { makeForce } from '../../server/sim/force.ts';
import { randomPointIn } from '../../server/sim/sampler.ts';
import { fmt, line, percentile, timeEach } from './stats.ts';

/**
 * The server's once-a-second look for units that went quiet or strayed, at the full force: 20,000 units over the
 * real district, a tenth silent past their threshold, a few hundred away from their home town, some trackers low.
 * `UnitAlertMonitor.sweep` (each unit's town as the registry keeps it from its last fix) and the fan-out to the nine
 * views a district has (the district and each town: the alerts each may see, as JSON to compare with what it was
 * last sent), against a naive sweep that works out each unit's town again from the town polygons (turf).
 */

const UNITS = 20_000;
const SWEEPS = 60;
const NAIVE_SWEEPS = 3;
const LIMITS: AlertLimits = {
  quietMs: { car: 300_000, ebike: 300_000, foot: 600_000 },
  lowBatteryPct: 20,
  strayGraceMs: 600_000
};

export function benchUnitAlerts(): void {
  const district = loadDistrict();
  const rng = new Rng(11);
  const now = 1_800_000_000_000;
  const [minLng, minLat, maxLng, maxLat] = district.bbox;
  const live = new LiveRegistry(
    filterLimits([minLng - 0.1, minLat - 0.1, maxLng + 0.1, maxLat + 0.1]),
    (lng, lat) => district.grids.locate(lng, lat)?.townCode ?? null
  );
  const grids = district.grids.comprehensiveGrids;
  for (const u of makeForce(district, UNITS, 11)) {
    live.put(u);
    // most stand in their home grid; 2 % somewhere else in the district
    const away = rng.next() < 0.02;
    const grid = away
      ? grids[Math.floor(rng.next() * grids.length)]
      : district.grids.area(u.homeGrid)!;
    const [lng, lat] = randomPointIn(grid, rng);
    // a tenth last heard from 20 minutes ago
    const age = rng.next() < 0.1 ? 20 * 60_000 : Math.floor(rng.next() * 30_000);
    live.report({ unitId: u.id, lng, lat, time: now - age, accuracyM: 10 }, now);
    if (rng.next() < 0.01)
      live.noteBattery(u.id, { batteryPct: 8 + rng.next() * 10, charging: false });
  }
  const monitor = new UnitAlertMonitor(live, LIMITS, now - 3_600_000);
  // the first sweep starts the clocks; the next ones, past the grace, raise what is away
  monitor.sweep(now - LIMITS.strayGraceMs - 1);
  const alerts = monitor.sweep(now);

  const towns = district.collection.features.filter((f) => f.properties.layer === 'town');
  const views: (ReadonlySet<string> | null)[] = [
    null,
    ...towns.map((t) => new Set([t.properties.code]))
  ];

  const sweep = timeEach(SWEEPS, (k) => monitor.sweep(now + k * 1000));
  const fanOut = timeEach(SWEEPS, () => {
    for (const towns of views) {
      const update = unitAlertsFor(
        monitor,
        live,
        (w) => viewSeesUnit(towns, w),
        (code) => viewSeesTown(towns, code)
      );
      JSON.stringify(update.alerts);
    }
  });

  // naive: the same rules, each unit's town found again in the town polygons every sweep
  const townShapes = towns.map((t) => ({
    code: t.properties.code,
    shape: t as unknown as Feature<Polygon | MultiPolygon>
  }));
  const naive = timeEach(NAIVE_SWEEPS, (k) => {
    const out = [];
    for (const unit of live.all()) {
      const fix = live.fix(unit.idx);
      const fixTown = fix
        ? (townShapes.find((t) => booleanPointInPolygon([fix.lng, fix.lat], t.shape))?.code ?? null)
        : null;
      out.push(
        ...alertsOf(
          {
            unit,
            fixTime: fix?.time ?? null,
            fixTown,
            battery: live.battery(unit.idx),
            dutySince: now - 3_600_000,
            awaySince: null,
            lowSince: null
          },
          LIMITS,
          now + k * 1000
        )
      );
    }
    alertsSeen(
      out,
      () => true,
      () => true,
      () => undefined
    );
  });

  const byKind = (kind: string) => alerts.filter((a) => a.kind === kind).length;
  console.log(
    `unit alerts over ${UNITS.toLocaleString('en-US')} units (${byKind('quiet')} quiet, ` +
      `${byKind('left_home_town')} left home town, ${byKind('low_battery')} low battery)`
  );
  line('sweep (kept towns)', {
    p50: `${fmt(percentile(sweep, 50) / 1000, 2)} ms`,
    p99: `${fmt(percentile(sweep, 99) / 1000, 2)} ms`,
    n: String(SWEEPS)
  });
  line('fan-out to 9 views, JSON', {
    p50: `${fmt(percentile(fanOut, 50) / 1000, 2)} ms`,
    p99: `${fmt(percentile(fanOut, 99) / 1000, 2)} ms`,
    n: String(SWEEPS)
  });
  line('sweep, towns by turf (baseline)', {
    p50: `${fmt(percentile(naive, 50) / 1000, 1)} ms`,
    n: String(NAIVE_SWEEPS)
  });
  line('speed-up', { p50: `${fmt(percentile(naive, 50) / percentile(sweep, 50), 0)}×` });
}
