import type { Incident } from '../../shared/domain.ts';
import type { HistoryDays, HistoryPoint, IncidentHistory } from '../../shared/history.ts';

/**
 * The incidents of the last day or week as the map's history layer draws them: one compact point each, only those
 * the viewer may see. Pure: the route reads the store and hands the Scope's rule in.
 */

const DAY_MS = 86_400_000;
/** 1e-5 degrees is about a metre: more digits only make the answer longer */
const COORD_SCALE = 1e5;

export function historyWindow(days: HistoryDays, now: number): { from: number; to: number } {
  // `to` is exclusive in the store's query: an incident created in this very millisecond still counts
  return { from: now - days * DAY_MS, to: now + 1 };
}

export function historyPoints(
  incidents: readonly Incident[],
  sees: (i: Incident) => boolean
): HistoryPoint[] {
  const points: HistoryPoint[] = [];
  for (const i of incidents) {
    if (!sees(i)) continue;
    points.push([round(i.lng), round(i.lat), i.createdAt, i.priority, i.category]);
  }
  return points;
}

export function incidentHistory(
  days: HistoryDays,
  now: number,
  incidents: readonly Incident[],
  sees: (i: Incident) => boolean
): IncidentHistory {
  const { from, to } = historyWindow(days, now);
  const inWindow = incidents.filter((i) => i.createdAt >= from && i.createdAt < to);
  return { days, from, to, points: historyPoints(inWindow, sees) };
}

function round(deg: number): number {
  return Math.round(deg * COORD_SCALE) / COORD_SCALE;
}
