import type { DistrictProblem } from '../../shared/district-import.ts';
import type { AreaFeature } from '../../shared/district.ts';
import { areaM2 } from './area.ts';
import { OwnerIndex } from './owners.ts';
import type { MultiPoly } from './polygons.ts';
import { describe, m2, problem } from './problems.ts';

/**
 * wrong_parent: every grid names its town and community, and the rest of the system (who sees which incident,
 * the KPIs per town) trusts that name. A comprehensive grid belongs where most of its area lies; a specialised
 * grid (a school, a lakeshore) may straddle towns and belongs to the one holding its label point, as the
 * generator assigns it.
 */

export interface CheckedArea {
  f: AreaFeature;
  /** oriented, cleaned; empty when the geometry is invalid */
  polys: MultiPoly;
}

export function parentProblems(
  grids: readonly CheckedArea[],
  towns: readonly CheckedArea[],
  communities: readonly CheckedArea[]
): DistrictProblem[] {
  const out: DistrictProblem[] = [];
  const townIndex = new OwnerIndex(
    towns.map((t) => ({ code: t.f.properties.code, polys: t.polys }))
  );
  const communityIndex = new OwnerIndex(
    communities.map((c) => ({ code: c.f.properties.code, polys: c.polys }))
  );
  const townAt = indexByCode(towns);
  const communityAt = indexByCode(communities);
  for (const g of grids) {
    if (!g.polys.length) continue;
    const p = g.f.properties;
    const town = check(g, p.townCode, townIndex, townAt, 'town');
    if (town) out.push(town);
    if (!communities.length || !p.communityCode) continue;
    const k = communityAt.get(p.communityCode);
    if (k !== undefined && communities[k].f.properties.townCode !== p.townCode) {
      out.push(
        problem(
          'wrong_parent',
          'error',
          [p.code, p.communityCode, p.townCode],
          `${describe(g.f)} names community ${p.communityCode}, which belongs to town ${communities[k].f.properties.townCode}, not to the grid's town ${p.townCode}`,
          { lngLat: p.labelAt, reason: 'community_not_in_town' }
        )
      );
      continue;
    }
    const community = check(g, p.communityCode, communityIndex, communityAt, 'community');
    if (community) out.push(community);
  }
  return out;
}

function check(
  g: CheckedArea,
  named: string,
  index: OwnerIndex,
  byCode: Map<string, number>,
  level: 'town' | 'community'
): DistrictProblem | null {
  const p = g.f.properties;
  const k = byCode.get(named);
  const total = areaM2(g.polys);
  const holder = () => {
    if (p.gridKind === 'specialised') {
      const at = index.at(p.labelAt);
      return at >= 0 ? index.owners[at].code : '';
    }
    return index.owners[index.shares(g.polys)[0]?.owner ?? -1]?.code ?? '';
  };
  if (k === undefined) {
    const h = holder();
    return problem(
      'wrong_parent',
      'error',
      [p.code, named, h],
      `${describe(g.f)} names ${level} ${named || '(none)'}, which does not exist${h ? `; it lies in ${level} ${h}` : ''}`,
      { lngLat: p.labelAt, reason: `unknown_${level}`, areaM2: total }
    );
  }
  // a town with invalid geometry is reported as such; judging its grids against it would only add noise
  if (!index.owners[k].polys.length) return null;
  if (p.gridKind === 'specialised') {
    if (index.at(p.labelAt) === k) return null;
    const h = holder();
    return problem(
      'wrong_parent',
      'error',
      [p.code, named, h],
      `${describe(g.f)} names ${level} ${named}, but its label point lies in ${h ? `${level} ${h}` : `no ${level}`}`,
      { lngLat: p.labelAt, reason: level, areaM2: null }
    );
  }
  const inside = index.shares(g.polys, k)[0]?.areaM2 ?? 0;
  if (inside * 2 >= total) return null;
  const h = holder();
  const share = total > 0 ? Math.round((inside / total) * 100) : 0;
  return problem(
    'wrong_parent',
    'error',
    [p.code, named, h],
    `${describe(g.f)} names ${level} ${named}, but only ${share} % of its area lies there; ${m2(total - inside)} lies ${h ? `mostly in ${level} ${h}` : `outside every ${level}`}`,
    { lngLat: p.labelAt, reason: level, areaM2: total - inside }
  );
}

function indexByCode(list: readonly CheckedArea[]): Map<string, number> {
  const m = new Map<string, number>();
  list.forEach((a, k) => {
    if (!m.has(a.f.properties.code)) m.set(a.f.properties.code, k);
  });
  return m;
}
