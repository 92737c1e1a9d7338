import type { IncidentStatus } from '../../shared/domain.ts';
import {
  leadsTo,
  mayTake,
  startsFrom,
  type Actor,
  type LifecycleAction
} from '../../shared/lifecycle.ts';

/**
 * The incident lifecycle as the server enforces it: the rule table is shared/lifecycle.ts (the desk reads the same
 * one to offer only what can succeed); here a step outside it becomes the command's refusal. The actor is checked
 * before the state, so a forbidden actor learns nothing of the incident.
 */

// the plans ask here, the server's side of the lifecycle, for its names too
export { isOpen, type Actor, type LifecycleAction } from '../../shared/lifecycle.ts';

export type Transition =
  | { ok: true; to: IncidentStatus }
  | { ok: false; error: 'INVALID_TRANSITION' | 'FORBIDDEN'; message: string };

export function transition(from: IncidentStatus, action: LifecycleAction, by: Actor): Transition {
  if (!mayTake(action, by))
    return { ok: false, error: 'FORBIDDEN', message: `${by} may not ${action} an incident` };
  if (!startsFrom(action, from)) {
    return {
      ok: false,
      error: 'INVALID_TRANSITION',
      message: `cannot ${action} an incident that is ${from}`
    };
  }
  return { ok: true, to: leadsTo(action, from) };
}
