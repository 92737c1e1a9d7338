import type { AuditRecord } from '../../../shared/access.ts';
import { AUDIT_FIELD_NAMES, type AuditField } from '../../../shared/audit-detail.ts';
import { msg } from './i18n.ts';
import { refusalText } from './refusal-text.ts';
import { actorName } from './timeline-text.ts';

/**
 * An audit record in the screen's language: who (their display name as recorded, the server's own actors in the
 * screen's words), what (the action's name) and the detail's facts, each named and valued from the locale's
 * tables (`事件 INC-…；力量 巡逻一组；状态 出发`); a refused command adds why, worded like any refusal. A record
 * from before details were structured shows its English sentence as written.
 */

export interface AuditNames {
  unitName(id: string): string;
  townName(code: string): string;
}

export function auditActor(r: AuditRecord): string {
  if (r.actor === 'kiosk') return msg.audit.kioskActor;
  return actorName(r.actor, r.actorName);
}

export function auditAction(action: string): string {
  return msg.audit.action[action] ?? msg.audit.otherAction;
}

/** where it came from: an address (an IPv4 one without its IPv6 wrapping), or the server's own places in words */
export function auditSource(source: string): string {
  if (source === 'local' || source === 'server' || source === 'cli')
    return msg.audit.origin[source];
  return source.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
}

export function auditDetail(r: AuditRecord, names: AuditNames): string {
  const d = r.detail;
  if (d.text !== undefined) return d.text;
  const facts = AUDIT_FIELD_NAMES.filter((f) => d.values[f] !== undefined).map((f) =>
    msg.audit.fact(msg.audit.field[f], valueText(f, d.values[f]!, names))
  );
  if (d.refusal) facts.unshift(refusalText(d.refusal) ?? msg.audit.outcome[r.outcome]);
  return facts.join(msg.audit.separator);
}

function valueText(field: AuditField, v: string | number | boolean, names: AuditNames): string {
  if (typeof v === 'boolean') return v ? msg.audit.yes : msg.audit.no;
  const s = String(v);
  const word = (table: Readonly<Record<string, string | undefined>>) => table[s] ?? s;
  switch (field) {
    case 'unit':
    case 'from':
    case 'to':
      return names.unitName(s);
    case 'towns':
      return s === 'all' ? msg.audit.wholeDistrict : s.split(',').map(names.townName).join('、');
    case 'status':
      return msg.unitStatus[s as keyof typeof msg.unitStatus] ?? word(msg.incidentStatus);
    case 'action':
      return word(msg.lifecycleAction);
    case 'answer':
      return s === 'accept' ? msg.audit.accept : msg.audit.decline;
    case 'category':
      return word(msg.category);
    case 'priority':
      return word(msg.priority);
    case 'role':
      return word(msg.roles);
    case 'source':
      return word(msg.source);
    case 'crs':
      return word(msg.admin.devices.crsName);
    default:
      return s;
  }
}
