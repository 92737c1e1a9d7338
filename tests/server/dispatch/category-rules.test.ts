import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../shared/access.ts';
import type { CategoryRules, CategoryRulesView } from '../../../shared/category-rules.ts';
import type { Incident } from '../../../shared/domain.ts';
import { Scope } from '../../../server/access/scope.ts';
import { DEFAULT_CATEGORY_RULES } from '../../../server/dispatch/category-defaults.ts';
import { CategoryRulesBook } from '../../../server/dispatch/category-rules.ts';
import { openSqliteStore } from '../../../server/store/sqlite-store.ts';
import { startServer } from '../../fixtures/server.ts';

/**
 * The category table over HTTP: the admin reads it and saves a new version, the server checks it (schema, a
 * first-line kind for every priority, the version it was made from), audits it, keeps it, and the next
 * recommendation and the next incident follow it without a restart.
 */

type Server = Awaited<ReturnType<typeof startServer>>;

const AT = { lng: 118.8745, lat: 31.3235 };
/** metres per degree of longitude here, near enough for "about 98 m" */
const M_PER_DEG_LNG = 95_100;
const DESK = Scope.system('test');

const clone = (r: CategoryRules): CategoryRules => structuredClone(r);

describe('category rules (admin)', () => {
  let server: Server;
  let mediator = '';
  let patrol = '';

  beforeAll(async () => {
    server = await startServer({ units: 50 });
    const { live } = server.app.gridwatch;
    mediator = live.all().find((u) => u.kind === 'mediator')!.id;
    patrol = live.all().find((u) => u.kind === 'patrol')!.id;
    const now = Date.now();
    for (const [id, metres] of [
      [mediator, 98],
      [patrol, 2000]
    ] as const) {
      const why = live.report(
        { unitId: id, lng: AT.lng + metres / M_PER_DEG_LNG, lat: AT.lat, time: now, accuracyM: 10 },
        now
      );
      if (why !== 'live') throw new Error(`fix of ${id} rejected: ${why}`);
    }
  });
  afterAll(async () => server.close());

  const read = async (as = 'admin') => server.as(as, { method: 'GET', url: '/api/category-rules' });
  const save = async (payload: unknown, as = 'admin') =>
    server.as(as, { method: 'POST', url: '/api/category-rules', payload: payload as object });
  const version = async () => ((await read()).json() as CategoryRulesView).version;
  /** the accepted changes in the audit log (the dispatcher's refused try is there too, as denied) */
  const audited = async () =>
    (
      (await server.as('admin', { method: 'GET', url: '/api/audit' })).json() as AuditRecord[]
    ).filter((r) => r.action === 'category_rules.update' && r.outcome === 'ok');

  async function fireP1(): Promise<Incident> {
    const res = await server.as('dispatcher', {
      method: 'POST',
      url: '/api/incidents',
      payload: { category: 'fire', priority: 1, ...AT, source: 'hotline', description: '火情' }
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Incident;
  }

  async function ranked(incidentId: string): Promise<string[]> {
    const res = await server.app.gridwatch.dispatch.recommend(incidentId, 5, DESK);
    if (!res.ok) throw new Error(`recommend: ${res.error} ${res.message}`);
    return res.data.map((r) => r.unitId);
  }

  it('serves the defaults as version 0 to an admin, and nothing to a dispatcher', async () => {
    const res = await read();
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      version: 0,
      updatedAt: null,
      updatedBy: null,
      rules: DEFAULT_CATEGORY_RULES,
      defaults: DEFAULT_CATEGORY_RULES
    });
    expect((await read('dispatcher')).statusCode).toBe(403);
    const rules = clone(DEFAULT_CATEGORY_RULES);
    rules.fire.priorities[1].kinds = ['mediator'];
    expect((await save({ baseVersion: 0, rules }, 'dispatcher')).statusCode).toBe(403);
    expect(await version()).toBe(0);
  });

  it('refuses a priority without a first-line kind, naming it, and changes nothing', async () => {
    const rules = clone(DEFAULT_CATEGORY_RULES);
    rules.injury.priorities[3].kinds = [];
    const res = await save({ baseVersion: 0, rules });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: 'INVALID',
      detail: { key: 'category_rule_no_kind', values: { category: 'injury', priority: '3' } }
    });
    expect(await version()).toBe(0);
  });

  it('refuses a table the schema does not take, and changes nothing', async () => {
    const bad: Array<(r: Record<string, unknown> & CategoryRules) => void> = [
      (r) => ((r.fire.priorities[1].kinds as string[]) = ['police']),
      (r) => (r.fire.priorities[1].unitsNeeded = 0),
      (r) => (r.fire.priorities[1].unitsNeeded = 1.5),
      (r) => (r.fire.priorities[2].kinds = ['patrol', 'patrol']),
      (r) => ((r.fire.skills as string[]) = ['swimming']),
      (r) => delete (r as Partial<CategoryRules>).petition,
      (r) => (r.earthquake = r.fire)
    ];
    for (const spoil of bad) {
      const rules = clone(DEFAULT_CATEGORY_RULES) as Record<string, unknown> & CategoryRules;
      spoil(rules);
      const res = await save({ baseVersion: 0, rules });
      expect(res.statusCode, JSON.stringify(rules.fire)).toBe(400);
      expect(res.json()).toMatchObject({ error: 'INVALID', detail: { key: 'invalid_field' } });
    }
    expect((await save({ rules: DEFAULT_CATEGORY_RULES })).statusCode).toBe(400);
    expect(await version()).toBe(0);
  });

  it('applies a saved table to the next recommendation and the next incident, and audits the version', async () => {
    const before = await fireP1();
    expect(before.unitsNeeded).toBe(2);
    expect(await ranked(before.id)).toEqual([patrol, mediator]);

    const rules = clone(DEFAULT_CATEGORY_RULES);
    rules.fire.priorities[1] = { kinds: ['mediator'], unitsNeeded: 3 };
    const res = await save({ baseVersion: 0, rules });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ version: 1, updatedBy: 'admin', rules });

    // the same open incident, ranked again: no restart, no new incident needed
    expect(await ranked(before.id)).toEqual([mediator, patrol]);
    expect((await fireP1()).unitsNeeded).toBe(3);

    expect(await audited()).toEqual([
      expect.objectContaining({
        actor: 'admin',
        target: 'v1',
        outcome: 'ok',
        detail: { values: { version: 1, previous: 0 } }
      })
    ]);
  });

  it('keeps no version and audits nothing for the same table saved again, in another order', async () => {
    const rules = clone((await read()).json().rules as CategoryRules);
    rules.fire.priorities[2].kinds.reverse();
    const res = await save({ baseVersion: 1, rules });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ version: 1 });
    expect(await audited()).toHaveLength(1);
  });

  it('refuses a change made from a version that is no longer the newest', async () => {
    const rules = clone(DEFAULT_CATEGORY_RULES);
    rules.traffic.priorities[4].unitsNeeded = 2;
    const res = await save({ baseVersion: 0, rules });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      error: 'INVALID_TRANSITION',
      detail: { key: 'category_rules_stale', values: { version: 1, base: 0 } }
    });
    expect(await version()).toBe(1);
  });

  it('keeps the table in the store: opened again, it is the one in force', async () => {
    const store = openSqliteStore(join(server.dataDir, 'gridwatch.sqlite'));
    try {
      const book = await CategoryRulesBook.open(store);
      expect(book.view()).toMatchObject({ version: 1, updatedBy: 'admin' });
      expect(book.rules.fire.priorities[1]).toEqual({ kinds: ['mediator'], unitsNeeded: 3 });
    } finally {
      await store.close();
    }
  });
});

describe('CategoryRulesBook', () => {
  it('takes the default for a category the kept table lacks or holds in a shape it cannot read', async () => {
    const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'gw-rules-')), 's.sqlite'));
    try {
      const kept = clone(DEFAULT_CATEGORY_RULES) as Partial<CategoryRules> &
        Record<string, unknown>;
      kept.fire!.priorities[1].kinds = ['volunteer'];
      delete kept.dispute;
      kept.injury = { priorities: 'all' } as never;
      expect(await store.addCategoryRules({ createdAt: 1, actor: 'old', rules: kept }, 0)).toBe(1);
      const book = await CategoryRulesBook.open(store);
      expect(book.rules.fire.priorities[1].kinds).toEqual(['volunteer']);
      expect(book.rules.dispute).toEqual(DEFAULT_CATEGORY_RULES.dispute);
      expect(book.rules.injury).toEqual(DEFAULT_CATEGORY_RULES.injury);
    } finally {
      await store.close();
    }
  });

  it('keeps one of two changes made from the same version', async () => {
    const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'gw-rules-')), 's.sqlite'));
    try {
      const r = { createdAt: 1, actor: 'a', rules: DEFAULT_CATEGORY_RULES };
      expect(await store.addCategoryRules(r, 0)).toBe(1);
      expect(await store.addCategoryRules(r, 0)).toBeNull();
      expect(await store.addCategoryRules(r, 1)).toBe(2);
    } finally {
      await store.close();
    }
  });
});
