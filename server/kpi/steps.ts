import type { Incident } from '../../shared/domain.ts';
import type { SlaStep } from '../../shared/kpis.ts';
import { deadlineOf } from '../../shared/sla.ts';

/**
 * When an incident reached each SLA step, read from its timeline, and how that compares with the step's deadline
 * (shared/sla.ts `deadlineOf`: the incident's dispatchBy / arriveBy / resolveBy, set from the policy's slaMinutes
 * when it was reported). Whether an open incident is overdue now is shared/sla.ts too, the desk's rule.
 *
 * - dispatch: the first `offered` entry (the first unit sent: the desk's dispatch clock stops when an offer is out)
 * - arrive: the first `on_scene` entry (a unit reported it, or the server saw it within reach)
 * - resolve: the last `resolved` entry, if the incident stands resolved or closed now; one reopened and still open
 *   is unresolved
 */

export interface StepOutcome {
  /** epoch ms the step was reached, or null */
  at: number | null;
  /** the outcome is known: reached, or the deadline passed (before `end`) without it */
  due: boolean;
  /** reached by the deadline */
  onTime: boolean;
}

export function reachedAt(i: Incident, step: SlaStep): number | null {
  if (step === 'dispatch') return firstOf(i, 'offered');
  if (step === 'arrive') return firstOf(i, 'on_scene');
  if (i.status !== 'resolved' && i.status !== 'closed') return null;
  for (let k = i.timeline.length - 1; k >= 0; k--)
    if (i.timeline[k].type === 'resolved') return i.timeline[k].at;
  return null;
}

/**
 * A step's outcome at `now`. A cancelled incident stops its clocks when it was cancelled: a deadline that passed
 * before then is a breach, a later one is not due at all.
 */
export function outcome(i: Incident, step: SlaStep, now: number): StepOutcome {
  const at = reachedAt(i, step);
  const deadline = deadlineOf(i, step);
  if (at !== null) return { at, due: true, onTime: at <= deadline };
  const end = i.status === 'cancelled' ? (lastOf(i, 'cancelled') ?? i.updatedAt) : now;
  return { at: null, due: deadline < end, onTime: false };
}

function firstOf(i: Incident, type: string): number | null {
  return i.timeline.find((e) => e.type === type)?.at ?? null;
}

function lastOf(i: Incident, type: string): number | null {
  for (let k = i.timeline.length - 1; k >= 0; k--)
    if (i.timeline[k].type === type) return i.timeline[k].at;
  return null;
}
