import {
  CategoryRule,
  PRIORITY_BANDS,
  sameRules,
  type CategoryRules,
  type CategoryRulesUpdate,
  type CategoryRulesView
} from '../../shared/category-rules.ts';
import { INCIDENT_CATEGORIES } from '../../shared/domain.ts';
import { CommandError, ErrorCode } from '../../shared/result.ts';
import { checker } from '../../shared/validate.ts';
import type { Store } from '../store/store.ts';
import { DEFAULT_CATEGORY_RULES } from './category-defaults.ts';

/**
 * The category table in force. The dispatch service reads `rules` on every recommendation and every new incident,
 * so a change an admin saves applies to the next ranking without a restart. Changes are versioned in the store
 * (a change made from an older version is refused); the version in force is kept in memory.
 */

/** what ranking and planning read: the table as it is at that moment */
export interface CategoryRulesSource {
  readonly rules: CategoryRules;
}

/** a source that never changes: the defaults, for a service opened without the admin's table (tests, bench) */
export const DEFAULT_RULES_SOURCE: CategoryRulesSource = { rules: DEFAULT_CATEGORY_RULES };

export class CategoryRulesBook implements CategoryRulesSource {
  readonly #store: Store;
  #view: Omit<CategoryRulesView, 'defaults'>;

  private constructor(store: Store, view: Omit<CategoryRulesView, 'defaults'>) {
    this.#store = store;
    this.#view = view;
  }

  static async open(store: Store): Promise<CategoryRulesBook> {
    const kept = await store.categoryRules();
    if (!kept)
      return new CategoryRulesBook(store, {
        version: 0,
        updatedAt: null,
        updatedBy: null,
        rules: DEFAULT_CATEGORY_RULES
      });
    return new CategoryRulesBook(store, {
      version: kept.version,
      updatedAt: kept.createdAt,
      updatedBy: kept.actor,
      rules: readKept(kept.rules)
    });
  }

  get rules(): CategoryRules {
    return this.#view.rules;
  }

  view(): CategoryRulesView {
    return { ...this.#view, defaults: DEFAULT_CATEGORY_RULES };
  }

  /**
   * Keeps a schema-checked table as the next version and puts it in force; the same table again keeps nothing
   * (`changed` false). Refused: a priority without a first-line kind (nobody would rank first), or a change made
   * from a version that is no longer the newest.
   */
  async update(
    u: CategoryRulesUpdate,
    actor: string,
    now: number
  ): Promise<{ view: CategoryRulesView; changed: boolean }> {
    for (const category of INCIDENT_CATEGORIES)
      for (const priority of PRIORITY_BANDS)
        if (u.rules[category].priorities[priority].kinds.length === 0)
          throw new CommandError(ErrorCode.INVALID, 'category_rule_no_kind', {
            category,
            priority
          });
    const stale = () =>
      new CommandError(ErrorCode.INVALID_TRANSITION, 'category_rules_stale', {
        version: this.#view.version,
        base: u.baseVersion
      });
    if (u.baseVersion !== this.#view.version) throw stale();
    if (sameRules(this.#view.rules, u.rules)) return { view: this.view(), changed: false };
    const version = await this.#store.addCategoryRules(
      { createdAt: now, actor, rules: u.rules },
      u.baseVersion
    );
    // another server process on the same store saved first: its version is not ours to overwrite
    if (version === null) throw stale();
    this.#view = { version, updatedAt: now, updatedBy: actor, rules: u.rules };
    return { view: this.view(), changed: true };
  }
}

/**
 * A kept table as the server can use it: a category it lacks or holds in a shape this build does not read (kept
 * by an older or newer build) takes its default, so ranking never meets a hole.
 */
function readKept(kept: unknown): CategoryRules {
  const table = (typeof kept === 'object' && kept !== null ? kept : {}) as Record<string, unknown>;
  const check = checker(CategoryRule);
  return Object.fromEntries(
    INCIDENT_CATEGORIES.map((c) => {
      const r = table[c];
      const usable =
        check.Check(r) && PRIORITY_BANDS.every((p) => r.priorities[p].kinds.length > 0);
      return [c, usable ? r : DEFAULT_CATEGORY_RULES[c]];
    })
  ) as CategoryRules;
}
