import { msg } from './i18n.ts';
import type { LocalError } from './live.svelte.ts';
import type { ErrorCode } from '../../../shared/result.ts';

/** A failed request as one line for the screen: our label for the code, then the server's own words. */
export function errorText(res: {
  error: ErrorCode | LocalError['error'];
  message: string;
}): string {
  const label = msg.errors[res.error] ?? res.error;
  return res.message ? msg.withDetail(label, res.message) : label;
}
