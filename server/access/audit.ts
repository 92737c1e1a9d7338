import type { AuditRecord } from '../../shared/access.ts';
import type { AuditValues } from '../../shared/audit-detail.ts';
import { ErrorCode, type Result } from '../../shared/result.ts';

/**
 * The audit record of one command, by its outcome: refused by jurisdiction is `denied`, any other failure
 * `failed`. Its detail is the command's facts (`values`); a refusal rides along as the refusal itself, so a screen
 * words it like any other and the CSV gives its English sentence.
 */
export function commandAudit<T>(
  who: { actor: string; actorName?: string; source: string },
  action: string,
  target: string,
  res: Result<T>,
  values: AuditValues = {}
): Omit<AuditRecord, 'id' | 'at'> {
  const denied =
    !res.ok && (res.error === ErrorCode.FORBIDDEN || res.error === ErrorCode.NOT_FOUND);
  return {
    actor: who.actor,
    ...(who.actorName ? { actorName: who.actorName } : {}),
    action,
    target,
    source: who.source,
    outcome: res.ok ? 'ok' : denied ? 'denied' : 'failed',
    detail: res.ok ? { values } : { values, refusal: res.detail }
  };
}
