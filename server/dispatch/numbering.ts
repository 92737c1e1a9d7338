import type { Incident } from '../../shared/domain.ts';
import type { StoredEvent } from '../store/store.ts';
import type { Scope } from '../access/scope.ts';
import type { Plan } from './plans.ts';
import type { Said } from './said.ts';

/**
 * Numbers a plan's changes as events (seq = last + 1, …) and appends each to its incident's timeline, with the
 * actor's display name as it is now (a later rename does not rewrite who did it); what the person attached
 * (photos, the time they pressed) goes on the first entry, the one their command made. Pure: the service commits
 * the events and only then takes the incidents.
 */
export function numberChanges<T>(
  p: Plan<T>,
  lastSeq: number,
  scope: Scope,
  now: number,
  said: Said
): { events: StoredEvent[]; finals: Incident[] } {
  const actor = scope.actor;
  const events: StoredEvent[] = [];
  const finals: Incident[] = [];
  let seq = lastSeq;
  for (const c of p.changes) {
    seq++;
    const prev = finals.find((f) => f.id === c.incident.id) ?? c.incident;
    const entry = {
      seq,
      at: now,
      type: c.type,
      actor,
      ...(scope.actorName ? { actorName: scope.actorName } : {}),
      status: c.incident.status,
      ...(c.unitId ? { unitId: c.unitId } : {}),
      ...(c.note ? { note: c.note } : {}),
      ...(scope.origin ? { via: scope.origin } : {}),
      ...(events.length === 0 && said.photos?.length ? { photos: said.photos } : {}),
      ...(events.length === 0 && said.pressedAt !== undefined ? { pressedAt: said.pressedAt } : {})
    };
    const incident: Incident = {
      ...c.incident,
      updatedAt: now,
      timeline: [...prev.timeline, entry]
    };
    events.push({ seq, at: now, type: c.type, incidentId: incident.id, actor, incident });
    const k = finals.findIndex((f) => f.id === incident.id);
    if (k >= 0) finals[k] = incident;
    else finals.push(incident);
  }
  return { events, finals };
}
