import type { BacklogResult, PositionReport } from '../../../shared/commands.ts';
import type { CommandResult } from './live.svelte.ts';
import type { Refused } from './errors.ts';
import type { EntryStore } from './outbox-store.ts';
import {
  nextSend,
  photoIds,
  verdictOf,
  withPhotos,
  type CommandEntry,
  type OutboxEntry,
  type PhotoSlot,
  type PositionEntry,
  type QueuedCommand
} from './outbox-plan.ts';

/**
 * Everything a field phone sends that must not be lost: the commands a person pressed and, while the connection is
 * down, the fixes it kept. Each is written to the store before anything else happens, then sent in order whenever
 * the link is up (`flush`): photos uploaded first, then the command with their ids and its original `commandId`
 * and `pressedAt`, so a retry after a lost answer cannot act twice. An entry the server refuses stays on screen
 * until dismissed; one that got no answer waits for the next try.
 */

/** What the outbox sends through. */
export interface OutboxLink {
  /** whether a request can go out now (the socket is connected) */
  readonly connected: boolean;
  send(command: QueuedCommand): Promise<CommandResult<unknown>>;
  backlog(reports: PositionReport[]): Promise<CommandResult<BacklogResult>>;
  upload(photo: Blob): Promise<UploadResult>;
}

/** keep: the upload may succeed later (no network, server busy); otherwise the server will never take it */
export type UploadResult = { ok: true; id: string } | ({ ok: false; keep: boolean } & Refused);

export interface OutboxOptions {
  /** an accepted command and the server's answer, so the screen can apply it at once */
  onsent?: (command: QueuedCommand, data: unknown) => void;
  /** after a try that got no answer while connected: wait this long before the next */
  retryMs?: number;
  /** a name for the cross-tab lock, so two tabs of the same unit never send the same entry twice */
  lockName?: string;
}

const RETRY_MS = 5000;

export class Outbox {
  #store: Promise<EntryStore>;
  #link: OutboxLink;
  #options: OutboxOptions;
  #entries = $state.raw<OutboxEntry[]>([]);
  #droppedPhotos = $state<Refused[]>([]);
  #loaded = $state(false);
  #draining: Promise<void> | null = null;
  #again = false;
  #retry: ReturnType<typeof setTimeout> | null = null;
  #closed = false;

  constructor(store: Promise<EntryStore>, link: OutboxLink, options: OutboxOptions = {}) {
    this.#store = store;
    this.#link = link;
    this.#options = options;
    void this.#reload();
  }

  /** every entry still held, oldest first: waiting ones and refused ones */
  get entries(): readonly OutboxEntry[] {
    return this.#entries;
  }
  /** whether the entries kept from before this page was loaded have been read */
  get loaded(): boolean {
    return this.#loaded;
  }
  /** positions and commands still to send */
  get waiting(): number {
    return this.#entries.filter((e) => e.kind === 'position' || !e.refused).length;
  }
  get waitingPositions(): number {
    return this.#entries.filter((e) => e.kind === 'position').length;
  }
  /** commands still to send, oldest first */
  get pending(): CommandEntry[] {
    return this.#entries.filter((e): e is CommandEntry => e.kind === 'command' && !e.refused);
  }
  /** commands the server would not take, for the person to read and dismiss */
  get refused(): CommandEntry[] {
    return this.#entries.filter((e): e is CommandEntry => e.kind === 'command' && !!e.refused);
  }
  /** why photos were left off their command (the server would not take them) */
  get droppedPhotos(): readonly Refused[] {
    return this.#droppedPhotos;
  }

  /** Keeps a command, with the photos to upload before it, and starts sending. Resolves once it is kept. */
  async push(command: QueuedCommand, photos: readonly Blob[] = []): Promise<void> {
    const store = await this.#store;
    const entry = {
      kind: 'command' as const,
      command,
      photos: photos.map((blob): PhotoSlot => ({ blob })),
      refused: null
    };
    const seq = await store.add(entry);
    this.#entries = [...this.#entries, { ...entry, seq }];
    void this.flush();
  }

  /** Keeps a fix taken while the connection is down, for the backlog sent on reconnect. */
  async keepPosition(report: PositionReport): Promise<void> {
    const store = await this.#store;
    const entry = { kind: 'position' as const, report };
    const seq = await store.add(entry);
    this.#entries = [...this.#entries, { ...entry, seq }];
  }

  /** The person has read a refusal: the entry goes. */
  async dismiss(seq: number): Promise<void> {
    const store = await this.#store;
    await store.delete([seq]);
    this.#entries = this.#entries.filter((e) => e.seq !== seq);
  }

  dismissPhotoNotices(): void {
    this.#droppedPhotos = [];
  }

  /** Sends what waits, in order, while the link is up. Calls during a run make it look again before it ends. */
  flush(): Promise<void> {
    if (this.#draining) {
      this.#again = true;
      return this.#draining;
    }
    this.#draining = this.#locked(() => this.#drain()).finally(() => (this.#draining = null));
    return this.#draining;
  }

  close(): void {
    this.#closed = true;
    if (this.#retry) clearTimeout(this.#retry);
    void this.#store.then((s) => s.close());
  }

  async #reload(): Promise<void> {
    const store = await this.#store;
    this.#entries = await store.all();
    this.#loaded = true;
  }

  async #drain(): Promise<void> {
    do {
      this.#again = false;
      // read from the store: another tab may have sent (and removed) entries while this one waited for the lock
      await this.#reload();
      while (!this.#closed && this.#link.connected) {
        const next = nextSend(this.#entries);
        if (!next) break;
        const moved =
          next.kind === 'backlog'
            ? await this.#sendBacklog(next.entries)
            : await this.#sendCommand(next.entry);
        if (!moved) {
          this.#retryLater();
          return;
        }
      }
    } while (this.#again && !this.#closed && this.#link.connected);
  }

  /** false when the backlog must wait for another try */
  async #sendBacklog(entries: PositionEntry[]): Promise<boolean> {
    const res = await this.#link.backlog(entries.map((e) => e.report));
    const verdict = verdictOf(res);
    if (verdict === 'keep') return false;
    // refused as a whole (it would be again): positions are not presses, so they go
    if (verdict === 'refused') console.warn('outbox: backlog refused', res);
    await this.#remove(entries.map((e) => e.seq));
    return true;
  }

  /** false when the command must wait for another try */
  async #sendCommand(entry: CommandEntry): Promise<boolean> {
    const store = await this.#store;
    // photos first, one at a time, each id written down at once so a reload never uploads one twice
    for (;;) {
      const i = entry.photos.findIndex((s) => 'blob' in s);
      if (i < 0) break;
      const up = await this.#link.upload((entry.photos[i] as { blob: Blob }).blob);
      if (!up.ok && up.keep) return false;
      // a photo the server will never take is left off: the status change matters more than the picture
      if (!up.ok)
        this.#droppedPhotos = [...this.#droppedPhotos, { error: up.error, detail: up.detail }];
      const photos = up.ok
        ? entry.photos.map((s, j): PhotoSlot => (j === i ? { id: up.id } : s))
        : entry.photos.filter((_, j) => j !== i);
      entry = { ...entry, photos };
      await store.put(entry);
      this.#replace(entry);
    }
    const command = withPhotos(entry.command, photoIds(entry.photos) ?? []);
    const res = await this.#link.send(command);
    const verdict = verdictOf(res);
    if (verdict === 'keep') return false;
    if (res.ok) {
      await this.#remove([entry.seq]);
      this.#options.onsent?.(command, res.data);
      return true;
    }
    const refused: CommandEntry = {
      ...entry,
      refused: { error: res.error, detail: 'detail' in res ? res.detail : undefined }
    };
    await store.put(refused);
    this.#replace(refused);
    return true;
  }

  async #remove(seqs: number[]): Promise<void> {
    const store = await this.#store;
    await store.delete(seqs);
    const gone = new Set(seqs); // eslint-disable-line svelte/prefer-svelte-reactivity -- local to this call
    this.#entries = this.#entries.filter((e) => !gone.has(e.seq));
  }

  #replace(entry: OutboxEntry): void {
    this.#entries = this.#entries.map((e) => (e.seq === entry.seq ? entry : e));
  }

  #retryLater(): void {
    if (this.#closed || this.#retry) return;
    this.#retry = setTimeout(() => {
      this.#retry = null;
      void this.flush();
    }, this.#options.retryMs ?? RETRY_MS);
  }

  /** Runs `fn` holding the unit's cross-tab lock where the browser has Web Locks; alone otherwise. */
  #locked(fn: () => Promise<void>): Promise<void> {
    const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
    const name = this.#options.lockName;
    return locks && name ? locks.request(name, fn).then(() => undefined) : fn();
  }
}
