import {
  PRIORITY_BANDS,
  sameRules,
  type CategoryRules,
  type CategoryRulesView,
  type PriorityBand
} from '../../../shared/category-rules.ts';
import {
  INCIDENT_CATEGORIES,
  type IncidentCategory,
  type Skill,
  type UnitKind
} from '../../../shared/domain.ts';
import type { Api } from './api.ts';
import { errorText } from './errors.ts';

/**
 * The category table on /admin: the version in force (`GET /api/category-rules`) and the admin's draft of the
 * next one, saved whole with the version it was made from (`POST`), so a change another admin saved meanwhile is
 * refused rather than undone. A priority left without a first-line kind cannot be saved: nobody would rank first.
 */

export interface MissingKind {
  category: IncidentCategory;
  priority: PriorityBand;
}

export class CategoryRulesEditor {
  #api: Api;
  #view = $state.raw<CategoryRulesView | null>(null);
  #draft = $state.raw<CategoryRules | null>(null);
  #loading = $state(false);
  #saving = $state(false);
  #error = $state('');
  #saved = $state(false);
  /** called after every change the server accepted, so the audit log can follow */
  onchange: () => void = () => {};

  constructor(api: Api) {
    this.#api = api;
  }

  get view(): CategoryRulesView | null {
    return this.#view;
  }
  get draft(): CategoryRules | null {
    return this.#draft;
  }
  get loading(): boolean {
    return this.#loading;
  }
  get saving(): boolean {
    return this.#saving;
  }
  get error(): string {
    return this.#error;
  }
  /** the last save was accepted and nothing changed since */
  get saved(): boolean {
    return this.#saved;
  }
  get dirty(): boolean {
    return !!this.#view && !!this.#draft && !sameRules(this.#view.rules, this.#draft);
  }
  get isDefault(): boolean {
    return !!this.#draft && !!this.#view && sameRules(this.#draft, this.#view.defaults);
  }
  /** priorities the draft leaves without a first-line kind, in table order */
  get missing(): MissingKind[] {
    const d = this.#draft;
    if (!d) return [];
    return INCIDENT_CATEGORIES.flatMap((category) =>
      PRIORITY_BANDS.filter((p) => d[category].priorities[p].kinds.length === 0).map(
        (priority) => ({ category, priority })
      )
    );
  }

  async load(): Promise<void> {
    this.#loading = true;
    const res = await this.#api.call<CategoryRulesView>('GET', '/api/category-rules');
    this.#loading = false;
    if (!res.ok) {
      this.#error = errorText(res);
      return;
    }
    this.#error = '';
    this.#view = res.data;
    this.#draft = res.data.rules;
  }

  hasKind(category: IncidentCategory, priority: PriorityBand, kind: UnitKind): boolean {
    return this.#draft?.[category].priorities[priority].kinds.includes(kind) ?? false;
  }

  hasSkill(category: IncidentCategory, skill: Skill): boolean {
    return this.#draft?.[category].skills.includes(skill) ?? false;
  }

  setKind(category: IncidentCategory, priority: PriorityBand, kind: UnitKind, on: boolean): void {
    this.#edit(category, (r) => {
      const band = r.priorities[priority];
      const kinds = band.kinds.filter((k) => k !== kind);
      return {
        ...r,
        priorities: {
          ...r.priorities,
          [priority]: { ...band, kinds: on ? [...kinds, kind] : kinds }
        }
      };
    });
  }

  setSkill(category: IncidentCategory, skill: Skill, on: boolean): void {
    this.#edit(category, (r) => {
      const skills = r.skills.filter((s) => s !== skill);
      return { ...r, skills: on ? [...skills, skill] : skills };
    });
  }

  setUnitsNeeded(category: IncidentCategory, priority: PriorityBand, n: number): void {
    if (!Number.isInteger(n) || n < 1) return;
    this.#edit(category, (r) => ({
      ...r,
      priorities: { ...r.priorities, [priority]: { ...r.priorities[priority], unitsNeeded: n } }
    }));
  }

  restoreDefaults(): void {
    if (!this.#view) return;
    this.#draft = this.#view.defaults;
    this.#saved = false;
  }

  revert(): void {
    if (!this.#view) return;
    this.#draft = this.#view.rules;
    this.#saved = false;
  }

  /** Resolves with whether the server took it; a refusal is shown as `error`. */
  async save(): Promise<boolean> {
    const view = this.#view;
    const draft = this.#draft;
    if (!view || !draft || this.#saving || this.missing.length) return false;
    this.#saving = true;
    const res = await this.#api.call<CategoryRulesView>('POST', '/api/category-rules', {
      baseVersion: view.version,
      rules: draft
    });
    this.#saving = false;
    if (!res.ok) {
      this.#error = errorText(res);
      return false;
    }
    this.#error = '';
    this.#view = res.data;
    this.#draft = res.data.rules;
    this.#saved = true;
    this.onchange();
    return true;
  }

  #edit(
    category: IncidentCategory,
    change: (r: CategoryRules[IncidentCategory]) => CategoryRules[IncidentCategory]
  ) {
    if (!this.#draft) return;
    this.#draft = { ...this.#draft, [category]: change(this.#draft[category]) };
    this.#saved = false;
  }
}
