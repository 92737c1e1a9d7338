import type { Incident } from '../../shared/domain.ts';
import { note, said, type Note } from '../../shared/timeline-note.ts';

/**
 * Incidents stored before notes were structured carry English sentences in timeline notes, offer reasons and
 * escalation reasons (`source: hotline`, `answer by <ISO>`, `2 offers failed`). The store reads every incident
 * through `upgradeIncident`, so the service, the event replay and every screen see only `{ key, values }`; the
 * sentences the server is known to have written become their keys, anything else was typed by a person.
 */
export function upgradeIncident(inc: Incident): Incident {
  const old = inc as unknown as LegacyIncident;
  const strings =
    old.timeline.some((e) => typeof e.note === 'string') ||
    old.offers.some((o) => typeof o.reason === 'string') ||
    typeof old.escalation?.reason === 'string';
  if (!strings) return inc;
  return {
    ...inc,
    timeline: old.timeline.map((e) => {
      const { note: n, ...rest } = e;
      if (typeof n !== 'string') return e as Incident['timeline'][number];
      return n ? { ...rest, note: legacyNote(e.type, n) } : rest;
    }) as Incident['timeline'],
    offers: old.offers.map((o) => ({
      ...o,
      reason: typeof o.reason === 'string' ? legacyNote('offer', o.reason) : o.reason
    })) as Incident['offers'],
    escalation: old.escalation
      ? ({
          ...old.escalation,
          reason:
            typeof old.escalation.reason === 'string'
              ? legacyNote('escalated', old.escalation.reason)
              : old.escalation.reason
        } as Incident['escalation'])
      : null
  };
}

/** One of the sentences the server used to write, by the entry's type, as its key; else a person's words. */
export function legacyNote(type: string, text: string): Note {
  let m: RegExpExecArray | null;
  if (type === 'reported' && (m = /^source: (\w+)$/.exec(text)))
    return note('source', { source: m[1] });
  if (type === 'possible_duplicate') return note('duplicate_of', { id: text });
  if (type === 'border_notified') {
    const [zone, ...rest] = text.split(': ');
    const members = rest.join(': ');
    return !members || members === 'no committee members on record'
      ? note('border_no_members', { zone })
      : note('border_notified', { zone, members });
  }
  if ((m = /^answer by (\S+)$/.exec(text)) && !Number.isNaN(Date.parse(m[1]))) {
    return note('answer_by', { at: Date.parse(m[1]) });
  }
  if (text === 'no answer before the deadline') return note('no_answer');
  if (text === 'released by the unit') return note('released_by_unit');
  if ((m = /^merged into (\S+)$/.exec(text))) return note('merged_into', { id: m[1] });
  if ((m = /^(\S+) merged into this incident$/.exec(text)))
    return note('merged_from', { id: m[1] });
  if ((m = /^(\d+) offers failed$/.exec(text)))
    return note('offers_failed', { count: Number(m[1]) });
  if (text === 'no available unit to offer') return note('no_unit');
  // an open offer withdrawn because its incident was resolved or cancelled
  if (type === 'offer' && (text === 'resolved' || text === 'cancelled')) {
    return note('closed_with', { status: text });
  }
  if (type === 'offer' && text === 'reassigned') return note('reassigned');
  return said(text);
}

interface LegacyIncident {
  timeline: Array<{ type: string; note?: string | Note }>;
  offers: Array<{ reason: string | Note | null }>;
  escalation: { reason: string | Note } | null;
}
