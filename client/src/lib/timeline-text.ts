import { INCIDENT_SOURCES, type Incident, type IncidentSource } from '../../../shared/domain.ts';
import { formatClock, formatDateTime } from './format.ts';
import { msg } from './i18n.ts';

/**
 * An incident's timeline as the desk reads it: each entry's type, time (Asia/Shanghai), who did it, the unit and
 * the note, all in the screen's language. The server writes its own notes as short English phrases
 * (`source: hotline`, `answer by <ISO time>`, `2 offers failed`…); those it is known to write are recognised and
 * translated, anything else (a reason a person typed) is shown as written. A change a phone kept while it had no
 * connection carries when the person pressed it (`pressedAt`) beside when the server took it (`at`); photos taken
 * with a change are listed by id.
 */

/** the ids `POST /api/photos` hands out; anything else is not turned into a URL */
const PHOTO_ID = /^[a-f0-9]{32}$/;
/** Shanghai keeps UTC+8 all year, so its calendar day is a fixed shift of UTC */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

export type TimelineNote =
  | { kind: 'source'; value: string }
  | { kind: 'duplicateOf'; value: string }
  | { kind: 'border'; value: string; members: string | null }
  | { kind: 'answerBy'; value: string }
  | { kind: 'noAnswer'; value: string }
  | { kind: 'releasedByUnit'; value: string }
  | { kind: 'mergedInto'; value: string }
  | { kind: 'mergedFrom'; value: string }
  | { kind: 'offersFailed'; value: string }
  | { kind: 'noUnit'; value: string }
  | { kind: 'closedWith'; value: string }
  | { kind: 'reason'; value: string };

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
    .map((e) => {
      const note = parseNote(e.type, e.note);
      return {
        seq: e.seq,
        type: e.type,
        label: msg.timeline.type[e.type] ?? e.type,
        time: formatClock(e.at),
        at: e.at,
        pressed: e.pressedAt === undefined ? null : pressedText(e.pressedAt, e.at),
        photos: (e.photos ?? []).filter((id) => PHOTO_ID.test(id)),
        actor: actorName(e.actor),
        unit: e.unitId ? names.unitName(e.unitId) : null,
        note: note ? noteText(note, names) : null
      };
    });
}

export function photoUrl(id: string): string {
  return `/api/photos/${encodeURIComponent(id)}`;
}

/** `ladder`, `system` and `sim` are the server acting by itself; anyone else is an account's username. */
export function actorName(actor: string): string {
  if (actor === 'ladder' || actor === 'system' || actor === 'sim') return msg.timeline.actor[actor];
  return actor;
}

/** An offer's answer or withdrawal reason, translated like a timeline note. */
export function offerReasonText(reason: string | null, names: TimelineNames): string | null {
  if (!reason) return null;
  return noteText(parseNote('offer', reason) ?? { kind: 'reason', value: reason }, names);
}

export function parseNote(type: string, note: string | undefined): TimelineNote | null {
  if (!note) return null;
  let m: RegExpExecArray | null;
  if (type === 'reported' && (m = /^source: (\w+)$/.exec(note))) {
    return { kind: 'source', value: m[1] };
  }
  if (type === 'possible_duplicate') return { kind: 'duplicateOf', value: note };
  if (type === 'border_notified') {
    // `<zone code>: <committee members>`, or just the code
    const [zone, ...rest] = note.split(': ');
    const members = rest.join(': ');
    return {
      kind: 'border',
      value: zone,
      members: !members || members === 'no committee members on record' ? null : members
    };
  }
  if ((m = /^answer by (\S+)$/.exec(note))) return { kind: 'answerBy', value: m[1] };
  if (note === 'no answer before the deadline') return { kind: 'noAnswer', value: '' };
  if (note === 'released by the unit') return { kind: 'releasedByUnit', value: '' };
  if ((m = /^merged into (\S+)$/.exec(note))) return { kind: 'mergedInto', value: m[1] };
  if ((m = /^(\S+) merged into this incident$/.exec(note))) {
    return { kind: 'mergedFrom', value: m[1] };
  }
  if ((m = /^(\d+) offers failed$/.exec(note))) return { kind: 'offersFailed', value: m[1] };
  if (note === 'no available unit to offer') return { kind: 'noUnit', value: '' };
  // an open offer withdrawn because its incident was resolved or cancelled
  if (type === 'offer' && (note === 'resolved' || note === 'cancelled')) {
    return { kind: 'closedWith', value: note };
  }
  return { kind: 'reason', value: note };
}

function noteText(note: TimelineNote, names: TimelineNames): string {
  const t = msg.timeline.note;
  switch (note.kind) {
    case 'source':
      return t.source(isSource(note.value) ? msg.source[note.value] : note.value);
    case 'border':
      return t.border(names.areaName(note.value), note.members ?? t.noMembers);
    case 'answerBy': {
      const at = Date.parse(note.value);
      return t.answerBy(Number.isNaN(at) ? note.value : formatClock(at));
    }
    case 'closedWith':
      return t.closedWith(
        note.value === 'resolved' ? msg.incidentStatus.resolved : msg.incidentStatus.cancelled
      );
    default:
      return t[note.kind](note.value);
  }
}

/** the press time alone when it was the same Shanghai day as the arrival, with its date otherwise */
function pressedText(pressedAt: number, at: number): string {
  const sameDay =
    Math.floor((pressedAt + SHANGHAI_OFFSET_MS) / DAY_MS) ===
    Math.floor((at + SHANGHAI_OFFSET_MS) / DAY_MS);
  return sameDay ? formatClock(pressedAt) : formatDateTime(pressedAt);
}

function isSource(s: string): s is IncidentSource {
  return (INCIDENT_SOURCES as readonly string[]).includes(s);
}
