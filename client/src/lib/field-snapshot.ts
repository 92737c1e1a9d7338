import type { Incident } from '../../../shared/domain.ts';
import type { UnitInfo } from '../../../shared/protocol.ts';

/**
 * The field screen's last known state (its unit and the incidents it works), kept on the phone so a screen opened
 * with no network still shows the person's status and tasks and lets them press the next step; the server's
 * `sync` replaces it as soon as the socket is up. Only this unit's own records are kept, contacts masked as sent.
 */

export interface FieldSnapshot {
  unit: UnitInfo;
  incidents: Incident[];
}

const PREFIX = 'gridwatch.field.snapshot.';

export function loadSnapshot(unitId: string): FieldSnapshot | null {
  try {
    const raw = globalThis.localStorage?.getItem(PREFIX + unitId);
    if (!raw) return null;
    const s = JSON.parse(raw) as Partial<FieldSnapshot> | null;
    // written by this page's own code; a shape from an older version is dropped, not trusted
    if (s?.unit?.id !== unitId || !Array.isArray(s.incidents)) return null;
    return { unit: s.unit, incidents: s.incidents };
  } catch {
    return null;
  }
}

export function saveSnapshot(unitId: string, snapshot: FieldSnapshot): void {
  try {
    globalThis.localStorage?.setItem(PREFIX + unitId, JSON.stringify(snapshot));
  } catch {
    // full or refused storage: the screen still works online
  }
}
