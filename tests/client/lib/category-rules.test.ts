import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Api, ApiResult } from '../../../client/src/lib/api.ts';
import { CategoryRulesEditor } from '../../../client/src/lib/category-rules.svelte.ts';
import { formatReasonLine } from '../../../client/src/lib/format.ts';
import { locale } from '../../../client/src/lib/locale.svelte.ts';
import type { CategoryRulesView } from '../../../shared/category-rules.ts';
import { ErrorCode, failure } from '../../../shared/result.ts';
import { DEFAULT_CATEGORY_RULES } from '../../../server/dispatch/category-defaults.ts';

/**
 * /admin's 派遣规则 against a recording API (the server's side is tests/server/dispatch/category-rules.test.ts):
 * a draft is saved whole with the version it was made from, a priority without a first-line kind is never sent,
 * refusals and the ranking's first-line reason read in the screen's language.
 */

interface Sent {
  method: string;
  path: string;
  body?: unknown;
}

class RecordingApi {
  sent: Sent[] = [];
  answers: Array<ApiResult<unknown>> = [];

  async call<T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
    this.sent.push({ method, path, body });
    const a = this.answers.shift();
    if (!a) throw new Error(`no answer for ${method} ${path}`);
    return a as ApiResult<T>;
  }
}

const VIEW: CategoryRulesView = {
  version: 0,
  updatedAt: null,
  updatedBy: null,
  rules: DEFAULT_CATEGORY_RULES,
  defaults: DEFAULT_CATEGORY_RULES
};
const ok = <T>(data: T): ApiResult<T> => ({ ok: true, status: 200, data });

let api: RecordingApi;
let rules: CategoryRulesEditor;

beforeEach(async () => {
  api = new RecordingApi();
  rules = new CategoryRulesEditor(api as unknown as Api);
  api.answers.push(ok(VIEW));
  await rules.load();
});
afterEach(() => locale.set('zh'));

describe('CategoryRulesEditor', () => {
  it('saves the whole draft with the version it was made from, and holds what the server answered', async () => {
    expect(rules.dirty).toBe(false);
    rules.setKind('fire', '1', 'mediator', true);
    rules.setKind('fire', '1', 'grid_worker', false);
    rules.setUnitsNeeded('fire', '1', 3);
    rules.setSkill('dispute', 'legal', true);
    expect(rules.dirty).toBe(true);
    const saved = {
      ...VIEW,
      version: 1,
      updatedAt: 1,
      updatedBy: 'admin',
      rules: rules.draft!
    };
    api.answers.push(ok(saved));
    expect(await rules.save()).toBe(true);
    const body = api.sent[1].body as { baseVersion: number; rules: typeof DEFAULT_CATEGORY_RULES };
    expect(api.sent[1]).toMatchObject({ method: 'POST', path: '/api/category-rules' });
    expect(body.baseVersion).toBe(0);
    expect(body.rules.fire.priorities[1]).toEqual({
      kinds: ['patrol', 'security', 'mediator'],
      unitsNeeded: 3
    });
    expect(body.rules.dispute.skills).toEqual(['mediation', 'legal']);
    expect(body.rules.injury).toEqual(DEFAULT_CATEGORY_RULES.injury);
    expect(rules.view?.version).toBe(1);
    expect(rules.dirty).toBe(false);
    expect(rules.saved).toBe(true);
  });

  it('never sends a table with a priority left without a first-line kind, and names it', async () => {
    for (const k of DEFAULT_CATEGORY_RULES.petition.priorities[2].kinds)
      rules.setKind('petition', '2', k, false);
    expect(rules.missing).toEqual([{ category: 'petition', priority: '2' }]);
    expect(await rules.save()).toBe(false);
    expect(api.sent).toHaveLength(1);
    rules.restoreDefaults();
    expect(rules.missing).toEqual([]);
    expect(rules.dirty).toBe(false);
  });

  it('says in Chinese why the server refused: another admin saved first, or a priority has no kind', async () => {
    rules.setUnitsNeeded('traffic', '4', 2);
    api.answers.push({
      ok: false,
      status: 409,
      ...failure(ErrorCode.INVALID_TRANSITION, 'category_rules_stale', { version: 2, base: 0 })
    });
    expect(await rules.save()).toBe(false);
    expect(rules.error).toContain('派遣规则已被他人改为第 2 版，请重新加载后再修改');
    api.answers.push({
      ok: false,
      status: 400,
      ...failure(ErrorCode.INVALID, 'category_rule_no_kind', { category: 'fire', priority: '1' })
    });
    expect(await rules.save()).toBe(false);
    expect(rules.error).toContain('火情 P1 至少要选一种首派力量');
    expect(rules.dirty).toBe(true);
  });
});

describe('the first-line reason', () => {
  const first = { kind: 'first_line', category: 'fire', priority: 1 } as const;

  it('says in Chinese whether the unit’s kind responds first to this category and priority', () => {
    expect(formatReasonLine([{ ...first, value: 'patrol', good: true }])).toBe(
      '火情 P1 首派：巡逻'
    );
    expect(formatReasonLine([{ ...first, value: 'mediator', good: false }])).toBe(
      '火情 P1 非首派：调解员'
    );
  });

  it('says it in English', () => {
    locale.set('en');
    expect(formatReasonLine([{ ...first, value: 'security', good: true }])).toBe(
      'Fire P1 first line: Security'
    );
    expect(formatReasonLine([{ ...first, value: 'mediator', good: false }])).toBe(
      'Fire P1 not first line: Mediator'
    );
  });
});
