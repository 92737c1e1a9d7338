import type { Priority, UnitKind, UnitStatus } from '../../../shared/domain.ts';

/** Colours shared by the map layers, the legend and the lists. RGBA, 0–255. */

export type Rgba = readonly [number, number, number, number];

export const KIND_COLOR: Record<UnitKind, Rgba> = {
  patrol: [59, 130, 246, 255],
  security: [168, 85, 247, 255],
  grid_worker: [16, 185, 129, 255],
  volunteer: [250, 204, 21, 255],
  mediator: [244, 114, 182, 255]
};

/** Off-duty units stay on the map, faded, so coverage gaps are visible without hiding the roster. */
export const OFF_DUTY_ALPHA = 70;

export const STATUS_RING: Record<UnitStatus, Rgba> = {
  off_duty: [0, 0, 0, 0],
  available: [15, 23, 42, 220],
  assigned: [251, 146, 60, 255],
  en_route: [34, 211, 238, 255],
  on_scene: [248, 113, 113, 255]
};

/** Radius in pixels: units at work are drawn larger than the idle crowd. */
export const STATUS_RADIUS_PX: Record<UnitStatus, number> = {
  off_duty: 2,
  available: 3.5,
  assigned: 6,
  en_route: 6,
  on_scene: 6.5
};

export const PRIORITY_COLOR: Record<Priority, Rgba> = {
  1: [239, 68, 68, 255],
  2: [249, 115, 22, 255],
  3: [234, 179, 8, 255],
  4: [148, 163, 184, 255]
};

export function cssColor(c: Rgba): string {
  return `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${(c[3] / 255).toFixed(2)})`;
}
