import type {
  IncidentCreate,
  OfferRespond,
  PositionReport,
  UnitStatusCommand
} from '../../../shared/commands.ts';
import type { UnitStatus } from '../../../shared/domain.ts';
import type { CommandResult } from './live.svelte.ts';
import type { Refused } from './errors.ts';

/**
 * The rules of the phone's outbox, without storage or sockets: what goes out next, what an answer means for the
 * entry, and what the screen may show while entries wait. Entries leave in the order they were queued (`seq`): a
 * run of positions at the head goes as one `unit:backlog` (oldest first, at most BACKLOG_MAX), a command alone.
 */

/** the server takes at most this many reports in one `unit:backlog` */
export const BACKLOG_MAX = 300;

/** What a person pressed, as the socket request it becomes; `pressedAt` and `commandId` are set when pressed. */
export type QueuedCommand =
  | { event: 'unit:status'; payload: UnitStatusCommand }
  | { event: 'offer:respond'; payload: OfferRespond }
  | { event: 'incident:create'; payload: IncidentCreate };

/** a photo still to upload, or the id `POST /api/photos` gave it */
export type PhotoSlot = { blob: Blob } | { id: string };

export interface PositionEntry {
  seq: number;
  kind: 'position';
  report: PositionReport;
}

export interface CommandEntry {
  seq: number;
  kind: 'command';
  command: QueuedCommand;
  /** uploaded first, in order; their ids go into the command */
  photos: PhotoSlot[];
  /** set once the server refused it: the entry stays, inert, until the person dismisses it */
  refused: Refused | null;
}

export type OutboxEntry = PositionEntry | CommandEntry;
/** an entry before the store numbers it */
export type NewEntry = Omit<PositionEntry, 'seq'> | Omit<CommandEntry, 'seq'>;

export type Send =
  { kind: 'backlog'; entries: PositionEntry[] } | { kind: 'command'; entry: CommandEntry };

/** What to send next from entries in `seq` order, or null when nothing waits. Refused commands are skipped. */
export function nextSend(entries: readonly OutboxEntry[]): Send | null {
  const run: PositionEntry[] = [];
  for (const e of entries) {
    if (e.kind === 'command') {
      if (e.refused) continue;
      return run.length > 0 ? { kind: 'backlog', entries: run } : { kind: 'command', entry: e };
    }
    run.push(e);
    if (run.length === BACKLOG_MAX) break;
  }
  return run.length > 0 ? { kind: 'backlog', entries: run } : null;
}

/**
 * What an answer means for the entry: gone (the server has it), kept for another try (no answer, no connection,
 * the session or the rate limit in the way: all pass), or refused (the server said no and will say it again).
 */
export type Verdict = 'sent' | 'keep' | 'refused';

const TRANSIENT = new Set<string>(['TIMEOUT', 'OFFLINE', 'RATE_LIMITED', 'UNAUTHORIZED']);

export function verdictOf(res: CommandResult<unknown>): Verdict {
  if (res.ok) return 'sent';
  return TRANSIENT.has(res.error) ? 'keep' : 'refused';
}

/** The command with the uploaded photos' ids, for the requests that carry photos. */
export function withPhotos(command: QueuedCommand, ids: readonly string[]): QueuedCommand {
  if (ids.length === 0 || command.event === 'offer:respond') return command;
  return { ...command, payload: { ...command.payload, photos: [...ids] } } as QueuedCommand;
}

/** the ids of the photos already uploaded, or null while one still waits for its upload */
export function photoIds(slots: readonly PhotoSlot[]): string[] | null {
  const ids: string[] = [];
  for (const s of slots) {
    if (!('id' in s)) return null;
    ids.push(s.id);
  }
  return ids;
}

/**
 * The duty status the unit will have once the waiting commands arrive: the last pending status change or offer
 * answer (an accepted offer keeps the unit assigned, a declined one frees it), or null when none waits.
 */
export function pendingStatus(entries: readonly OutboxEntry[]): UnitStatus | null {
  let status: UnitStatus | null = null;
  for (const e of entries) {
    if (e.kind !== 'command' || e.refused) continue;
    const c = e.command;
    if (c.event === 'unit:status') status = c.payload.status;
    else if (c.event === 'offer:respond') status = c.payload.accept ? 'assigned' : 'available';
  }
  return status;
}

/** the incidents whose offer this phone has answered, though the answer has not reached the server yet */
export function answeredOffers(entries: readonly OutboxEntry[]): Set<string> {
  const ids = new Set<string>();
  for (const e of entries) {
    if (e.kind === 'command' && !e.refused && e.command.event === 'offer:respond')
      ids.add(e.command.payload.incidentId);
  }
  return ids;
}
