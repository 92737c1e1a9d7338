import type { AreaLabel } from '../../lib/district.svelte.ts';

/**
 * Which area names to draw at a zoom so that no two touch: MapLibre's symbol collision, done on the CPU because
 * our labels are deck.gl text (the style has no glyphs). Names are taken greedily in order of priority, each kept
 * only if its padded box overlaps no box kept before it, nor a fixed one (the towns' names, always drawn).
 *
 * Boxes are laid out in world pixels at the bottom of the camera's zoom step: names keep their size in pixels while
 * the ground under them grows, so a placement that is clear at the bottom of a step stays clear up to its top, and
 * the camera's zoom events within a step cost nothing.
 */

export interface LabelSpacing {
  /** the text size in pixels, as the TextLayer draws it */
  sizePx: number;
  /** clear space kept around each name, like MapLibre's `text-padding` */
  paddingPx: number;
}

/** placements are worked out once per this much zoom */
export const LABEL_ZOOM_STEP = 0.5;

/** MapLibre's world is 512 px wide at zoom 0 */
const WORLD_PX = 512;
/** a line of text is about this tall, in ems */
const LINE_EM = 1.2;
/** Latin letters and digits are about this wide, in ems; CJK characters are square */
const NARROW_EM = 0.6;

/** the zoom placements are laid out at: the bottom of the step the camera's zoom lies in */
export function labelZoomStep(zoom: number): number {
  return Math.floor(zoom / LABEL_ZOOM_STEP) * LABEL_ZOOM_STEP;
}

/**
 * The labels that can be drawn together at `zoom`, in their input order. `rank` orders who goes first (lower first,
 * ties kept in input order); `fixed` are drawn regardless and only block.
 */
export function placeLabels(
  labels: readonly AreaLabel[],
  zoom: number,
  spacing: LabelSpacing,
  rank: (l: AreaLabel) => number = () => 0,
  fixed: readonly { label: AreaLabel; spacing: LabelSpacing }[] = []
): AreaLabel[] {
  const scale = WORLD_PX * 2 ** zoom;
  const kept: Box[] = fixed.map((f) => boxOf(f.label, scale, f.spacing));
  const order = labels.map((l, i) => ({ l, i, r: rank(l) }));
  order.sort((a, b) => a.r - b.r || a.i - b.i);
  const placed: { l: AreaLabel; i: number }[] = [];
  // kept boxes are few hundred at most: a scan is cheaper than building an index for one pass
  for (const o of order) {
    const box = boxOf(o.l, scale, spacing);
    if (kept.some((k) => overlaps(k, box))) continue;
    kept.push(box);
    placed.push(o);
  }
  return placed.sort((a, b) => a.i - b.i).map((p) => p.l);
}

/** the width of a name in ems, by the kind of each character (the TextLayer's glyphs are the font's own) */
export function textWidthEm(text: string): number {
  let em = 0;
  for (const ch of text) em += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 1 : NARROW_EM;
  return em;
}

/** a centred box: x, y its middle in world pixels, w, h its half extents with the padding */
interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

function boxOf(label: AreaLabel, scale: number, spacing: LabelSpacing): Box {
  const [lng, lat] = label.position;
  const phi = (lat * Math.PI) / 180;
  return {
    x: ((lng + 180) / 360) * scale,
    y: (0.5 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / (2 * Math.PI)) * scale,
    w: (textWidthEm(label.name) * spacing.sizePx) / 2 + spacing.paddingPx,
    h: (LINE_EM * spacing.sizePx) / 2 + spacing.paddingPx
  };
}

function overlaps(a: Box, b: Box): boolean {
  return Math.abs(a.x - b.x) < a.w + b.w && Math.abs(a.y - b.y) < a.h + b.h;
}
