import { Type, type Static } from '@sinclair/typebox';
import type { IncidentCategory, Priority } from './domain.ts';

/**
 * `GET /api/incidents/history?days=1|7`: the incidents reported in the last day or week that the caller may see,
 * as compact points for the map's aggregation layer (a week of a busy district is ~15,000 of them).
 */

export const HISTORY_WINDOWS = [1, 7] as const;
export type HistoryDays = (typeof HISTORY_WINDOWS)[number];

/** a query string carries text: `days=1` or `days=7`, nothing else */
export const HistoryQuery = Type.Object(
  { days: Type.Union(HISTORY_WINDOWS.map((d) => Type.Literal(String(d)))) },
  { additionalProperties: false }
);
export type HistoryQuery = Static<typeof HistoryQuery>;

/** [lng, lat, createdAt (epoch ms), priority, category] */
export type HistoryPoint = [
  lng: number,
  lat: number,
  createdAt: number,
  priority: Priority,
  category: IncidentCategory
];

export interface IncidentHistory {
  days: HistoryDays;
  /** the window, epoch ms, from ≤ createdAt < to */
  from: number;
  to: number;
  /** oldest first */
  points: HistoryPoint[];
}
