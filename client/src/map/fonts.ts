import { MAP_FONT } from '../../../shared/map-style.ts';

/**
 * The bundled label font. deck.gl draws text into a glyph atlas once, from whatever the canvas can render at that
 * moment, so the font's unicode-range slices for every label character must be loaded before the atlas is built.
 */

/** the family our deck.gl text, MapLibre's labels and the wall's charts all use */
export const LABEL_FONT = MAP_FONT;

const LOAD_TIMEOUT_MS = 10000;

/** Loads the regular and bold faces for exactly the characters in `texts`; resolves false if that times out. */
export async function loadLabelFont(texts: readonly string[]): Promise<boolean> {
  const chars = [...new Set([...texts.join('')])].join('') || '高淳';
  const loads = Promise.all([
    document.fonts.load(`400 16px "${LABEL_FONT}"`, chars),
    document.fonts.load(`700 16px "${LABEL_FONT}"`, chars)
  ]).then(() => true);
  const timeout = new Promise<boolean>((resolve) =>
    setTimeout(() => resolve(false), LOAD_TIMEOUT_MS)
  );
  try {
    return await Promise.race([loads, timeout]);
  } catch {
    // a missing slice still leaves the fallback font; labels are better late than absent
    return false;
  }
}
