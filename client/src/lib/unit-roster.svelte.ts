import type { Unit, UnitKind } from '../../../shared/domain.ts';
import type { Api } from './api.ts';
import { errorText } from './errors.ts';

/**
 * Every unit an admin may bind a field account to, from `GET /api/units` (an admin sees all), for the searchable
 * picker: an account is bound to a unit chosen by its name, never by typing its id.
 */

export interface RosterUnit {
  id: string;
  name: string;
  kind: UnitKind;
}

export class UnitRoster {
  #api: Api;
  #units = $state.raw<RosterUnit[]>([]);
  #loadError = $state('');

  constructor(api: Api) {
    this.#api = api;
  }

  get units(): readonly RosterUnit[] {
    return this.#units;
  }
  get loadError(): string {
    return this.#loadError;
  }

  async load(): Promise<void> {
    const res = await this.#api.call<Unit[]>('GET', '/api/units');
    if (!res.ok) {
      this.#loadError = errorText(res);
      return;
    }
    this.#loadError = '';
    this.#units = res.data
      .map((u) => ({ id: u.id, name: u.name, kind: u.kind }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id));
  }
}

/**
 * The units a query names, best first: an exact id, then names and ids that start with it, then those that hold
 * it anywhere. Every word of the query must match the name or the id (`巡逻 u-03`); an empty query lists the
 * roster.
 */
export function matchUnits(units: readonly RosterUnit[], query: string, limit = 8): RosterUnit[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return units.slice(0, limit);
  const scored: { unit: RosterUnit; score: number }[] = [];
  for (const unit of units) {
    const name = unit.name.toLowerCase();
    const id = unit.id.toLowerCase();
    let score = 0;
    for (const w of words) {
      if (id === w) score += 3;
      else if (name.startsWith(w) || id.startsWith(w)) score += 2;
      else if (name.includes(w) || id.includes(w)) score += 1;
      else {
        score = -1;
        break;
      }
    }
    if (score > 0) scored.push({ unit, score });
  }
  // a stable sort keeps the roster's order among equals
  return scored
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map((s) => s.unit);
}
