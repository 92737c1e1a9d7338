import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { RefusalShape, explain, type Refusal } from './refusal.ts';

/**
 * What an audit record says beyond its action, as named values: the record's `action` is the key and `values` its
 * facts (`{ incident, unit, status }`), each named by one of the fields below, so every screen words both from its
 * own tables; a refused command carries the refusal (shared/refusal.ts) instead of its English message. Records
 * written before details were structured keep their English text in `text`, shown as written. The English words
 * below make the CSV export's detail column, which auditors and machines read.
 */
export const AUDIT_FIELDS = {
  name: 'display name',
  incident: 'incident',
  into: 'merged into',
  unit: 'unit',
  from: 'from unit',
  to: 'to unit',
  status: 'status',
  action: 'step',
  answer: 'answer',
  category: 'category',
  priority: 'priority',
  lng: 'longitude',
  lat: 'latitude',
  role: 'role',
  towns: 'towns',
  disabled: 'disabled',
  password: 'password changed',
  sessions: 'sessions ended',
  source: 'source',
  crs: 'coordinates',
  points: 'points removed',
  days: 'older than (days)',
  version: 'version',
  previous: 'previous version',
  file: 'file',
  grids: 'grids',
  retired: 'codes retired',
  waitS: 'seconds to wait',
  failures: 'failures',
  reason: 'reason'
} as const;

export type AuditField = keyof typeof AUDIT_FIELDS;
export const AUDIT_FIELD_NAMES = Object.keys(AUDIT_FIELDS) as AuditField[];

export type AuditValues = Partial<Record<AuditField, string | number | boolean>>;

export const AuditDetail = Type.Object({
  values: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
  refusal: Type.Optional(RefusalShape),
  /** a record from before details were structured: its English sentence */
  text: Type.Optional(Type.String())
});
export interface AuditDetail extends Static<typeof AuditDetail> {
  values: AuditValues;
  refusal?: Refusal;
}

export function detail(values: AuditValues = {}): AuditDetail {
  return { values };
}

/** The stored column: JSON for a structured detail; anything else is an older record's sentence. */
export function readDetail(stored: string): AuditDetail {
  if (stored.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(stored);
      if (Value.Check(AuditDetail, parsed)) return parsed as AuditDetail;
    } catch {
      // not JSON after all: an old sentence that began with a brace
    }
  }
  return stored ? { values: {}, text: stored } : { values: {} };
}

/** The detail in English, one line, for the CSV and logs. */
export function detailEnglish(d: AuditDetail): string {
  if (d.text !== undefined) return d.text;
  const facts = AUDIT_FIELD_NAMES.filter((f) => d.values[f] !== undefined).map(
    (f) => `${AUDIT_FIELDS[f]}: ${String(d.values[f])}`
  );
  if (d.refusal) facts.unshift(explain(d.refusal));
  return facts.join('; ');
}
