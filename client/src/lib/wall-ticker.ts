import type { Incident, IncidentCategory, Priority } from '../../../shared/domain.ts';

/**
 * The wall's ticker: the latest timeline entries across the incidents this screen holds, newest first. It reads
 * the incident store, which applies every `incident:changed` in seq order, so each change the server broadcast to
 * this wall appears here as the entry it added.
 */

export interface TickerEvent {
  seq: number;
  at: number;
  /** the server's event type (reported, offered, accepted, on_scene, resolved, …) */
  type: string;
  incidentId: string;
  priority: Priority;
  category: IncidentCategory;
  gridCode: string;
  unitId: string | null;
}

export function latestEvents(incidents: Iterable<Incident>, limit: number): TickerEvent[] {
  if (limit <= 0) return [];
  const out: TickerEvent[] = [];
  for (const i of incidents) {
    // each timeline is in seq order: only its last `limit` entries can make the cut
    for (const e of i.timeline.slice(-limit)) {
      out.push({
        seq: e.seq,
        at: e.at,
        type: e.type,
        incidentId: i.id,
        priority: i.priority,
        category: i.category,
        gridCode: i.gridCode,
        unitId: e.unitId ?? null
      });
    }
  }
  return out.sort((a, b) => b.seq - a.seq).slice(0, limit);
}
