import { Type, type Static } from '@sinclair/typebox';

/**
 * What the server says about a change on an incident's timeline, an offer's answer or an escalation, as a key and
 * named values (the shape refusals have, shared/refusal.ts). Each screen words the key from its own message table,
 * so a Chinese screen never shows the server's English. The English below is the English table's text. `said`
 * carries words a person typed (a reason, a resolution note), shown as written.
 */
export const NOTES = {
  source: 'source: {source}',
  duplicate_of: 'possibly the same as {id}',
  border_notified: 'joint-mediation committee of {zone} told: {members}',
  border_no_members: 'joint-mediation committee of {zone}: no members on record',
  answer_by: 'answer by {at}',
  no_answer: 'no answer before the deadline',
  released_by_unit: 'released by the unit',
  merged_into: 'merged into {id}',
  merged_from: '{id} merged into this incident',
  offers_failed: '{count, plural, one {# offer} other {# offers}} failed',
  no_unit: 'no available unit to offer',
  closed_with: 'the incident was {status}; the offer was withdrawn',
  reassigned: 'reassigned',
  said: '{text}'
} as const;

export type NoteKey = keyof typeof NOTES;
export const NOTE_KEYS = Object.keys(NOTES) as NoteKey[];

export const NoteValues = Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]));
export const Note = Type.Object({
  key: Type.Union(NOTE_KEYS.map((k) => Type.Literal(k))),
  values: NoteValues
});
export type Note = Static<typeof Note>;

/** words a person typed, carried as they wrote them */
export function said(text: string): Note {
  return { key: 'said', values: { text } };
}

export function note(key: NoteKey, values: Note['values'] = {}): Note {
  return { key, values };
}
