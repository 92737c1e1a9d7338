import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { openSqliteStore } from '../store/sqlite-store.ts';
import type { Store } from '../store/store.ts';
import { DistrictService } from './district-service.ts';

/**
 * The command line's side of district versions: the store under DATA_DIR, when there is one, holds the district
 * in force (and the codes earlier versions retired) that a file is checked against; `--apply` keeps the checked
 * file as a new version there. A server running on the same DATA_DIR takes it up within seconds (`follow`).
 */

export interface CliDistricts {
  service: DistrictService;
  close(): Promise<void>;
}

/** who the audit log names for a version applied from the command line */
export function cliActor(): { actor: string; source: string } {
  return { actor: `cli:${userInfo().username}`, source: 'cli' };
}

export function storeFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(resolve(env.DATA_DIR || './data'), 'gridwatch.sqlite');
}

/** The district versions in DATA_DIR's store; null when there is no store yet and `create` is false. */
export async function openCliDistricts(create: boolean): Promise<CliDistricts | null> {
  const file = storeFile();
  if (!create && !existsSync(file)) return null;
  const store: Store = openSqliteStore(file);
  const service = await DistrictService.open(store, (r) =>
    store.appendAudit({ ...r, at: Date.now(), outcome: 'ok' })
  );
  return { service, close: () => store.close() };
}
