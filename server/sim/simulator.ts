import { randomUUID } from 'node:crypto';
import type { AreaFeature, LngLat } from '../../shared/district.ts';
import type { TravelMode, UnitStatus } from '../../shared/domain.ts';
import type { UnitInfo } from '../../shared/protocol.ts';
import { Rng } from '../../geo/random.ts';
import { TRAVEL_SPEED_MPS } from '../../geo/eta.ts';
import { distanceM } from '../../geo/unit-index.ts';
import type { District } from '../district.ts';
import type { DispatchService } from '../dispatch/service.ts';
import type { LiveRegistry } from '../live/registry.ts';
import type { Logger } from '../logger.ts';
import { IncidentGenerator } from './incidents.ts';
import { randomLandPointIn } from './sampler.ts';
import { landOf } from './water.ts';
import { wayOnLand, type Land } from '../../geo/land.ts';
import type { GridLocator } from '../../geo/grid-locator.ts';
import { Scope } from '../access/scope.ts';

/**
 * Drives the simulated force through the same paths a field client uses: position reports into the live
 * registry's filter, duty changes through dispatch commands. On patrol a unit wanders between random points of
 * its home community and town; an assigned unit heads for its incident, reports en route and on scene, works
 * a while, and frees itself. Each unit reports on its own cadence, as real devices do.
 */

export interface Simulator {
  stop(): void;
  /** another district version is in force: walk and place incidents on its grids */
  useDistrict(d: District): void;
}

const STEP_MS = 250;
const SIM = Scope.system('sim');
/** seconds between reports by travel mode (a phone in a pocket reports less often than a car tracker) */
const REPORT_EVERY_S: Record<TravelMode, number> = { car: 3, ebike: 5, foot: 8 };
const ARRIVED_M = 30;
/** places tried for a waypoint before a unit stays where it is until its next report */
const WAYPOINT_TRIES = 8;
/** seconds on scene before the work is done */
const ON_SCENE_S: [number, number] = [60, 240];
const OFFER_ACCEPT = 0.8;
const OFFER_DECLINE = 0.1;
const ANSWER_AFTER_S: [number, number] = [3, 15];
const DECLINE_REASON = '正在处理其他群众求助';
/** chance per unit per minute of going off or coming on duty */
const DUTY_FLIP_PER_MIN = 0.01;
/**
 * A unit whose phone or tracker reported within this time is carried by a real person: the simulator leaves it
 * alone (no moves, no answers, no duty changes), and picks it up from its last real fix when the device goes quiet.
 */
const REAL_DEVICE_HOLD_MS = 10 * 60_000;

interface Mover {
  pos: LngLat;
  /** the way ahead: turning points on land, the destination last (never empty) */
  way: LngLat[];
  speedMps: number;
  nextReportAt: number;
  lastReportAt: number;
  /** while on scene: when the unit frees itself */
  doneAt: number;
  /** a status command is in flight; do not send another */
  busy: boolean;
  /** the offer this unit has made up its mind about, when it will answer, and how (null: it stays silent) */
  offer: { incidentId: string; at: number; accept: boolean | null } | null;
}

export function startSimulator(opts: {
  district: District;
  live: LiveRegistry;
  dispatch: DispatchService;
  seed: number;
  answers: 'realistic' | 'accept';
  log: Logger;
}): Simulator {
  const { district, live, dispatch, log } = opts;
  const rng = new Rng(opts.seed ^ 0x5eed);
  let terrain = terrainOf(district);
  const movers = new Map<string, Mover>();
  const now0 = Date.now();

  /** a point on land around the unit's home: its home grid mostly, sometimes elsewhere in its town */
  const homePoint = (u: UnitInfo): LngLat | null => {
    const home = terrain.grids.area(u.homeGrid);
    const pool = terrain.townGrids.get(u.homeTown) ?? terrain.grids.comprehensiveGrids;
    for (let k = 0; k < WAYPOINT_TRIES; k++) {
      const area =
        home && k === 0 && rng.next() < 0.6 ? home : pool[Math.floor(rng.next() * pool.length)];
      const p = area && randomLandPointIn(area, rng, terrain.land);
      if (p) return p;
    }
    return null;
  };
  /** the next place to walk to, and a way there that crosses no water and never leaves the district */
  const stroll = (u: UnitInfo, from: LngLat): LngLat[] => {
    for (let k = 0; k < WAYPOINT_TRIES; k++) {
      const p = homePoint(u);
      const way = p && wayOnLand(terrain.land, from, p);
      if (way) return way;
    }
    return [from];
  };
  /** heading for an incident: around the lake when it lies across it (straight on when no way is found) */
  const headFor = (m: Mover, to: LngLat) => {
    const dest = m.way[m.way.length - 1];
    if (dest[0] === to[0] && dest[1] === to[1]) return;
    m.way = wayOnLand(terrain.land, m.pos, to) ?? [to];
  };

  for (const u of live.all()) {
    const fix = live.fix(u.idx);
    const pos: LngLat = fix ? [fix.lng, fix.lat] : (homePoint(u) ?? [0, 0]);
    movers.set(u.id, {
      pos,
      way: stroll(u, pos),
      speedMps: TRAVEL_SPEED_MPS[u.travel] * rng.jitter(0.25),
      // stagger first reports over one cadence so load is even
      nextReportAt: now0 + rng.next() * REPORT_EVERY_S[u.travel] * 1000,
      lastReportAt: now0,
      doneAt: 0,
      busy: false,
      offer: null
    });
  }

  const setStatus = (u: UnitInfo, m: Mover, status: UnitStatus) => {
    m.busy = true;
    dispatch
      .unitStatus({ commandId: simCommandId(), unitId: u.id, status }, SIM)
      .then((res) => {
        if (!res.ok) log.debug({ unit: u.id, status, res }, 'simulated status change refused');
      })
      .catch((e: unknown) => log.error({ err: e }, 'simulated status change failed'))
      .finally(() => (m.busy = false));
  };

  // most units take an offer within seconds; some decline, some never answer (so the ladder shows in the demo)
  const decide = (incidentId: string, now: number): NonNullable<Mover['offer']> => {
    if (opts.answers === 'accept') return { incidentId, at: now + 1000, accept: true };
    const r = rng.next();
    const accept = r < OFFER_ACCEPT ? true : r < OFFER_ACCEPT + OFFER_DECLINE ? false : null;
    return { incidentId, at: now + rng.range(...ANSWER_AFTER_S) * 1000, accept };
  };
  const answer = (u: UnitInfo, m: Mover, incidentId: string, accept: boolean) => {
    m.busy = true;
    m.offer = { incidentId, at: Infinity, accept: null };
    dispatch
      .respond(
        {
          commandId: simCommandId(),
          incidentId,
          unitId: u.id,
          accept,
          ...(accept ? {} : { reason: DECLINE_REASON })
        },
        SIM
      )
      .then((res) => {
        if (!res.ok) log.debug({ unit: u.id, res }, 'simulated answer refused');
      })
      .catch((e: unknown) => log.error({ err: e }, 'simulated answer failed'))
      .finally(() => (m.busy = false));
  };

  const step = (now: number) => {
    for (const u of live.all()) {
      const m = movers.get(u.id);
      if (!m || now < m.nextReportAt) continue;
      const real = live.fixSource(u.idx);
      const fix = live.fix(u.idx);
      if (fix && (real === 'socket' || real === 'osmand') && now - fix.time < REAL_DEVICE_HOLD_MS) {
        m.pos = [fix.lng, fix.lat];
        m.lastReportAt = now;
        m.nextReportAt = now + REPORT_EVERY_S[u.travel] * 1000;
        continue;
      }
      const dt = (now - m.lastReportAt) / 1000;
      m.lastReportAt = now;
      m.nextReportAt = now + REPORT_EVERY_S[u.travel] * 1000 * rng.jitter(0.2);
      if (u.status === 'off_duty') {
        if (!m.busy && rng.next() < (DUTY_FLIP_PER_MIN * REPORT_EVERY_S[u.travel]) / 60)
          setStatus(u, m, 'available');
        continue; // off duty: the device is not sharing its position
      }
      const inc = u.incidentId ? dispatch.incident(u.incidentId) : undefined;
      const offered = inc?.offers.some((o) => o.unitId === u.id && o.status === 'offered');
      // a unit heads for its incident once it has accepted, not while the offer is still open
      if (inc && !offered) headFor(m, [inc.lng, inc.lat]);
      const from = m.pos;
      const moved = advance(m, dt);
      // a way is checked every few tens of metres: a step that clips a bend of the shore waits for the next one
      if (!terrain.land.has(m.pos[0], m.pos[1]) && terrain.land.has(from[0], from[1])) m.pos = from;
      live.report(
        {
          unitId: u.id,
          lng: m.pos[0],
          lat: m.pos[1],
          time: now,
          speedMps: moved.speed,
          headingDeg: moved.heading,
          accuracyM: 8
        },
        now,
        'sim'
      );
      if (m.busy) continue;
      if (inc && offered) {
        if (m.offer?.incidentId !== inc.id) m.offer = decide(inc.id, now);
        else if (now >= m.offer.at && m.offer.accept !== null) answer(u, m, inc.id, m.offer.accept);
      } else if (inc) {
        const there = distanceM(m.pos[0], m.pos[1], inc.lng, inc.lat) <= ARRIVED_M;
        if (u.status === 'assigned') setStatus(u, m, there ? 'on_scene' : 'en_route');
        else if (u.status === 'en_route' && there) {
          m.doneAt = now + rng.range(ON_SCENE_S[0], ON_SCENE_S[1]) * 1000;
          setStatus(u, m, 'on_scene');
        } else if (u.status === 'on_scene') {
          if (m.doneAt === 0) m.doneAt = now + rng.range(ON_SCENE_S[0], ON_SCENE_S[1]) * 1000;
          if (now >= m.doneAt) {
            m.doneAt = 0;
            m.way = stroll(u, m.pos);
            setStatus(u, m, 'available');
          }
        }
      } else if (u.status === 'available') {
        if (moved.arrived) m.way = stroll(u, m.pos);
        if (
          u.kind === 'volunteer' &&
          rng.next() < (DUTY_FLIP_PER_MIN * REPORT_EVERY_S[u.travel]) / 60
        ) {
          setStatus(u, m, 'off_duty');
        }
      }
    }
  };

  const incidents = new IncidentGenerator({
    land: terrain.land,
    grids: terrain.grids.comprehensiveGrids,
    dispatch,
    rng,
    log,
    commandId: simCommandId
  });
  const timer = setInterval(() => {
    const now = Date.now();
    try {
      step(now);
      incidents.step(now);
    } catch (e) {
      log.error({ err: e }, 'simulator step failed');
    }
  }, STEP_MS);
  timer.unref();
  return {
    stop: () => clearInterval(timer),
    useDistrict: (d) => {
      terrain = terrainOf(d);
      incidents.useGrids(terrain.grids.comprehensiveGrids, terrain.land);
    }
  };
}

interface Terrain {
  grids: GridLocator;
  townGrids: Map<string, AreaFeature[]>;
  land: Land;
}

function terrainOf(district: District): Terrain {
  const townGrids = new Map<string, AreaFeature[]>();
  for (const g of district.grids.comprehensiveGrids) {
    const list = townGrids.get(g.properties.townCode) ?? [];
    list.push(g);
    townGrids.set(g.properties.townCode, list);
  }
  return { grids: district.grids, townGrids, land: landOf(district) };
}

/** Moves a mover along its way for `dt` seconds (a turning point ends the step); says whether it got to the end. */
function advance(m: Mover, dt: number): { speed: number; heading: number; arrived: boolean } {
  if (m.way.length > 1 && m.pos[0] === m.way[0][0] && m.pos[1] === m.way[0][1]) m.way.shift();
  const [x, y] = m.pos;
  const [tx, ty] = m.way[0];
  const d = distanceM(x, y, tx, ty);
  const step = m.speedMps * Math.max(0, dt);
  const heading = (Math.atan2((tx - x) * Math.cos((y * Math.PI) / 180), ty - y) * 180) / Math.PI;
  if (d <= step || d === 0) {
    m.pos = [tx, ty];
    return { speed: d / Math.max(dt, 1e-3), heading: (heading + 360) % 360, arrived: true };
  }
  const f = step / d;
  m.pos = [x + (tx - x) * f, y + (ty - y) * f];
  return { speed: m.speedMps, heading: (heading + 360) % 360, arrived: false };
}

function simCommandId(): string {
  return `sim-${randomUUID().replaceAll('-', '')}`.slice(0, 40);
}
