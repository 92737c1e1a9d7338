/**
 * How large the map draws what it sizes in pixels (area names, pins, unit dots, rings, lines). A desk draws them
 * as designed (scale 1); a wall is read from across the room, so there they grow with the screen's height, as its
 * panels' type does: a name or a pin keeps the share of the screen it has at 1080 px (a town's name 17 px there,
 * about 1.6 %), and a 3840×2160 wall draws it twice as large. deck.gl applies the factor as a uniform
 * (`sizeScale`, `radiusScale`, `lineWidthScale`), so a change of size uploads nothing.
 */

/** the screen height the map's pixel sizes are designed for */
export const DESIGN_HEIGHT_PX = 1080;
/** beyond this the names would crowd the district out of the map (an 8K wall still reads at 3×) */
export const MAX_MAP_SCALE = 3;

/** The wall's factor for a viewport `heightPx` tall: never below the desk's size, at most MAX_MAP_SCALE. */
export function wallMapScale(heightPx: number): number {
  if (!Number.isFinite(heightPx) || heightPx <= 0) return 1;
  return Math.min(MAX_MAP_SCALE, Math.max(1, heightPx / DESIGN_HEIGHT_PX));
}
