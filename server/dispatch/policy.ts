import type { IncidentCategory, Priority } from '../../shared/domain.ts';

/**
 * Dispatch policy in one place: how long a unit has to answer an offer, when the ladder escalates, how many units
 * an incident needs, and what counts as a possible duplicate. Defaults follow the brief; configuration may change
 * them (server/config.ts).
 */
export interface DispatchPolicy {
  /** ms a unit has to answer an offer, by priority */
  offerTimeoutMs: Record<Priority, number>;
  /** failed offers (declined or timed out) after which the incident is escalated */
  escalateAfterFailures: number;
  /** automatic offers the ladder makes for one incident before it leaves the rest to people */
  maxAutomaticOffers: number;
  /** units a P1 incident of these categories needs */
  p1UnitsNeeded: Partial<Record<IncidentCategory, number>>;
  /** a unit this close to its incident is on scene */
  arriveWithinM: number;
  duplicateWithinM: number;
  duplicateWithinMs: number;
}

export const DEFAULT_POLICY: DispatchPolicy = {
  offerTimeoutMs: { 1: 30_000, 2: 60_000, 3: 60_000, 4: 60_000 },
  escalateAfterFailures: 2,
  maxAutomaticOffers: 5,
  p1UnitsNeeded: { fire: 2, injury: 2, public_order: 2, traffic: 2 },
  arriveWithinM: 50,
  duplicateWithinM: 200,
  duplicateWithinMs: 15 * 60_000
};

export function unitsNeeded(
  policy: DispatchPolicy,
  category: IncidentCategory,
  priority: Priority
): number {
  return priority === 1 ? (policy.p1UnitsNeeded[category] ?? 1) : 1;
}
