import type { DistrictProblem, ImportOptions } from '../../shared/district-import.ts';
import type {
  AreaFeature,
  AreaProperties,
  DistrictCollection,
  GridKind,
  LngLat
} from '../../shared/district.ts';
import { problem } from '../district-check/problems.ts';
import type { ImportCrs } from './crs.ts';
import { kindOf, mapFields, text, type FieldMap } from './fields.ts';
import { convertGeometry, polysOfGeometry } from './geometry.ts';
import { ParentResolver } from './parents.ts';
import type { RawFeature, RawImport } from './raw.ts';

/**
 * Raw features → the candidate district in the /api/district format, WGS-84. A file in our own format (features
 * with `properties.layer`) is taken as it is. Any other file holds grids: their attributes are mapped
 * (fields.ts), their towns and communities matched against the current district (parents.ts), and the district
 * outline, towns and communities come from the current district. Only what concerns single features is
 * reported here (missing fields, unknown parents, non-polygons); the check judges the whole.
 */

export interface BuildResult {
  candidate: DistrictCollection | null;
  problems: DistrictProblem[];
}

const LAYERS = new Set(['district', 'town', 'community', 'grid']);

export function buildCandidate(
  raw: RawImport,
  crs: ImportCrs,
  options: ImportOptions,
  current: DistrictCollection | null
): BuildResult {
  const problems: DistrictProblem[] = [];
  const read: Read[] = [];
  for (const r of raw.features) {
    const converted = convertGeometry(r.geometry, crs);
    if (converted.ok)
      read.push({ raw: r, geometry: converted.geometry, labelAt: converted.labelAt });
    else
      problems.push(
        problem('invalid_geometry', 'error', codesOf(r), `${label(r)}: ${converted.detail}`, {
          reason: 'geometry_type'
        })
      );
  }
  // a label given in the file is kept only when the file is in WGS-84 already
  const keepLabels = crs.geographic && crs.id !== 'gcj02';
  const own =
    raw.format === 'district'
      ? ownFormat(read, keepLabels, problems)
      : mappedGrids(read, raw.fields, options, current, problems);
  const has = (layer: string) => own.some((f) => f.properties.layer === layer);
  // a file of grids only takes the outline, towns and communities of the district in force
  const context = (current?.features ?? []).filter(
    (f) => f.properties.layer !== 'grid' && !has(f.properties.layer)
  );
  const order = { district: 0, town: 1, community: 2, grid: 3 } as const;
  const features = [...context, ...own].sort(
    (a, b) => order[a.properties.layer] - order[b.properties.layer]
  );
  return { candidate: { type: 'FeatureCollection', features }, problems };
}

/** a raw feature whose geometry is a polygon, converted */
interface Read {
  raw: RawFeature;
  geometry: AreaFeature['geometry'];
  labelAt: LngLat;
}

/** Our own format: kept as it is, with a label point and a code filled in where missing. */
function ownFormat(read: Read[], keepLabels: boolean, problems: DistrictProblem[]): AreaFeature[] {
  const out: AreaFeature[] = [];
  for (const r of read) {
    const p = r.raw.properties;
    const layer = String(p.layer ?? '');
    if (!LAYERS.has(layer)) {
      problems.push(
        problem(
          'missing_field',
          'error',
          codesOf(r.raw),
          `${label(r.raw)} has no layer (district, town, community or grid)`,
          { reason: 'layer', lngLat: r.labelAt }
        )
      );
      continue;
    }
    const code = text(p.code) || placeholder(r, problems, 'code');
    const props: AreaProperties = {
      ...(p as Partial<AreaProperties>),
      layer: layer as AreaProperties['layer'],
      code,
      name: text(p.name) || code,
      townCode: text(p.townCode) || (layer === 'district' ? code : ''),
      labelAt: (keepLabels && validLabel(p.labelAt)) || r.labelAt
    };
    if (layer === 'grid') {
      const kind = kindOf(p.gridKind);
      if (kind === null) problems.push(unknownKind(code, p.gridKind, r));
      props.gridKind = kind ?? 'comprehensive';
    }
    out.push({ type: 'Feature', properties: props, geometry: r.geometry });
  }
  return out;
}

function mappedGrids(
  read: Read[],
  fields: string[],
  options: ImportOptions,
  current: DistrictCollection | null,
  problems: DistrictProblem[]
): AreaFeature[] {
  const { map, problems: fieldProblems } = mapFields(fields, options);
  problems.push(...fieldProblems);
  const parents = new ParentResolver(current);
  const before = new Map(
    (current?.features ?? [])
      .filter((f) => f.properties.layer === 'grid')
      .map((f) => [f.properties.code, f.properties])
  );
  return read.map((r) => {
    const attrs = r.raw.properties;
    const get = (role: keyof FieldMap) => (map[role] ? text(attrs[map[role]!]) : '');
    const code = get('code') || placeholder(r, problems, 'code', map.code);
    const rawKind = map.kind ? attrs[map.kind] : undefined;
    const kind = kindOf(rawKind);
    if (kind === null) problems.push(unknownKind(code, rawKind, r));
    const gridKind: GridKind = kind ?? 'comprehensive';
    const props: AreaProperties = {
      layer: 'grid',
      code,
      name: get('name') || code,
      townCode: '',
      gridKind,
      labelAt: r.labelAt
    };
    placeGrid(props, r.geometry, get('town'), get('community'), parents, problems);
    // what the file cannot say (estimated population, a specialised grid's theme) carries over by code
    const old = before.get(code);
    if (old?.population !== undefined) props.population = old.population;
    if (gridKind === 'specialised' && old?.theme) props.theme = old.theme;
    return { type: 'Feature', properties: props, geometry: r.geometry };
  });
}

/** Town and community from the values given, else from where the grid lies in the current district. */
function placeGrid(
  props: AreaProperties,
  geometry: AreaFeature['geometry'],
  townValue: string,
  communityValue: string,
  parents: ParentResolver,
  problems: DistrictProblem[]
): void {
  if (!parents.hasTowns) {
    props.townCode = townValue;
    if (communityValue) props.communityCode = communityValue;
    return;
  }
  const polys = polysOfGeometry(geometry);
  const kind = props.gridKind!;
  const town = townValue ? parents.town(townValue) : undefined;
  const community = communityValue
    ? parents.community(communityValue, town?.properties.code)
    : undefined;
  props.townCode =
    town?.properties.code ??
    community?.properties.townCode ??
    parents.placeTown(polys, props.labelAt, kind);
  if (townValue && !town) problems.push(unknownParent(props, 'town', townValue, props.townCode));
  if (community) props.communityCode = community.properties.code;
  else if (parents.hasCommunities) {
    props.communityCode = parents.placeCommunity(polys, props.labelAt, kind, props.townCode);
    if (communityValue)
      problems.push(unknownParent(props, 'community', communityValue, props.communityCode));
  }
}

function unknownParent(
  props: AreaProperties,
  level: 'town' | 'community',
  value: string,
  placed: string
): DistrictProblem {
  return problem(
    'wrong_parent',
    'error',
    [props.code, value, placed],
    `grid ${props.code} names ${level} "${value}", which the current district does not have (by code or name)${placed ? `; it lies in ${level} ${placed}` : ''}`,
    { lngLat: props.labelAt, reason: `unknown_${level}` }
  );
}

function unknownKind(code: string, value: unknown, r: Read): DistrictProblem {
  return problem(
    'missing_field',
    'error',
    [code],
    `grid ${code} has kind "${text(value)}", which is neither comprehensive (综合网格) nor specialised (专属网格)`,
    { lngLat: r.labelAt, reason: 'kind' }
  );
}

/** A stand-in code for a feature without one, so its geometry is still checked; the problem blocks applying. */
function placeholder(r: Read, problems: DistrictProblem[], role: string, field?: string): string {
  const code = `#${r.raw.index + 1}`;
  problems.push(
    problem(
      'missing_field',
      'error',
      [code],
      `${label(r.raw)} has no ${role}${field ? ` (field ${field} is empty)` : ''}`,
      { reason: role, lngLat: r.labelAt }
    )
  );
  return code;
}

function validLabel(v: unknown): [number, number] | null {
  return Array.isArray(v) && Number.isFinite(v[0]) && Number.isFinite(v[1]) ? [v[0], v[1]] : null;
}

function codesOf(r: RawFeature): string[] {
  const c = text(r.properties.code);
  return c ? [c] : [];
}

function label(r: RawFeature): string {
  return `feature ${r.index + 1}`;
}
