import type { Incident } from '../../../shared/domain.ts';
import type { Note } from '../../../shared/timeline-note.ts';
import { formatClock, formatDateTime } from './format.ts';
import { msg } from './i18n.ts';
import type { NamedValues } from './messages/icu.ts';

/**
 * An incident's timeline as the desk reads it: each entry's type, time (Asia/Shanghai), who did it, the unit and
 * the note, all in the screen's language. Notes, offers' answers and escalations' reasons come as keys with named
 * values (shared/timeline-note.ts), worded from the locale's table; words a person typed (`said`) are shown as
 * written. Who did it is the display name recorded with the entry, the server's own moves in the screen's words. A
 * change a phone kept while it had no connection carries when the person pressed it (`pressedAt`) beside when the
 * server took it (`at`); photos taken with a change are listed by id.
 */

/** the ids `POST /api/photos` hands out; anything else is not turned into a URL */
const PHOTO_ID = /^[a-f0-9]{32}$/;
/** Shanghai keeps UTC+8 all year, so its calendar day is a fixed shift of UTC */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

export interface TimelineLine {
  seq: number;
  type: string;
  /** what happened, e.g. 派单 */
  label: string;
  /** HH:mm:ss in Asia/Shanghai */
  time: string;
  at: number;
  /** when the person pressed it on a phone without connection (HH:mm:ss, with the date if another day), or null */
  pressed: string | null;
  /** photo ids, for `photoUrl` */
  photos: string[];
  actor: string;
  unit: string | null;
  note: string | null;
}

export interface TimelineNames {
  unitName(unitId: string): string;
  /** a grid's or zone's name by code */
  areaName(code: string): string;
}

/** The timeline in the order things happened. */
export function timelineLines(incident: Incident, names: TimelineNames): TimelineLine[] {
  return [...incident.timeline]
    .sort((a, b) => a.seq - b.seq)
    .map((e) => ({
      seq: e.seq,
      type: e.type,
      label: msg.timeline.type[e.type] ?? e.type,
      time: formatClock(e.at),
      at: e.at,
      pressed: e.pressedAt === undefined ? null : pressedText(e.pressedAt, e.at),
      photos: (e.photos ?? []).filter((id) => PHOTO_ID.test(id)),
      actor: actorName(e.actor, e.actorName),
      unit: e.unitId ? names.unitName(e.unitId) : null,
      note: noteText(e.note, names)
    }));
}

export function photoUrl(id: string): string {
  return `/api/photos/${encodeURIComponent(id)}`;
}

/**
 * Who did something: the display name recorded with it; the server's own moves (`ladder`, `system`, `sim`), the
 * command line (`cli:<user>`) and integrations (`api:<name>`) in the screen's words; the login name only for an
 * entry recorded before accounts had names.
 */
export function actorName(actor: string, name?: string | null): string {
  if (actor === 'ladder' || actor === 'system' || actor === 'sim') return msg.timeline.actor[actor];
  if (actor.startsWith('api:')) return msg.timeline.actor.api(actor.slice(4));
  if (actor.startsWith('cli:')) return msg.timeline.actor.cli;
  return name || actor;
}

/**
 * A note (a timeline entry's, an offer's answer, an escalation's reason) in the screen's words, with the values
 * that name something (a source, a zone, a time, a status) worded too. Null for none, or for a key this build has
 * no words for (a newer server): the line shows without it.
 */
export function noteText(note: Note | null | undefined, names: TimelineNames): string | null {
  if (!note) return null;
  const words = msg.timeline.note[note.key];
  if (words === undefined) return null;
  if (typeof words === 'string') return words;
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(note.values ?? {})) {
    values[name] = VALUE_WORDS[name]?.(value, names) ?? value;
  }
  try {
    return words(values satisfies NamedValues);
  } catch {
    // a value the message needs is missing
    return null;
  }
}

/** how a note's values are worded, by the value's name in shared/timeline-note.ts */
const VALUE_WORDS: Record<
  string,
  (value: string | number, names: TimelineNames) => string | number | undefined
> = {
  source: (v) => (msg.source as Record<string, string | undefined>)[String(v)],
  zone: (v, names) => names.areaName(String(v)),
  at: (v) => formatClock(Number(v)),
  status: (v) => (msg.incidentStatus as Record<string, string | undefined>)[String(v)],
  count: (v) => Number(v)
};

/** the press time alone when it was the same Shanghai day as the arrival, with its date otherwise */
function pressedText(pressedAt: number, at: number): string {
  const sameDay =
    Math.floor((pressedAt + SHANGHAI_OFFSET_MS) / DAY_MS) ===
    Math.floor((at + SHANGHAI_OFFSET_MS) / DAY_MS);
  return sameDay ? formatClock(pressedAt) : formatDateTime(pressedAt);
}
