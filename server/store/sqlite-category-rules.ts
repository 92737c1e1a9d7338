import type Database from 'better-sqlite3';
import type { CategoryRulesRecord, Store } from './store.ts';

/**
 * Versions of the category table (who responds first to what, the skills that count, the units needed): every
 * accepted change is a new row, the newest is in force, none means the built-in defaults. A change names the
 * version it was made from and is kept only if that is still the newest, in one transaction, so two admins
 * saving at once cannot both win.
 */

export const CATEGORY_RULES_SCHEMA = `
CREATE TABLE IF NOT EXISTS category_rules (
  version INTEGER PRIMARY KEY,
  created_at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  rules TEXT NOT NULL
);
`;

type CategoryRulesStore = Pick<Store, 'categoryRules' | 'addCategoryRules'>;

interface Row {
  version: number;
  created_at: number;
  actor: string;
  rules: string;
}

export function sqliteCategoryRules(db: Database.Database): CategoryRulesStore {
  db.exec(CATEGORY_RULES_SCHEMA);
  const q = {
    newest: db.prepare<[], Row>(
      'SELECT version, created_at, actor, rules FROM category_rules ORDER BY version DESC LIMIT 1'
    ),
    insert: db.prepare(
      'INSERT INTO category_rules (version, created_at, actor, rules) VALUES (?, ?, ?, ?)'
    )
  };
  const addTx = db.transaction(
    (r: Omit<CategoryRulesRecord, 'version'>, base: number): number | null => {
      if ((q.newest.get()?.version ?? 0) !== base) return null;
      q.insert.run(base + 1, r.createdAt, r.actor, JSON.stringify(r.rules));
      return base + 1;
    }
  );
  return {
    async categoryRules() {
      const r = q.newest.get();
      return (
        r && {
          version: r.version,
          createdAt: r.created_at,
          actor: r.actor,
          rules: JSON.parse(r.rules) as unknown
        }
      );
    },
    async addCategoryRules(r, baseVersion) {
      return addTx(r, baseVersion);
    }
  };
}
