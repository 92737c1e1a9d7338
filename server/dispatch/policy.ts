import type { Priority, UnitKind } from '../../shared/domain.ts';

/**
 * Who can answer a P1 (a fire, an injury, a fight): patrol cars, town security and grid workers. Volunteers and
 * mediators help, but a blind spot is a place none of the first three can reach in time. The category table's
 * defaults send a P1 to these kinds first (category-defaults.ts); blind spots keep counting these kinds whatever an
 * admin sets there, so the wall's coverage measures one thing over time.
 */
export const P1_RESPONDERS: ReadonlySet<UnitKind> = new Set(['patrol', 'security', 'grid_worker']);

/**
 * Dispatch policy in one place: how long a unit has to answer an offer, when the ladder escalates and what counts
 * as a possible duplicate. Defaults follow the brief; configuration may change them (server/config.ts). Who
 * responds to what and how many units an incident needs is the category table's (category-rules.ts), which an
 * admin edits while the server runs.
 */
export interface DispatchPolicy {
  /** minutes to dispatch, to arrive and to resolve, by priority */
  slaMinutes: Record<Priority, [dispatch: number, arrive: number, resolve: number]>;
  /** ms a unit has to answer an offer, by priority */
  offerTimeoutMs: Record<Priority, number>;
  /** failed offers (declined or timed out) after which the incident is escalated */
  escalateAfterFailures: number;
  /** automatic offers the ladder makes for one incident before it leaves the rest to people */
  maxAutomaticOffers: number;
  /** a unit this close to its incident is on scene */
  arriveWithinM: number;
  duplicateWithinM: number;
  duplicateWithinMs: number;
}

export const DEFAULT_POLICY: DispatchPolicy = {
  slaMinutes: { 1: [1, 10, 60], 2: [3, 20, 240], 3: [10, 60, 1440], 4: [60, 240, 4320] },
  offerTimeoutMs: { 1: 30_000, 2: 60_000, 3: 60_000, 4: 60_000 },
  escalateAfterFailures: 2,
  maxAutomaticOffers: 5,
  arriveWithinM: 50,
  duplicateWithinM: 200,
  duplicateWithinMs: 15 * 60_000
};

/**
 * The policy as configured: `SLA` = four `dispatch/arrive/resolve` minute triples for P1..P4 separated by commas
 * (e.g. `1/10/60,3/20/240,10/60/1440,60/240/4320`), `OFFER_TIMEOUT_S` and `OFFER_TIMEOUT_P1_S` in seconds.
 */
export function policyFromEnv(env: NodeJS.ProcessEnv = process.env): DispatchPolicy {
  const p: DispatchPolicy = {
    ...DEFAULT_POLICY,
    slaMinutes: { ...DEFAULT_POLICY.slaMinutes },
    offerTimeoutMs: { ...DEFAULT_POLICY.offerTimeoutMs }
  };
  if (env.SLA) {
    const triples = env.SLA.split(',').map((t) => t.split('/').map(Number));
    if (
      triples.length !== 4 ||
      triples.some(
        (t) => t.length !== 3 || t.some((n) => !(n > 0)) || !(t[0] <= t[1] && t[1] <= t[2])
      )
    ) {
      throw new Error(
        `SLA=${env.SLA}: expected four dispatch/arrive/resolve minute triples, e.g. 1/10/60,3/20/240,10/60/1440,60/240/4320`
      );
    }
    triples.forEach((t, k) => (p.slaMinutes[(k + 1) as Priority] = t as [number, number, number]));
  }
  const seconds = (key: string): number | undefined => {
    const raw = env[key];
    if (!raw) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 5 || n > 3600)
      throw new Error(`${key}=${raw}: expected whole seconds from 5 to 3600`);
    return n * 1000;
  };
  const all = seconds('OFFER_TIMEOUT_S');
  if (all) p.offerTimeoutMs = { 1: all, 2: all, 3: all, 4: all };
  const p1 = seconds('OFFER_TIMEOUT_P1_S');
  if (p1) p.offerTimeoutMs[1] = p1;
  return p;
}
