import { randomBytes, randomUUID } from 'node:crypto';
import type {
  IntegrationCreate,
  IntegrationCreated,
  IntegrationUpdate,
  IntegrationView
} from '../../shared/access.ts';
import { CommandError, ErrorCode } from '../../shared/result.ts';
import type { IntegrationRecord, Store } from '../store/store.ts';
import { Scope } from './scope.ts';
import { sha256, type Session } from './service.ts';

/**
 * API keys for outside systems that create incidents (hotline platforms, camera alarms). A key is shown once and
 * stored only as its hash; a request with a valid key acts as that integration: it may create incidents anywhere
 * in the district, carrying the integration's source, and nothing else (only routes that accept keys look at one).
 */
export class Integrations {
  readonly #store: Store;
  readonly #byHash = new Map<string, IntegrationRecord>();

  private constructor(store: Store) {
    this.#store = store;
  }

  static async open(store: Store): Promise<Integrations> {
    const s = new Integrations(store);
    for (const i of await store.integrations()) s.#byHash.set(i.keyHash, i);
    return s;
  }

  list(): IntegrationView[] {
    return [...this.#byHash.values()].map(view).sort((a, b) => a.name.localeCompare(b.name));
  }

  async create(c: IntegrationCreate, now = Date.now()): Promise<IntegrationCreated> {
    if ([...this.#byHash.values()].some((i) => i.name === c.name)) {
      throw new CommandError(ErrorCode.INVALID, 'integration_exists', { name: c.name });
    }
    const key = `gw_${randomBytes(24).toString('base64url')}`;
    const rec: IntegrationRecord = {
      id: randomUUID(),
      name: c.name,
      source: c.source,
      disabled: false,
      createdAt: now,
      keyHash: sha256(key)
    };
    await this.#store.putIntegration(rec);
    this.#byHash.set(rec.keyHash, rec);
    return { integration: view(rec), key };
  }

  async update(id: string, u: IntegrationUpdate): Promise<IntegrationView> {
    const old = [...this.#byHash.values()].find((i) => i.id === id);
    if (!old) throw new CommandError(ErrorCode.NOT_FOUND, 'not_found', { kind: 'integration', id });
    const next = { ...old, disabled: u.disabled };
    await this.#store.putIntegration(next);
    this.#byHash.set(next.keyHash, next);
    return view(next);
  }

  /** The session a valid, enabled key stands for, or null. */
  fromKey(key: string, now = Date.now()): (Session & { source: IntegrationView['source'] }) | null {
    if (key.length > 200) return null;
    const i = this.#byHash.get(sha256(key));
    if (!i || i.disabled) return null;
    const account = {
      id: `integration:${i.id}`,
      username: `api:${i.name}`,
      role: 'dispatcher' as const,
      towns: null,
      unitId: null,
      disabled: false,
      label: i.name
    };
    return {
      idHash: `integration:${i.id}`,
      account,
      scope: new Scope(account),
      createdAt: i.createdAt,
      expiresAt: now + 60_000,
      source: i.source
    };
  }
}

function view(i: IntegrationRecord): IntegrationView {
  return { id: i.id, name: i.name, source: i.source, disabled: i.disabled, createdAt: i.createdAt };
}
