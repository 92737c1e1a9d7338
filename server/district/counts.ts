import type { DistrictCollection } from '../../shared/district.ts';
import type { DistrictCounts } from '../../shared/district-import.ts';

/** How many grids of each kind, towns and communities a district holds (what a version lists). */
export function countsOf(d: DistrictCollection): DistrictCounts {
  const c: DistrictCounts = { comprehensive: 0, specialised: 0, towns: 0, communities: 0 };
  for (const f of d.features) {
    const p = f.properties;
    if (p.layer === 'town') c.towns++;
    else if (p.layer === 'community') c.communities++;
    else if (p.layer === 'grid')
      c[p.gridKind === 'specialised' ? 'specialised' : 'comprehensive']++;
  }
  return c;
}

/** Codes of `before` that `after` no longer has: retired, never to mean another place. */
export function retiredCodes(before: DistrictCollection, after: DistrictCollection): string[] {
  const kept = new Set(after.features.map((f) => f.properties.code));
  return before.features.map((f) => f.properties.code).filter((c) => !kept.has(c));
}
