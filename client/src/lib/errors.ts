import { msg } from './i18n.ts';
import { refusalText } from './refusal-text.ts';
import type { LocalError } from './live.svelte.ts';
import type { ErrorCode } from '../../../shared/result.ts';
import type { Refusal } from '../../../shared/refusal.ts';

/**
 * A failed request as one line for the screen: our label for the code, then why in the same language, worded here
 * from the refusal's key and values. The server's English `message` is never shown: it is for integrations.
 */
export function errorText(res: {
  error: ErrorCode | LocalError['error'];
  detail?: Refusal;
}): string {
  const label = msg.errors[res.error] ?? msg.errors.INVALID;
  const why = res.detail ? refusalText(res.detail) : null;
  return why ? msg.withDetail(label, why) : label;
}
