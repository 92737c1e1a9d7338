import type { Refusal } from '../../../shared/refusal.ts';
import type { NamedValues } from './messages/icu.ts';
import { msg } from './i18n.ts';

/**
 * A refusal in the screen's language: the message of its key, with the values that name a status, a role, a
 * fix's reason or a lifecycle step turned into the screen's own word for it (an unknown one stays as sent). Null
 * when this build has no message for the key (a newer server): the caller shows its label alone.
 */
export function refusalText(r: Refusal): string | null {
  const words = msg.refusal[r.key];
  if (words === undefined) return null;
  if (typeof words === 'string') return words;
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(r.values ?? {})) {
    values[name] = WORDS[name]?.()[String(value)] ?? value;
  }
  try {
    return words(values satisfies NamedValues);
  } catch {
    // a value the message needs is missing (an entry the phone kept from an older server): the label alone
    return null;
  }
}

/** the tables that word a value, by the value's name in shared/refusal.ts */
const WORDS: Record<string, () => Readonly<Record<string, string | undefined>>> = {
  status: () => msg.incidentStatus,
  unitStatus: () => msg.unitStatus,
  nextStatus: () => msg.unitStatus,
  role: () => msg.roles,
  reason: () => msg.admin.devices.verdict,
  action: () => msg.lifecycleAction,
  category: () => msg.category
};
