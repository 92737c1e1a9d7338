import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { NewEntry, OutboxEntry } from './outbox-plan.ts';

/**
 * The outbox on disk: one IndexedDB database per unit, one object store numbered by an auto-increment key, so
 * `seq` is the order things were pressed and survives a reload, a crash and a flat battery. Photo blobs are kept
 * inside their command until uploaded. A database per unit keeps one account's waiting commands from being sent
 * by another account that signs in on the same phone.
 */

export interface EntryStore {
  /** Appends an entry; resolves with its `seq` once it is kept. */
  add(entry: NewEntry): Promise<number>;
  /** Every entry, oldest first. */
  all(): Promise<OutboxEntry[]>;
  /** Rewrites an entry in place (a photo uploaded, a refusal noted). */
  put(entry: OutboxEntry): Promise<void>;
  /** Removes entries at once: a backlog that arrived goes all together or not at all. */
  delete(seqs: readonly number[]): Promise<void>;
  close(): void;
}

interface OutboxSchema extends DBSchema {
  entries: { key: number; value: OutboxEntry };
}

const VERSION = 1;

export class IdbEntryStore implements EntryStore {
  readonly #db: IDBPDatabase<OutboxSchema>;

  private constructor(db: IDBPDatabase<OutboxSchema>) {
    this.#db = db;
  }

  static async open(unitId: string): Promise<IdbEntryStore> {
    const db = await openDB<OutboxSchema>(databaseName(unitId), VERSION, {
      upgrade(d) {
        d.createObjectStore('entries', { keyPath: 'seq', autoIncrement: true });
      }
    });
    return new IdbEntryStore(db);
  }

  add(entry: NewEntry): Promise<number> {
    // the store fills in `seq` from its key generator (keyPath + autoIncrement)
    return this.#db.add('entries', entry as OutboxEntry);
  }

  all(): Promise<OutboxEntry[]> {
    return this.#db.getAll('entries');
  }

  async put(entry: OutboxEntry): Promise<void> {
    await this.#db.put('entries', entry);
  }

  async delete(seqs: readonly number[]): Promise<void> {
    const tx = this.#db.transaction('entries', 'readwrite');
    await Promise.all([...seqs.map((s) => tx.store.delete(s)), tx.done]);
  }

  close(): void {
    this.#db.close();
  }
}

/**
 * Entries in memory only, for a browser that gives this page no IndexedDB (some private modes): the queue still
 * orders and sends what was pressed, it just does not outlive the page.
 */
export class MemoryEntryStore implements EntryStore {
  #entries: OutboxEntry[] = [];
  #next = 1;

  async add(entry: NewEntry): Promise<number> {
    const seq = this.#next++;
    this.#entries.push({ ...entry, seq } as OutboxEntry);
    return seq;
  }

  async all(): Promise<OutboxEntry[]> {
    return [...this.#entries];
  }

  async put(entry: OutboxEntry): Promise<void> {
    this.#entries = this.#entries.map((e) => (e.seq === entry.seq ? entry : e));
  }

  async delete(seqs: readonly number[]): Promise<void> {
    const gone = new Set(seqs);
    this.#entries = this.#entries.filter((e) => !gone.has(e.seq));
  }

  close(): void {}
}

/** The unit's store on disk, or one in memory when this browser has no usable IndexedDB. */
export async function openEntryStore(unitId: string): Promise<EntryStore> {
  try {
    return await IdbEntryStore.open(unitId);
  } catch (err) {
    console.warn('outbox: no IndexedDB, keeping the queue in memory', err);
    return new MemoryEntryStore();
  }
}

export function databaseName(unitId: string): string {
  return `gridwatch-outbox-${unitId}`;
}
