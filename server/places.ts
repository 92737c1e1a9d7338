import { pinyin } from 'pinyin-pro';
import type { DistrictCollection, Place } from '../shared/district.ts';
import { bboxOf } from '../geo/bbox.ts';

/**
 * Finds towns, communities and grids by name for incident intake: by the Chinese name, by full pinyin without
 * tones (chunxi), or by pinyin initials (cxjd), as a dispatcher types them on a hotline call. The index is built
 * once per district version (under a thousand names, each with its bounding box); a query scans it, keeping only
 * the places in the towns the caller may see.
 */

interface Entry {
  place: Place;
  full: string;
  initials: string;
}

/** layers in the order a dispatcher most likely means them */
const LAYER_RANK: Record<Place['layer'], number> = { town: 0, community: 1, grid: 2, district: 3 };
export const MAX_PLACES = 10;

export class PlaceIndex {
  readonly #entries: Entry[];

  constructor(district: DistrictCollection) {
    this.#entries = district.features.map((f) => {
      const p = f.properties;
      const syllables = pinyin(p.name, { toneType: 'none', type: 'array', nonZh: 'consecutive' });
      return {
        place: {
          code: p.code,
          name: p.name,
          layer: p.layer,
          townCode: p.townCode,
          labelAt: p.labelAt,
          bbox: bboxOf(f)
        },
        full: syllables.join('').toLowerCase(),
        initials: syllables
          .map((s) => s[0] ?? '')
          .join('')
          .toLowerCase()
      };
    });
  }

  /**
   * Best matches first: a match at the start of the name beats one inside it; towns before communities before grids.
   * Only places whose town `seesTown` accepts are answered (a town leader's towns; the district names itself, so a
   * scoped caller never gets the district).
   */
  search(
    query: string,
    seesTown: (code: string) => boolean = () => true,
    limit = MAX_PLACES
  ): Place[] {
    const q = query.trim().toLowerCase().replace(/\s+/g, '');
    if (!q) return [];
    const hits: Array<{ place: Place; score: number }> = [];
    for (const e of this.#entries) {
      if (!seesTown(e.place.townCode)) continue;
      const score = matchScore(e, q);
      if (score !== null) hits.push({ place: e.place, score });
    }
    hits.sort(
      (a, b) =>
        a.score - b.score ||
        LAYER_RANK[a.place.layer] - LAYER_RANK[b.place.layer] ||
        a.place.name.length - b.place.name.length ||
        a.place.code.localeCompare(b.place.code)
    );
    return hits.slice(0, limit).map((h) => h.place);
  }
}

/** 0: the name, its pinyin or its initials start with the query; 1: they contain it; null: no match */
function matchScore(e: Entry, q: string): number | null {
  const name = e.place.name.toLowerCase();
  if (name.startsWith(q) || e.full.startsWith(q) || e.initials.startsWith(q)) return 0;
  if (name.includes(q) || e.full.includes(q) || e.initials.includes(q)) return 1;
  return null;
}
