import { Clock } from './clock.svelte.ts';
import { CoverageStore } from './coverage.svelte.ts';
import { DistrictStore } from './district.svelte.ts';
import { IncidentStore } from './incidents.svelte.ts';
import { LiveLink } from './live.svelte.ts';
import { installProbes } from './probes.ts';
import type { Session } from './session.svelte.ts';
import { TrailRecorder } from './trail-recorder.ts';
import { UnitStore } from './units.svelte.ts';
import { UnitAlertStore } from './unit-alerts.svelte.ts';

/**
 * What every live screen holds: the district, the units and incidents the server lets this account see, the one
 * socket that feeds them, and a clock on the server's time. A screen makes one on mount and closes it on destroy.
 */
export class LiveDesk {
  readonly district = new DistrictStore();
  readonly units = new UnitStore();
  /** on the server's clock (the offset from the last sync), which stamps `updatedAt` */
  readonly incidents = new IncidentStore({ now: () => Date.now() + this.live.clockOffsetMs });
  /** the blind-spot picture of this account's grids */
  readonly coverage = new CoverageStore();
  /** this account's units that went quiet or strayed */
  readonly unitAlerts = new UnitAlertStore();
  /**
   * the units' short trails, fed by the position frames only while a map's trails layer is on (MapLayers starts
   * and stops it): turned on, trails start from then; turned off, they are dropped
   */
  readonly trails: TrailRecorder;
  readonly live: LiveLink;
  readonly clock: Clock;

  constructor(session: Session) {
    this.live = new LiveLink(this.incidents, this.units, session);
    this.clock = new Clock(() => this.live.clockOffsetMs);
    this.live.onCoverage((update) => this.coverage.apply(update));
    this.live.onUnitAlerts((update) => this.unitAlerts.apply(update));
    this.trails = new TrailRecorder((listener) => this.live.onFrame(listener));
    void this.district.load();
    // a newly applied district version: the map, names and labels follow without a reload of the page
    this.live.onDistrictChanged(() => void this.district.load(fetch, { quiet: true }));
    installProbes({
      lastSeq: () => this.incidents.lastSeq,
      frames: () => this.units.frames,
      badFrames: () => this.live.badFrames,
      syncs: () => this.live.syncs,
      lastSync: () => this.live.lastSync,
      incidentAt: (id) => {
        const i = this.incidents.get(id);
        return i ? [i.lng, i.lat] : null;
      },
      account: () => {
        const a = session.account;
        return a && { username: a.username, role: a.role, towns: a.towns };
      }
    });
  }

  close(): void {
    this.trails.stop();
    this.live.close();
    this.incidents.dispose();
    this.clock.stop();
  }
}
