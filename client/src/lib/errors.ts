import { msg } from './i18n.ts';
import { refusalText } from './refusal-text.ts';
import type { LocalError } from './live.svelte.ts';
import type { ErrorCode } from '../../../shared/result.ts';
import type { Refusal } from '../../../shared/refusal.ts';

/** A refusal as a screen keeps it to show: the code, and why when the server said (no English message). */
export interface Refused {
  error: ErrorCode | LocalError['error'];
  detail?: Refusal;
}

/**
 * A failed request as one line for the screen: a label (the code's, unless the caller has a better one), then why
 * in the same language, worded here from the refusal's key and values. The server's English `message` is never
 * shown: it is for integrations.
 */
export function errorText(
  res: Refused,
  label = msg.errors[res.error] ?? msg.errors.INVALID
): string {
  const why = res.detail ? refusalText(res.detail) : null;
  return why ? msg.withDetail(label, why) : label;
}
