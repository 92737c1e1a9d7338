import {
  OPEN_STATUSES,
  SLA_MINUTES,
  type Incident,
  type IncidentStatus,
  type UnitStatus
} from '../../shared/domain.ts';
import type {
  AssignCommand,
  IncidentCreate,
  Recommendation,
  UnitStatusCommand
} from '../../shared/commands.ts';
import type { IncidentChanged, UnitInfo } from '../../shared/protocol.ts';
import { CommandError, ErrorCode, fail, ok, type Result } from '../../shared/result.ts';
import type { GridLocator } from '../../geo/grid-locator.ts';
import type { LiveRegistry } from '../live/registry.ts';
import type { Store, StoredEvent } from '../store/store.ts';
import { Mutex } from './mutex.ts';
import { recommend } from './recommend.ts';
import type { Scope } from '../access/scope.ts';

/**
 * Commands on incidents and unit duty. Each command runs alone (mutex), decides from in-memory state, commits its
 * events and projections in one store transaction, and only then updates memory, broadcasts and answers — so an
 * acknowledged change is durable, and every client sees changes in `seq` order.
 */

/** incidents closed longer ago than this are dropped from memory and snapshots */
const RECENT_MS = 6 * 60 * 60_000;

export interface DispatchListener {
  incidentChanged(change: IncidentChanged): void;
  unitChanged(unit: UnitInfo): void;
}

interface Change {
  type: string;
  incident: Incident;
  unitId?: string;
  note?: string;
}

interface Plan<T> {
  changes: Change[];
  units: UnitInfo[];
  result: (incidents: Incident[], units: UnitInfo[]) => T;
}

export class DispatchService {
  readonly #store: Store;
  readonly #live: LiveRegistry;
  readonly #grids: GridLocator;
  readonly #mutex = new Mutex();
  readonly #incidents = new Map<string, Incident>();
  readonly #listeners = new Set<DispatchListener>();
  #seq = 0;

  private constructor(store: Store, live: LiveRegistry, grids: GridLocator) {
    this.#store = store;
    this.#live = live;
    this.#grids = grids;
  }

  static async open(
    store: Store,
    live: LiveRegistry,
    grids: GridLocator,
    now = Date.now()
  ): Promise<DispatchService> {
    const s = new DispatchService(store, live, grids);
    s.#seq = await store.lastSeq();
    for (const i of await store.incidents(RECENT_MS, now)) s.#incidents.set(i.id, i);
    return s;
  }

  get seq(): number {
    return this.#seq;
  }

  listen(l: DispatchListener): () => void {
    this.#listeners.add(l);
    return () => this.#listeners.delete(l);
  }

  incidents(): Incident[] {
    return [...this.#incidents.values()];
  }

  incident(id: string): Incident | undefined {
    return this.#incidents.get(id);
  }

  /** Events after `after` when there are at most `limit` of them, else null (the caller sends a snapshot). */
  async changesSince(after: number, limit: number): Promise<IncidentChanged[] | null> {
    if (after > this.#seq || after < 0) return null;
    if ((await this.#store.countEventsSince(after)) > limit) return null;
    const events = await this.#store.eventsSince(after, limit);
    return events.map((e) => ({ seq: e.seq, type: e.type, incident: e.incident }));
  }

  /** Incidents the scope may see. */
  incidentsFor(scope: Scope): Incident[] {
    return this.incidents().filter((i) => scope.seesIncident(i));
  }

  recommend(
    incidentId: string,
    limit: number,
    scope: Scope,
    now = Date.now()
  ): Result<Recommendation[]> {
    const inc = this.#incidents.get(incidentId);
    if (!inc || !scope.seesIncident(inc))
      return fail(ErrorCode.NOT_FOUND, `incident ${incidentId} not found`);
    return ok(
      recommend(inc, this.#live, now, limit, (idx) => scope.seesUnit(this.#live.whereabouts(idx)))
    );
  }

  create(cmd: IncidentCreate, scope: Scope, now = Date.now()): Promise<Result<Incident>> {
    return this.#run(cmd.commandId, scope.actor, now, () => {
      const hit = this.#grids.locate(cmd.lng, cmd.lat);
      if (!hit) {
        throw new CommandError(
          ErrorCode.OUTSIDE_DISTRICT,
          `location ${cmd.lng.toFixed(6)},${cmd.lat.toFixed(6)} is outside the district`
        );
      }
      // a desk role creates inside its own towns; a unit in the field reports wherever it stands
      if (scope.role !== 'field' && !scope.seesTown(hit.townCode)) {
        throw new CommandError(
          ErrorCode.FORBIDDEN,
          `location is in town ${hit.townCode}, outside your jurisdiction`
        );
      }
      const [d, a, r] = SLA_MINUTES[cmd.priority];
      const incident: Incident = {
        id: incidentId(this.#seq + 1, now),
        category: cmd.category,
        priority: cmd.priority,
        lng: cmd.lng,
        lat: cmd.lat,
        gridCode: hit.gridCode,
        townCode: hit.townCode,
        source: cmd.source,
        reportedByUnit: scope.role === 'field' ? scope.unitId : null,
        description: cmd.description,
        status: 'reported',
        unitIds: [],
        createdAt: now,
        updatedAt: now,
        dispatchBy: now + d * 60_000,
        arriveBy: now + a * 60_000,
        resolveBy: now + r * 60_000,
        timeline: []
      };
      return { changes: [{ type: 'reported', incident }], units: [], result: (incs) => incs[0] };
    });
  }

  assign(cmd: AssignCommand, scope: Scope, now = Date.now()): Promise<Result<Incident>> {
    return this.#run(cmd.commandId, scope.actor, now, () => {
      const inc = this.#openIncident(cmd.incidentId, scope);
      const unit = this.#live.get(cmd.unitId);
      if (!unit || !scope.seesUnit(this.#live.whereabouts(unit.idx))) {
        throw new CommandError(ErrorCode.NOT_FOUND, `unit ${cmd.unitId} not found`);
      }
      if (unit.status !== 'available') {
        // name the incident that has the unit only to someone who may see that incident
        const holder = unit.incidentId ? this.#incidents.get(unit.incidentId) : undefined;
        const busy = holder && scope.seesIncident(holder) ? ` on incident ${holder.id}` : '';
        throw new CommandError(
          ErrorCode.UNIT_UNAVAILABLE,
          `unit ${unit.name} is ${unit.status}${busy}`
        );
      }
      if (inc.status === 'resolved') {
        throw new CommandError(
          ErrorCode.INVALID_TRANSITION,
          `incident ${inc.id} is already resolved`
        );
      }
      const status: IncidentStatus = inc.status === 'reported' ? 'dispatched' : inc.status;
      const incident = { ...inc, status, unitIds: [...inc.unitIds, unit.id] };
      const assigned: UnitInfo = { ...unit, status: 'assigned', incidentId: inc.id };
      return {
        changes: [{ type: 'dispatched', incident, unitId: unit.id }],
        units: [assigned],
        result: (incs) => incs[0]
      };
    });
  }

  /** A unit reports its own duty state; for a unit on an incident this moves the incident along. */
  unitStatus(cmd: UnitStatusCommand, scope: Scope, now = Date.now()): Promise<Result<UnitInfo>> {
    return this.#run(cmd.commandId, scope.actor, now, () => {
      const unit = this.#live.get(cmd.unitId);
      if (!unit || !scope.seesUnit(this.#live.whereabouts(unit.idx))) {
        throw new CommandError(ErrorCode.NOT_FOUND, `unit ${cmd.unitId} not found`);
      }
      const next = cmd.status;
      if (!UNIT_MOVES[unit.status].includes(next)) {
        throw new CommandError(
          ErrorCode.INVALID_TRANSITION,
          `unit ${unit.name}: ${unit.status} → ${next} is not allowed`
        );
      }
      const changes: Change[] = [];
      let incidentId = unit.incidentId;
      const inc = incidentId ? this.#incidents.get(incidentId) : undefined;
      if (inc && OPEN_STATUSES.includes(inc.status)) {
        const others = inc.unitIds.filter((id) => id !== unit.id);
        if (next === 'available' && unit.status === 'on_scene') {
          // the last unit to leave the scene resolves the incident; earlier ones only detach
          changes.push(
            others.length
              ? { type: 'unit_released', incident: { ...inc, unitIds: others }, unitId: unit.id }
              : {
                  type: 'resolved',
                  incident: { ...inc, status: 'resolved', unitIds: [] },
                  unitId: unit.id
                }
          );
        } else if (next === 'available') {
          // released before arriving: with nobody left the incident needs dispatching again
          const status: IncidentStatus = others.length ? inc.status : 'reported';
          changes.push({
            type: 'unit_released',
            incident: { ...inc, status, unitIds: others },
            unitId: unit.id
          });
        } else if ((next === 'en_route' || next === 'on_scene') && rank(next) > rank(inc.status)) {
          changes.push({ type: next, incident: { ...inc, status: next }, unitId: unit.id });
        }
      }
      if (next === 'available' || next === 'off_duty') incidentId = null;
      const updated: UnitInfo = { ...unit, status: next, incidentId };
      return { changes, units: [updated], result: (_incs, units) => units[0] };
    });
  }

  #openIncident(id: string, scope: Scope): Incident {
    const inc = this.#incidents.get(id);
    if (!inc || !scope.seesIncident(inc))
      throw new CommandError(ErrorCode.NOT_FOUND, `incident ${id} not found`);
    if (!OPEN_STATUSES.includes(inc.status) && inc.status !== 'resolved') {
      throw new CommandError(ErrorCode.INVALID_TRANSITION, `incident ${id} is ${inc.status}`);
    }
    return inc;
  }

  #run<T>(commandId: string, actor: string, now: number, plan: () => Plan<T>): Promise<Result<T>> {
    return this.#mutex.run(async () => {
      const seen = await this.#store.commandResult(commandId);
      if (seen.found) return ok(seen.result as T);
      let p: Plan<T>;
      try {
        p = plan();
      } catch (e) {
        if (e instanceof CommandError) return fail<T>(e.code, e.message);
        throw e;
      }
      const events: StoredEvent[] = [];
      const finals: Incident[] = [];
      let seq = this.#seq;
      for (const c of p.changes) {
        seq++;
        const prev = finals.find((f) => f.id === c.incident.id) ?? c.incident;
        const incident: Incident = {
          ...c.incident,
          updatedAt: now,
          timeline: [
            ...prev.timeline,
            {
              seq,
              at: now,
              type: c.type,
              actor,
              status: c.incident.status,
              unitId: c.unitId,
              note: c.note
            }
          ]
        };
        stripUndefined(incident.timeline[incident.timeline.length - 1]);
        events.push({ seq, at: now, type: c.type, incidentId: incident.id, actor, incident });
        const k = finals.findIndex((f) => f.id === incident.id);
        if (k >= 0) finals[k] = incident;
        else finals.push(incident);
      }
      const result = p.result(finals, p.units);
      await this.#store.commit({ commandId, result, events, incidents: finals, units: p.units });
      this.#seq = seq;
      for (const i of finals) this.#incidents.set(i.id, i);
      for (const u of p.units) {
        const town = u.incidentId ? (this.#incidents.get(u.incidentId)?.townCode ?? null) : null;
        this.#live.setStatus(u.id, u.status, u.incidentId, town);
      }
      for (const e of events) {
        for (const l of this.#listeners)
          l.incidentChanged({ seq: e.seq, type: e.type, incident: e.incident });
      }
      for (const u of p.units)
        for (const l of this.#listeners) l.unitChanged(this.#live.get(u.id)!);
      this.#forgetOld(now);
      return ok(result);
    });
  }

  #forgetOld(now: number): void {
    for (const [id, i] of this.#incidents) {
      if (!OPEN_STATUSES.includes(i.status) && now - i.updatedAt > RECENT_MS)
        this.#incidents.delete(id);
    }
  }
}

/** Which duty states a unit may move to from each state. */
const UNIT_MOVES: Record<UnitStatus, UnitStatus[]> = {
  off_duty: ['available'],
  available: ['off_duty'],
  assigned: ['en_route', 'on_scene', 'available'],
  en_route: ['on_scene', 'available'],
  on_scene: ['available']
};

const ORDER: IncidentStatus[] = [
  'reported',
  'dispatched',
  'accepted',
  'en_route',
  'on_scene',
  'resolved',
  'closed'
];
function rank(s: IncidentStatus): number {
  return ORDER.indexOf(s);
}

function incidentId(seq: number, now: number): string {
  const d = new Date(now + 8 * 3600_000); // the district's calendar day (UTC+8)
  const day = d.toISOString().slice(0, 10).replaceAll('-', '');
  return `INC-${day}-${seq}`;
}

function stripUndefined(o: object): void {
  for (const [k, v] of Object.entries(o))
    if (v === undefined) delete (o as Record<string, unknown>)[k];
}
