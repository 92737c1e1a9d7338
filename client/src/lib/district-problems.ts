import type { Feature, FeatureCollection, Point } from 'geojson';
import type { DistrictCollection, LngLat } from '../../../shared/district.ts';
import type { DistrictProblem, DistrictReport } from '../../../shared/district-import.ts';
import { formatLngLat } from './format.ts';
import { localeTag, msg } from './i18n.ts';

/**
 * The validator's problems in the screen's language, worded from each problem's kind, codes, area and reason —
 * never from its English `message`, which is for the CLI and integrations. Grids are named by code (what an
 * operator searches for in their GIS tool), towns and communities by name when the candidate or the district in
 * force knows it. A kind or reason this build has no words for is shown as its token.
 */

/** a problem as the report lists it: its index in the report (the map's marker names the same one) and its words */
export interface ProblemLine {
  index: number;
  problem: DistrictProblem;
  text: string;
}

/** names of towns and communities by code; a code nobody names stays a code */
export type AreaNames = (code: string) => string | undefined;

/** Errors and warnings (slivers) apart, each in the report's order. */
export function problemLines(
  report: DistrictReport,
  names: AreaNames
): { errors: ProblemLine[]; warnings: ProblemLine[] } {
  const errors: ProblemLine[] = [];
  const warnings: ProblemLine[] = [];
  report.problems.forEach((problem, index) => {
    const line = { index, problem, text: problemText(problem, names) };
    (problem.severity === 'error' ? errors : warnings).push(line);
  });
  return { errors, warnings };
}

export function problemText(p: DistrictProblem, names: AreaNames = () => undefined): string {
  const words = msg.districtImport.problem;
  const [first = '', second = ''] = p.codes;
  const area = p.areaM2 === null ? '' : formatArea(p.areaM2);
  const at = p.lngLat ? formatLngLat(p.lngLat[0], p.lngLat[1]) : '';
  switch (p.kind) {
    case 'gap':
      return at ? words.gap(area || '?', at) : words.gapSomewhere(area || '?');
    case 'overlap':
      return words.overlap(first, second, area || '?');
    case 'invalid_geometry': {
      // a failed coverage computation names every grid it involved
      const grids = p.codes.join('、');
      const why = reasonWords(words.geometryReason, p.reason);
      return why ? words.invalidGeometry(grids, why) : words.invalidGeometryBare(grids);
    }
    case 'outside':
      return area ? words.outside(first, area) : words.outsideSomewhere(first);
    case 'duplicate_code':
      return words.duplicateCode(first);
    case 'missing_field': {
      const field =
        reasonWords({ ...msg.districtImport.field, ...words.missingWhat }, p.reason) ||
        words.someField;
      return p.codes.length > 0
        ? words.missingFieldAt(field, p.codes.join('、'))
        : words.missingField(field);
    }
    case 'wrong_parent':
      return wrongParentText(p, names);
    case 'retired_code':
      return words.retiredCode(first);
    case 'unreadable': {
      const why = reasonWords(words.unreadableReason, p.reason);
      return why ? words.unreadable(why) : words.unreadableBare;
    }
    default:
      // a kind a newer server knows: its token, never the English sentence
      return words.other(String((p as { kind: unknown }).kind));
  }
}

/**
 * A grid in the wrong town or community. Codes are [grid, the parent it names, the parent it lies in (or '')];
 * the reason says which level (`town`, `community`), that the named one does not exist (`unknown_town`), or that
 * the named community is another town's (`community_not_in_town`, codes [grid, community, the grid's town]).
 */
function wrongParentText(p: DistrictProblem, names: AreaNames): string {
  const words = msg.districtImport.problem;
  const [grid = '', named = '', placed = ''] = p.codes;
  const reason = p.reason ?? '';
  if (reason === 'community_not_in_town') {
    return words.wrongParentCommunity(grid, nameOf(named, names), nameOf(placed, names));
  }
  const unknown = /^unknown_(town|community)$/.exec(reason)?.[1];
  const level = words.level[unknown ?? reason] ?? '';
  if (unknown) {
    if (!named) return words.wrongParentUnnamed(grid, level);
    // what the file named does not exist: shown as the file has it
    return placed
      ? words.wrongParentUnknownIn(grid, level, named, nameOf(placed, names))
      : words.wrongParentUnknown(grid, level, named);
  }
  if (placed) return words.wrongParent(grid, nameOf(named, names), nameOf(placed, names));
  return level
    ? words.wrongParentOutside(grid, nameOf(named, names), level)
    : words.wrongParentNamed(grid, nameOf(named, names));
}

/** `1,234`: whole square metres, one decimal below 10 m² so a tiny sliver does not read as 0 */
export function formatArea(areaM2: number): string {
  const digits = Math.abs(areaM2) < 10 ? 1 : 0;
  return new Intl.NumberFormat(localeTag(), { maximumFractionDigits: digits }).format(areaM2);
}

/** Names of the candidate's towns and communities, falling back to another lookup (the district in force). */
export function areaNamesOf(
  candidate: DistrictCollection | null,
  fallback: AreaNames = () => undefined
): AreaNames {
  const names = new Map<string, string>();
  for (const f of candidate?.features ?? []) {
    const p = f.properties;
    if (p.layer === 'town' || p.layer === 'community') names.set(p.code, p.name);
  }
  return (code) => names.get(code) ?? fallback(code);
}

export interface ProblemPointProps {
  index: number;
  severity: DistrictProblem['severity'];
}

/** The problems with a place to look at, as points for the preview map's markers. */
export function problemPoints(
  problems: readonly DistrictProblem[]
): FeatureCollection<Point, ProblemPointProps> {
  const features: Feature<Point, ProblemPointProps>[] = [];
  problems.forEach((p, index) => {
    if (!p.lngLat || !validLngLat(p.lngLat)) return;
    features.push({
      type: 'Feature',
      properties: { index, severity: p.severity },
      geometry: { type: 'Point', coordinates: [p.lngLat[0], p.lngLat[1]] }
    });
  });
  return { type: 'FeatureCollection', features };
}

export function validLngLat(at: LngLat | readonly number[]): boolean {
  const [lng, lat] = at;
  return (
    Number.isFinite(lng) && Number.isFinite(lat) && Math.abs(lng) <= 180 && Math.abs(lat) <= 90
  );
}

function nameOf(code: string, names: AreaNames): string {
  return names(code) ?? code;
}

/**
 * The table's words for a reason token; a token it does not know as it is (`no_shp`), but never a sentence: free
 * text from the server is English. Nothing for no reason.
 */
function reasonWords(table: Readonly<Record<string, string | undefined>>, reason?: string): string {
  if (!reason) return '';
  return table[reason] ?? (TOKEN.test(reason) ? reason : '');
}

const TOKEN = /^[A-Za-z0-9_.:-]{1,40}$/;
