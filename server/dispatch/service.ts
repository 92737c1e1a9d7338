import { randomUUID } from 'node:crypto';
import { OPEN_STATUSES, RECENT_MS, type Incident } from '../../shared/domain.ts';
import type {
  AcknowledgeCommand,
  AssignCommand,
  EscalateCommand,
  IncidentCreate,
  IncidentTransition,
  MergeCommand,
  OfferRespond,
  ReassignCommand,
  Recommendation,
  ReporterContact,
  UnitEvaluation,
  UnitStatusCommand,
  WithdrawCommand
} from '../../shared/commands.ts';
import type { IncidentChanged, UnitInfo } from '../../shared/protocol.ts';
import { CommandError, ErrorCode, fail, ok, type Result } from '../../shared/result.ts';
import { isKept } from '../../shared/lifecycle.ts';
import type { GridLocator } from '../../geo/grid-locator.ts';
import { distanceM } from '../../geo/unit-index.ts';
import type { LiveRegistry } from '../live/registry.ts';
import type { Store, StoredEvent } from '../store/store.ts';
import { Scope } from '../access/scope.ts';
import { Mutex } from './mutex.ts';
import { candidates, FRESH_FIX_MS, rank, type Candidate } from './recommend.ts';
import { StraightLineRouter, type Router } from './router.ts';
import { OfferTimers } from './offer-timers.ts';
import { DEFAULT_POLICY, type DispatchPolicy } from './policy.ts';
import { DEFAULT_RULES_SOURCE, type CategoryRulesSource } from './category-rules.ts';
import * as incidentPlans from './incident-plans.ts';
import * as offerPlans from './offer-plans.ts';
import type { Plan, State } from './plans.ts';
import { checkPressedAt, photoProblem, type Said } from './said.ts';
import { numberChanges } from './numbering.ts';

/**
 * Commands on incidents, offers and unit duty. Each command runs alone (mutex), plans its change from in-memory
 * state (plans.ts), commits the events and projections in one store transaction, and only then updates memory,
 * sets offer timers, broadcasts and answers — so an acknowledged change is durable and every client sees changes
 * in `seq` order. The escalation ladder runs as the server's own commands after a failed offer.
 */

const LADDER = Scope.system('ladder');

export interface DispatchListener {
  /** `released`: units that were on the incident before this change and are not after it (they are told too) */
  incidentChanged(change: IncidentChanged, released: readonly string[]): void;
  unitChanged(unit: UnitInfo): void;
}

export class DispatchService {
  readonly #store: Store;
  readonly #live: LiveRegistry;
  #grids: GridLocator;
  readonly #policy: DispatchPolicy;
  /** read at every use: an admin's change to the table applies to the next ranking and the next incident */
  readonly #rules: CategoryRulesSource;
  readonly #mutex = new Mutex();
  readonly #incidents = new Map<string, Incident>();
  readonly #listeners = new Set<DispatchListener>();
  readonly #timers: OfferTimers;
  readonly #router: Router;
  #seq = 0;

  private constructor(
    store: Store,
    live: LiveRegistry,
    grids: GridLocator,
    policy: DispatchPolicy,
    rules: CategoryRulesSource,
    router: Router
  ) {
    this.#router = router;
    this.#rules = rules;
    this.#store = store;
    this.#live = live;
    this.#grids = grids;
    this.#policy = policy;
    this.#timers = new OfferTimers((incidentId, unitId) => void this.#expire(incidentId, unitId));
  }

  static async open(
    store: Store,
    live: LiveRegistry,
    grids: GridLocator,
    opts: {
      policy?: DispatchPolicy;
      rules?: CategoryRulesSource;
      router?: Router;
      now?: number;
    } = {}
  ): Promise<DispatchService> {
    const now = opts.now ?? Date.now();
    const policy = opts.policy ?? DEFAULT_POLICY;
    const s = new DispatchService(
      store,
      live,
      grids,
      policy,
      opts.rules ?? DEFAULT_RULES_SOURCE,
      opts.router ?? new StraightLineRouter()
    );
    s.#seq = await store.lastSeq();
    for (const i of await store.incidents(RECENT_MS, now)) {
      s.#incidents.set(i.id, i);
      // offers still open when the server stopped keep their deadlines (a passed one expires at once)
      for (const o of i.offers)
        if (o.status === 'offered') s.#timers.set(i.id, o.unitId, o.deadline, now);
    }
    return s;
  }

  /** Another district version is in force: new incidents are placed on its grids (open ones keep theirs). */
  useGrids(grids: GridLocator): void {
    this.#grids = grids;
  }

  get seq(): number {
    return this.#seq;
  }

  listen(l: DispatchListener): () => void {
    this.#listeners.add(l);
    return () => this.#listeners.delete(l);
  }

  stop(): void {
    this.#timers.stop();
  }

  incidents(): Incident[] {
    return [...this.#incidents.values()];
  }

  incident(id: string): Incident | undefined {
    return this.#incidents.get(id);
  }

  /** Incidents the scope may see. */
  incidentsFor(scope: Scope): Incident[] {
    return this.incidents().filter((i) => scope.seesIncident(i));
  }

  /** Events after `after` when there are at most `limit` of them, else null (the caller sends a snapshot). */
  async changesSince(after: number, limit: number): Promise<IncidentChanged[] | null> {
    if (after > this.#seq || after < 0) return null;
    if ((await this.#store.countEventsSince(after)) > limit) return null;
    const events = await this.#store.eventsSince(after, limit);
    return events.map((e) => ({ seq: e.seq, type: e.type, incident: e.incident }));
  }

  async recommend(
    incidentId: string,
    limit: number,
    scope: Scope,
    now = Date.now(),
    exclude: ReadonlySet<string> = new Set()
  ): Promise<Result<Recommendation[]>> {
    const inc = this.#incidents.get(incidentId);
    if (!inc || !scope.seesIncident(inc))
      return fail(ErrorCode.NOT_FOUND, 'not_found', { kind: 'incident', id: incidentId });
    return ok(await this.#ranked(inc, scope, now, limit, exclude));
  }

  /**
   * One unit the desk picked, weighed by the same model as the ranking: its place in the full ranking, or why it
   * is not a candidate (busy, off duty, stale or no fix, beyond the nearest pool) with its arrival and reasons all
   * the same. A unit the caller may not see is NOT_FOUND, as everywhere.
   */
  async evaluate(
    incidentId: string,
    unitId: string,
    scope: Scope,
    now = Date.now()
  ): Promise<Result<UnitEvaluation>> {
    const inc = this.#incidents.get(incidentId);
    if (!inc || !scope.seesIncident(inc))
      return fail(ErrorCode.NOT_FOUND, 'not_found', { kind: 'incident', id: incidentId });
    const unit = this.#live.get(unitId);
    if (!unit || !scope.seesUnit(this.#live.whereabouts(unit.idx)))
      return fail(ErrorCode.NOT_FOUND, 'not_found', { kind: 'unit', id: unitId });
    const base = { unitId: unit.id, name: unit.name, unitStatus: unit.status };
    const ranked = await this.#ranked(inc, scope, now, Infinity);
    const at = ranked.findIndex((r) => r.unitId === unit.id);
    if (at >= 0) return ok({ ...base, rank: at + 1, excluded: null, recommendation: ranked[at] });
    const fix = this.#live.fix(unit.idx);
    const excluded =
      unit.status === 'off_duty'
        ? 'off_duty'
        : unit.status !== 'available'
          ? 'busy'
          : !fix
            ? 'no_fix'
            : now - fix.time > FRESH_FIX_MS
              ? 'stale_fix'
              : 'far';
    if (!fix) return ok({ ...base, rank: null, excluded, recommendation: null });
    const one = [{ unit, fix, distanceM: distanceM(fix.lng, fix.lat, inc.lng, inc.lat) }];
    const [rec] = await this.#rank(inc, one, now, 1);
    return ok({ ...base, rank: null, excluded, recommendation: rec });
  }

  async #ranked(
    inc: Incident,
    scope: Scope,
    now: number,
    limit: number,
    exclude: ReadonlySet<string> = new Set()
  ): Promise<Recommendation[]> {
    const visible = (idx: number) =>
      !exclude.has(this.#live.byIdx(idx)!.id) && scope.seesUnit(this.#live.whereabouts(idx));
    return this.#rank(
      inc,
      candidates(inc, this.#rules.rules, this.#live, now, visible),
      now,
      limit
    );
  }

  async #rank(
    inc: Incident,
    list: Candidate[],
    now: number,
    limit: number
  ): Promise<Recommendation[]> {
    const from = list.map((c) => ({
      lng: c.fix.lng,
      lat: c.fix.lat,
      mode: c.unit.travel,
      distanceM: c.distanceM
    }));
    const etas = await this.#router.travelTimes([inc.lng, inc.lat], from);
    const tasks = this.#tasksToday(now);
    return rank(inc, this.#rules.rules, list, etas, now, limit, (id) => tasks.get(id) ?? 0);
  }

  create(cmd: IncidentCreate, scope: Scope, now = Date.now()): Promise<Result<Incident>> {
    return this.#run(
      cmd.commandId,
      scope,
      now,
      (s) => incidentPlans.planCreate(s, cmd, scope),
      cmd
    );
  }

  assign(cmd: AssignCommand, scope: Scope, now = Date.now()): Promise<Result<Incident>> {
    return this.#run(cmd.commandId, scope, now, (s) => offerPlans.planAssign(s, cmd, scope));
  }

  /** withdraw + assign in one command, one commit; refused as a whole when either half is */
  reassign(cmd: ReassignCommand, scope: Scope, now = Date.now()): Promise<Result<Incident>> {
    return this.#run(cmd.commandId, scope, now, (s) => offerPlans.planReassign(s, cmd, scope));
  }

  respond(cmd: OfferRespond, scope: Scope, now = Date.now()): Promise<Result<Incident>> {
    return this.#run(cmd.commandId, scope, now, (s) => offerPlans.planRespond(s, cmd, scope), cmd);
  }

  withdraw(cmd: WithdrawCommand, scope: Scope, now = Date.now()): Promise<Result<Incident>> {
    return this.#run(cmd.commandId, scope, now, (s) => offerPlans.planWithdraw(s, cmd, scope));
  }

  unitStatus(cmd: UnitStatusCommand, scope: Scope, now = Date.now()): Promise<Result<UnitInfo>> {
    return this.#run(
      cmd.commandId,
      scope,
      now,
      (s) => offerPlans.planUnitStatus(s, cmd, scope),
      cmd
    );
  }

  transition(cmd: IncidentTransition, scope: Scope, now = Date.now()): Promise<Result<Incident>> {
    return this.#run(cmd.commandId, scope, now, (s) => incidentPlans.planTransition(s, cmd, scope));
  }

  escalate(cmd: EscalateCommand, scope: Scope, now = Date.now()): Promise<Result<Incident>> {
    return this.#run(cmd.commandId, scope, now, (s) => incidentPlans.planEscalate(s, cmd, scope));
  }

  acknowledge(cmd: AcknowledgeCommand, scope: Scope, now = Date.now()): Promise<Result<Incident>> {
    return this.#run(cmd.commandId, scope, now, (s) =>
      incidentPlans.planAcknowledge(s, cmd, scope)
    );
  }

  merge(cmd: MergeCommand, scope: Scope, now = Date.now()): Promise<Result<Incident>> {
    return this.#run(cmd.commandId, scope, now, (s) => incidentPlans.planMerge(s, cmd, scope));
  }

  /**
   * The reporter's full contact, for calling back: desk roles that direct the work, and the units working it.
   * A town leader and a wall see the masked contact only.
   */
  async contact(incidentId: string, scope: Scope): Promise<Result<ReporterContact>> {
    const inc = this.#incidents.get(incidentId);
    if (!inc || !scope.seesIncident(inc))
      return fail(ErrorCode.NOT_FOUND, 'not_found', { kind: 'incident', id: incidentId });
    const working =
      scope.role === 'field' && scope.unitId !== null && inc.unitIds.includes(scope.unitId);
    if (!working && !['admin', 'commander', 'dispatcher'].includes(scope.role)) {
      return fail(ErrorCode.FORBIDDEN, 'contact_masked', { role: scope.role });
    }
    const contact = await this.#store.contact(incidentId);
    return contact ? ok(contact) : fail(ErrorCode.NOT_FOUND, 'no_contact', { id: incidentId });
  }

  /** Units heading to their incident that are now within reach of it are on scene (the server notices for them). */
  async checkArrivals(now = Date.now()): Promise<void> {
    for (const inc of this.#incidents.values()) {
      if (!OPEN_STATUSES.includes(inc.status)) continue;
      for (const id of inc.unitIds) {
        const u = this.#live.get(id);
        const fix = u && this.#live.fix(u.idx);
        if (
          !u ||
          !fix ||
          (u.status !== 'en_route' && !(u.status === 'assigned' && accepted(inc, id)))
        )
          continue;
        if (distanceM(fix.lng, fix.lat, inc.lng, inc.lat) > this.#policy.arriveWithinM) continue;
        await this.unitStatus(
          { commandId: systemId(), unitId: id, status: 'on_scene' },
          LADDER,
          now
        );
      }
    }
  }

  async #expire(incidentId: string, unitId: string): Promise<void> {
    await this.#run(
      systemId(),
      LADDER,
      Date.now(),
      (s) => offerPlans.planTimeout(s, incidentId, unitId) ?? noop()
    );
  }

  /** After an offer failed: escalate once enough have, then offer the next best unit nobody has been offered yet. */
  async #ladder(incidentId: string): Promise<void> {
    const alert = () =>
      this.#run(
        systemId(),
        LADDER,
        Date.now(),
        (s) => incidentPlans.planLadderAlert(s, incidentId, false) ?? noop()
      );
    await alert();
    const inc = this.#incidents.get(incidentId);
    if (!inc || !OPEN_STATUSES.includes(inc.status)) return;
    const automatic = inc.offers.filter((o) => o.by === LADDER.actor).length;
    if (inc.unitIds.length >= inc.unitsNeeded || automatic >= this.#policy.maxAutomaticOffers)
      return;
    const tried = new Set(inc.offers.map((o) => o.unitId));
    const next = await this.recommend(incidentId, 1, LADDER, Date.now(), tried);
    if (next.ok && next.data[0]) {
      await this.assign({ commandId: systemId(), incidentId, unitId: next.data[0].unitId }, LADDER);
    } else {
      await this.#run(
        systemId(),
        LADDER,
        Date.now(),
        (s) => incidentPlans.planLadderAlert(s, incidentId, true) ?? noop()
      );
    }
  }

  /** offers each unit accepted since the district's midnight (UTC+8), from the incidents in memory */
  #tasksToday(now: number): Map<string, number> {
    const day = now - ((now + 8 * 3600_000) % 86_400_000);
    const tasks = new Map<string, number>();
    for (const i of this.#incidents.values()) {
      for (const o of i.offers) {
        if (o.status === 'accepted' && o.offeredAt >= day)
          tasks.set(o.unitId, (tasks.get(o.unitId) ?? 0) + 1);
      }
    }
    return tasks;
  }

  #state(now: number): State {
    return {
      now,
      nextSeq: this.#seq + 1,
      policy: this.#policy,
      rules: this.#rules.rules,
      grids: this.#grids,
      incident: (id) => this.#incidents.get(id),
      openIncidents: () =>
        [...this.#incidents.values()].filter((i) => OPEN_STATUSES.includes(i.status)),
      unit: (id) => this.#live.get(id),
      group: (code) => this.#live.all().filter((u) => u.group === code),
      whereabouts: (u) => this.#live.whereabouts(u.idx)
    };
  }

  #run<T>(
    commandId: string,
    scope: Scope,
    now: number,
    plan: (s: State) => Plan<T>,
    said: Said = {}
  ): Promise<Result<T>> {
    // a command id is the sender's: the same id from another account is another command, and never sees this result
    const key = `${scope.accountId}:${commandId}`;
    const done = this.#mutex.run(async () => {
      const seen = await this.#store.commandResult(key);
      if (seen.found) return { res: ok(seen.result as T), ladder: [] };
      const refused = await photoProblem(this.#store, said.photos, scope);
      if (refused) return { res: { ok: false as const, ...refused }, ladder: [] };
      let p: Plan<T>;
      try {
        checkPressedAt(said.pressedAt, now);
        p = plan(this.#state(now));
      } catch (e) {
        if (e instanceof CommandError) return { res: e.result<T>(), ladder: [] };
        throw e;
      }
      const { events, finals } = numberChanges(p, this.#seq, scope, now, said);
      if (events.length === 0 && p.units.length === 0)
        return { res: fail<T>(ErrorCode.NOT_FOUND, 'nothing_to_do'), ladder: [] };
      const result = p.result(finals, p.units);
      await this.#store.commit({
        commandId: key,
        result,
        events,
        incidents: finals,
        units: p.units,
        contacts: p.contacts,
        photos:
          said.photos?.length && events.length
            ? { incidentId: events[0].incidentId, ids: said.photos }
            : undefined
      });
      this.#apply(p, events, finals, now);
      return { res: ok(result), ladder: p.ladder ?? [] };
    });
    // the ladder runs as commands of its own, after this one has answered
    return done.then(({ res, ladder }) => {
      for (const id of ladder) queueMicrotask(() => void this.#ladder(id).catch(() => undefined));
      return res;
    });
  }

  #apply<T>(p: Plan<T>, events: StoredEvent[], finals: Incident[], now: number): void {
    this.#seq = events.at(-1)?.seq ?? this.#seq;
    const before = new Map(finals.map((i) => [i.id, this.#incidents.get(i.id)?.unitIds ?? []]));
    for (const i of finals) this.#incidents.set(i.id, i);
    for (const u of p.units) {
      const town = u.incidentId ? (this.#incidents.get(u.incidentId)?.townCode ?? null) : null;
      this.#live.setStatus(u.id, u.status, u.incidentId, town);
    }
    for (const [i, u] of p.timers?.clear ?? []) this.#timers.clear(i, u);
    for (const [i, u, deadline] of p.timers?.set ?? []) this.#timers.set(i, u, deadline, now);
    for (const e of events) {
      const released = (before.get(e.incidentId) ?? []).filter(
        (u) => !e.incident.unitIds.includes(u)
      );
      for (const l of this.#listeners)
        l.incidentChanged({ seq: e.seq, type: e.type, incident: e.incident }, released);
    }
    for (const u of p.units) for (const l of this.#listeners) l.unitChanged(this.#live.get(u.id)!);
    // finished incidents past RECENT_MS leave memory and snapshots; the screens' stores follow the same rule
    for (const [id, i] of this.#incidents) if (!isKept(i, now)) this.#incidents.delete(id);
  }
}

function accepted(inc: Incident, unitId: string): boolean {
  return inc.offers.some((o) => o.unitId === unitId && o.status === 'accepted');
}

/** a system command that finds nothing left to do (the offer was answered, the alert is already up) */
function noop<T>(): Plan<T> {
  throw new CommandError(ErrorCode.NOT_FOUND, 'nothing_to_do');
}

function systemId(): string {
  return `sys-${randomUUID().replaceAll('-', '')}`.slice(0, 40);
}
