import {
  DEFAULT_SLIVER_M2,
  type DistrictCounts,
  type DistrictProblem,
  type DistrictReport
} from '../../shared/district-import.ts';
import type { AreaFeature, DistrictCollection, LngLat } from '../../shared/district.ts';
import { coverageOf, type CoverageResult } from './coverage.ts';
import { GridBoxes } from './nearby.ts';
import { parentProblems, type CheckedArea } from './parents.ts';
import { cleanPolys, convexHull, orientPoly, polysOf, type Ring } from './polygons.ts';
import { at, describe, m2, problem, sortProblems } from './problems.ts';
import { spillOf } from './spill.ts';
import { geometryIssue } from './validity.ts';

/**
 * "Full coverage, no blind spots" made checkable: a candidate district (WGS-84, the /api/district format) in, a
 * report of every problem out, each with its kind, the codes involved, the area and a point to look at. Never
 * throws on bad geometry: a feature that cannot be read is itself a problem, and is left out of the area checks
 * so that it does not also show up as gaps and overlaps around it.
 */

export interface CheckOptions {
  /** a gap, overlap or spill under this many m² is a warning (default DEFAULT_SLIVER_M2) */
  sliverM2?: number;
  /** codes earlier versions retired: one coming back is an error */
  retiredCodes?: ReadonlySet<string>;
}

export function checkDistrict(
  candidate: DistrictCollection,
  options: CheckOptions = {}
): DistrictReport {
  const sliverM2 = options.sliverM2 ?? DEFAULT_SLIVER_M2;
  const problems: DistrictProblem[] = [];
  const areas = candidate.features.map((f) => readArea(f, problems));
  const layer = (l: AreaFeature['properties']['layer']) =>
    areas.filter((a) => a.f.properties.layer === l);
  const grids = layer('grid');
  const comprehensive = grids.filter((g) => g.f.properties.gridKind !== 'specialised');
  const specialised = grids.filter((g) => g.f.properties.gridKind === 'specialised');
  const towns = layer('town');
  const communities = layer('community');
  const counts: DistrictCounts = {
    comprehensive: comprehensive.length,
    specialised: specialised.length,
    towns: towns.length,
    communities: communities.length
  };

  problems.push(
    ...duplicateCodes(candidate.features),
    ...retiredCodes(grids, options.retiredCodes)
  );
  const outline = layer('district');
  if (!outline.length)
    problems.push(
      problem(
        'missing_field',
        'error',
        [],
        'the district has no outline (no feature with layer district)',
        {
          reason: 'district'
        }
      )
    );
  else if (outline.every((d) => d.polys.length)) {
    const district = outline.flatMap((d) => d.polys);
    const valid = comprehensive.filter((g) => g.polys.length);
    const masks: Ring[] = comprehensive
      .filter((g) => !g.polys.length)
      .map((g) => convexHull(finitePolys(g.f)))
      .filter((r) => r.length);
    const result = coverageOf(
      district,
      valid.map((g, id) => ({ id, polys: g.polys })),
      masks
    );
    problems.push(...coverageProblems(result, valid, sliverM2));
    const special = specialised.filter((g) => g.polys.length);
    for (const s of spillOf(
      district,
      special.map((g, id) => ({ id, polys: g.polys }))
    )) {
      const f = special[s.grid].f;
      problems.push(
        problem(
          'outside',
          s.areaM2 < sliverM2 ? 'warning' : 'error',
          [f.properties.code],
          `${describe(f)} extends ${m2(s.areaM2)} beyond the district outline${at(s.lngLat)}`,
          { areaM2: s.areaM2, lngLat: s.lngLat }
        )
      );
    }
  }
  if (towns.length) problems.push(...parentProblems(grids, towns, communities));

  const sorted = sortProblems(problems);
  return { ok: !sorted.some((p) => p.severity === 'error'), counts, problems: sorted };
}

/** The feature with its polygons oriented and cleaned, or no polygons (and a problem) when it is invalid. */
function readArea(f: AreaFeature, problems: DistrictProblem[]): CheckedArea {
  const issue = geometryIssue(f.geometry);
  const polys = issue ? [] : cleanPolys(polysOf(f)).map(orientPoly);
  if (issue || !polys.length)
    problems.push(
      problem(
        'invalid_geometry',
        'error',
        [f.properties.code],
        `${describe(f)}: ${issue ? issue.detail : 'no ring has 3 distinct positions'}`,
        {
          lngLat: issue?.lngLat ?? null,
          reason: issue?.reason ?? 'short_ring'
        }
      )
    );
  return { f, polys };
}

function coverageProblems(
  result: CoverageResult,
  grids: readonly CheckedArea[],
  sliverM2: number
): DistrictProblem[] {
  const out: DistrictProblem[] = [];
  const severity = (a: number) => (a < sliverM2 ? 'warning' : 'error');
  const sliver = (a: number) => (a < sliverM2 ? ` (a sliver under ${m2(sliverM2)})` : '');
  const code = (k: number) => grids[k].f.properties.code;
  const around = new GridBoxes(grids.map((g) => ({ code: g.f.properties.code, polys: g.polys })));
  for (const g of result.gaps) {
    const codes = around.bordering(g.poly);
    const between = codes.length ? ` between ${codes.join(', ')}` : '';
    out.push(
      problem(
        'gap',
        severity(g.areaM2),
        codes,
        `${m2(g.areaM2)} of the district is in no comprehensive grid${between}${at(g.lngLat)}${sliver(g.areaM2)}`,
        { areaM2: g.areaM2, lngLat: g.lngLat }
      )
    );
  }
  for (const o of result.overlaps)
    out.push(
      problem(
        'overlap',
        severity(o.areaM2),
        [code(o.a), code(o.b)].sort(),
        `grids ${code(o.a)} and ${code(o.b)} overlap by ${m2(o.areaM2)}${at(o.lngLat)}${sliver(o.areaM2)}`,
        { areaM2: o.areaM2, lngLat: o.lngLat }
      )
    );
  for (const s of result.outside)
    out.push(
      problem(
        'outside',
        severity(s.areaM2),
        [code(s.grid)],
        `${describe(grids[s.grid].f)} extends ${m2(s.areaM2)} beyond the district outline${at(s.lngLat)}${sliver(s.areaM2)}`,
        { areaM2: s.areaM2, lngLat: s.lngLat }
      )
    );
  for (const e of result.failures)
    out.push(
      problem(
        'invalid_geometry',
        'error',
        e.grids.map(code),
        `coverage could not be computed${at(e.lngLat)} (${e.error}); check the geometry of ${e.grids.map(code).join(', ')}`,
        { lngLat: e.lngLat, reason: 'clip_failed' }
      )
    );
  return out;
}

function duplicateCodes(features: readonly AreaFeature[]): DistrictProblem[] {
  const byCode = new Map<string, AreaFeature[]>();
  for (const f of features) {
    const list = byCode.get(f.properties.code);
    if (list) list.push(f);
    else byCode.set(f.properties.code, [f]);
  }
  const out: DistrictProblem[] = [];
  for (const [code, list] of byCode) {
    if (list.length < 2) continue;
    out.push(
      problem(
        'duplicate_code',
        'error',
        [code],
        `code ${code} is used by ${list.length} features: ${list.map(describe).join(', ')}`,
        { lngLat: list[1].properties.labelAt ?? null }
      )
    );
  }
  return out;
}

function retiredCodes(
  grids: readonly CheckedArea[],
  retired?: ReadonlySet<string>
): DistrictProblem[] {
  if (!retired?.size) return [];
  return grids
    .filter((g) => retired.has(g.f.properties.code))
    .map((g) =>
      problem(
        'retired_code',
        'error',
        [g.f.properties.code],
        `${describe(g.f)} reuses a code an earlier version retired; codes in the event log never change meaning, so give this grid a new code`,
        { lngLat: g.f.properties.labelAt ?? null }
      )
    );
}

/** The finite positions of a feature's rings, for the hull that masks an invalid grid. */
function finitePolys(f: AreaFeature): LngLat[][][] {
  const raw = (
    f.geometry?.type === 'Polygon' ? [f.geometry.coordinates] : (f.geometry?.coordinates ?? [])
  ) as unknown[][][];
  if (!Array.isArray(raw)) return [];
  return raw.map((p) =>
    (Array.isArray(p) ? p : []).map((r) =>
      (Array.isArray(r) ? r : []).filter(
        (q): q is LngLat => Array.isArray(q) && Number.isFinite(q[0]) && Number.isFinite(q[1])
      )
    )
  );
}
