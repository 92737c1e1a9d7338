import type { AuditRecord } from '../../shared/access.ts';
import { ErrorCode, type Result } from '../../shared/result.ts';

/** The audit record of one command, by its outcome: refused by jurisdiction is `denied`, any other failure `failed`. */
export function commandAudit<T>(
  who: { actor: string; source: string },
  action: string,
  target: string,
  res: Result<T>,
  detailOk = ''
): Omit<AuditRecord, 'id' | 'at'> {
  const denied =
    !res.ok && (res.error === ErrorCode.FORBIDDEN || res.error === ErrorCode.NOT_FOUND);
  return {
    actor: who.actor,
    action,
    target,
    source: who.source,
    outcome: res.ok ? 'ok' : denied ? 'denied' : 'failed',
    detail: res.ok ? detailOk : `${res.error}: ${res.message}`
  };
}
