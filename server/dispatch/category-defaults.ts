import {
  INCIDENT_CATEGORIES,
  UNIT_KINDS,
  type IncidentCategory,
  type Skill,
  type UnitKind
} from '../../shared/domain.ts';
import type { CategoryRule, CategoryRules } from '../../shared/category-rules.ts';
import { P1_RESPONDERS } from './policy.ts';

/**
 * The category table a new installation starts from, and what /admin's 恢复默认 puts back. It keeps the ranking
 * as it was (every kind first-line, the skill each category has always counted, two units for a P1 fire, injury,
 * public-order or traffic incident) except where it sent the wrong people: a P1 goes to the P1 responders first
 * (patrol, security, grid workers: the units a blind spot counts), and a dispute or a petition to mediators.
 */

const SKILLS: Record<IncidentCategory, Skill[]> = {
  dispute: ['mediation'],
  petition: ['legal'],
  public_order: [],
  safety_hazard: [],
  fraud: ['legal'],
  fire: ['fire'],
  traffic: ['traffic'],
  injury: ['first_aid']
};

/** categories whose every priority goes to the people who talk a conflict down, not to those who come running */
const MEDIATED: ReadonlySet<IncidentCategory> = new Set(['dispute', 'petition']);
const TWO_UNITS_AT_P1: ReadonlySet<IncidentCategory> = new Set([
  'fire',
  'injury',
  'public_order',
  'traffic'
]);

export const DEFAULT_CATEGORY_RULES: CategoryRules = Object.fromEntries(
  INCIDENT_CATEGORIES.map((c) => [c, defaultRule(c)])
) as CategoryRules;

function defaultRule(c: IncidentCategory): CategoryRule {
  const band = (p: 1 | 2 | 3 | 4) => {
    const kinds: UnitKind[] = MEDIATED.has(c)
      ? ['mediator']
      : p === 1
        ? UNIT_KINDS.filter((k) => P1_RESPONDERS.has(k))
        : [...UNIT_KINDS];
    return { kinds, unitsNeeded: p === 1 && TWO_UNITS_AT_P1.has(c) ? 2 : 1 };
  };
  return { priorities: { 1: band(1), 2: band(2), 3: band(3), 4: band(4) }, skills: SKILLS[c] };
}
