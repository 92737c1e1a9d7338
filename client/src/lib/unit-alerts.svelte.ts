import { Value } from '@sinclair/typebox/value';
import {
  UNIT_ALERT_KINDS,
  UnitAlertUpdate,
  type UnitAlert,
  type UnitAlertKind
} from '../../../shared/unit-alerts.ts';

/**
 * The units this screen may see that went quiet or strayed, as the server last swept them: the sync's set on every
 * connect, then each `unit-alerts:changed`. Every update is the view's whole set (the server sends it when the set
 * changed), so an alert whose cause went away is simply absent from the next one: nothing here clears by hand.
 */
export class UnitAlertStore {
  #at = $state(0);
  #alerts = $state.raw<readonly UnitAlert[]>([]);
  #byUnit = $derived(groupByUnit(this.#alerts));
  #counts = $derived(countByKind(this.#alerts));
  #rejected = 0;

  /** server time of the sweep, epoch ms; 0 before the first */
  get at(): number {
    return this.#at;
  }
  /** by unit id, then kind (the server's order) */
  get alerts(): readonly UnitAlert[] {
    return this.#alerts;
  }
  get counts(): Record<UnitAlertKind, number> {
    return this.#counts;
  }
  /** updates refused as malformed */
  get rejected(): number {
    return this.#rejected;
  }

  /** one unit's alerts (none: an empty list) */
  of(unitId: string): readonly UnitAlert[] {
    return this.#byUnit.get(unitId) ?? NONE;
  }

  /** Takes an update: a malformed one, or one swept before the set held (a late packet), is dropped. */
  apply(update: unknown): boolean {
    if (!Value.Check(UnitAlertUpdate, update)) {
      this.#rejected++;
      return false;
    }
    if (update.at < this.#at) return false;
    this.#at = update.at;
    this.#alerts = update.alerts;
    return true;
  }
}

const NONE: readonly UnitAlert[] = [];

function groupByUnit(alerts: readonly UnitAlert[]): ReadonlyMap<string, readonly UnitAlert[]> {
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- rebuilt whole from each update, never mutated
  const map = new Map<string, UnitAlert[]>();
  for (const a of alerts) {
    const list = map.get(a.unitId);
    if (list) list.push(a);
    else map.set(a.unitId, [a]);
  }
  return map;
}

function countByKind(alerts: readonly UnitAlert[]): Record<UnitAlertKind, number> {
  const counts = Object.fromEntries(UNIT_ALERT_KINDS.map((k) => [k, 0])) as Record<
    UnitAlertKind,
    number
  >;
  for (const a of alerts) counts[a.kind]++;
  return counts;
}
