import { Type, type Static } from '@sinclair/typebox';
import { INCIDENT_CATEGORIES, Skill, UnitKind, type IncidentCategory } from './domain.ts';

/**
 * What each incident category needs, as an admin keeps it on /admin: per priority, the unit kinds that respond
 * first (they rank before every other kind; the others can still be offered by hand) and how many units the
 * incident needs; per category, the skills that count in the ranking. The server holds one version in force and
 * reads it on every recommendation, so an accepted change applies to the next ranking.
 */

export const PRIORITY_BANDS = ['1', '2', '3', '4'] as const;
export type PriorityBand = (typeof PRIORITY_BANDS)[number];

/** more would only make the ladder pester the whole neighbourhood */
export const MAX_UNITS_NEEDED = 10;

export const PriorityRule = Type.Object(
  {
    /** first-line unit kinds; at least one (checked with a refusal that names the category and priority) */
    kinds: Type.Array(UnitKind, { uniqueItems: true, maxItems: 5 }),
    unitsNeeded: Type.Integer({ minimum: 1, maximum: MAX_UNITS_NEEDED })
  },
  { additionalProperties: false }
);
export type PriorityRule = Static<typeof PriorityRule>;

export const CategoryRule = Type.Object(
  {
    /** each by the priority's number as a key, '1' (most urgent) to '4' */
    priorities: Type.Object(
      { 1: PriorityRule, 2: PriorityRule, 3: PriorityRule, 4: PriorityRule },
      { additionalProperties: false }
    ),
    /** skills that earn a unit the skill discount for this category; may be empty */
    skills: Type.Array(Skill, { uniqueItems: true, maxItems: 5 })
  },
  { additionalProperties: false }
);
export type CategoryRule = Static<typeof CategoryRule>;

export const CategoryRules = Type.Object(
  Object.fromEntries(INCIDENT_CATEGORIES.map((c) => [c, CategoryRule])) as Record<
    IncidentCategory,
    typeof CategoryRule
  >,
  { additionalProperties: false }
);
export type CategoryRules = Static<typeof CategoryRules>;

/** `GET /api/category-rules`: the table in force, who last changed it, and the defaults to go back to */
export const CategoryRulesView = Type.Object({
  /** 0 for the built-in defaults, then one more with every accepted change */
  version: Type.Integer({ minimum: 0 }),
  updatedAt: Type.Union([Type.Number(), Type.Null()]),
  updatedBy: Type.Union([Type.String(), Type.Null()]),
  rules: CategoryRules,
  defaults: CategoryRules
});
export type CategoryRulesView = Static<typeof CategoryRulesView>;

/** `POST /api/category-rules`: the whole table, made from the version the admin looked at */
export const CategoryRulesUpdate = Type.Object(
  {
    /** a change made from an older version is refused, so one admin never silently undoes another's */
    baseVersion: Type.Integer({ minimum: 0 }),
    rules: CategoryRules
  },
  { additionalProperties: false }
);
export type CategoryRulesUpdate = Static<typeof CategoryRulesUpdate>;

/** Whether two tables say the same, whatever order the kinds and skills were ticked in. */
export function sameRules(a: CategoryRules, b: CategoryRules): boolean {
  const set = (xs: readonly string[]) => [...xs].sort().join();
  return INCIDENT_CATEGORIES.every(
    (c) =>
      set(a[c].skills) === set(b[c].skills) &&
      PRIORITY_BANDS.every(
        (p) =>
          set(a[c].priorities[p].kinds) === set(b[c].priorities[p].kinds) &&
          a[c].priorities[p].unitsNeeded === b[c].priorities[p].unitsNeeded
      )
  );
}
