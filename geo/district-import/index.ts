import {
  DEFAULT_SLIVER_M2,
  type DistrictProblem,
  type DistrictReport,
  type ImportOptions
} from '../../shared/district-import.ts';
import type { DistrictCollection } from '../../shared/district.ts';
import { boxesOverlap } from '../district-check/polygons.ts';
import { checkDistrict } from '../district-check/index.ts';
import { problem, sortProblems } from '../district-check/problems.ts';
import { bboxOf, type BBox } from '../bbox.ts';
import { buildCandidate } from './build.ts';
import { chooseCrs, implausible, type CrsSource } from './crs.ts';
import { finiteBox } from './geometry.ts';
import { readImportFile, UnreadableError, type RawImport } from './read-file.ts';

/**
 * Importing a district, the pure part: file bytes → candidate district + report. Reading (read-file.ts), the
 * coordinate system (crs.ts), mapping and placing the grids (build.ts) and the full check (district-check/) in
 * one call that never throws on bad input: a file that cannot be read gives a report with ok false and one
 * `unreadable` problem saying why and what to pass instead.
 */

export interface ImportSource {
  format: RawImport['format'];
  /** the layer read from a zip */
  layer?: string;
  /** how attribute text was decoded */
  encoding?: string;
  /** the coordinate system, and where it came from */
  crs: string;
  crsFrom: CrsSource;
  features: number;
  fields: string[];
}

export interface PreparedImport {
  /** WGS-84, the /api/district format; null when the file could not be read */
  candidate: DistrictCollection | null;
  report: DistrictReport;
  /** what was read and how; null when the file could not be read */
  source: ImportSource | null;
}

export function prepareImport(
  bytes: Uint8Array,
  options: ImportOptions,
  current: DistrictCollection | null,
  retiredCodes?: ReadonlySet<string>
): PreparedImport {
  try {
    const raw = readImportFile(bytes, options);
    const choice = chooseCrs({ option: options.crs, prj: raw.prj, geojsonCrs: raw.geojsonCrs });
    if (!choice.ok) return unreadable(choice.reason, choice.message);
    const box = raw.features.reduce<BBox>(
      (b, f) => union(b, finiteBox((f.geometry as { coordinates?: unknown } | null)?.coordinates)),
      [Infinity, Infinity, -Infinity, -Infinity]
    );
    if (!Number.isFinite(box[0]))
      return unreadable('no_coordinates', 'the file holds no coordinates');
    const wrong = implausible(choice.crs, box);
    if (wrong) return unreadable('implausible', wrong);

    const { candidate, problems } = buildCandidate(raw, choice.crs, options, current);
    if (!candidate) return unreadable('no_features', 'nothing could be read from the file');
    const far =
      raw.format === 'district' ? null : farFromCurrent(candidate, current, choice.crs.label);
    if (far) return unreadable('far_away', far);
    const sliverM2 = Number.isFinite(options.sliverM2) ? options.sliverM2! : DEFAULT_SLIVER_M2;
    const checked = checkDistrict(candidate, { sliverM2, retiredCodes });
    const all = sortProblems([...problems, ...checked.problems]);
    return {
      candidate,
      report: {
        ok: !all.some((p) => p.severity === 'error'),
        counts: checked.counts,
        problems: all
      },
      source: {
        format: raw.format,
        layer: raw.layer,
        encoding: raw.encoding,
        crs: choice.crs.label,
        crsFrom: choice.from,
        features: raw.features.length,
        fields: raw.fields
      }
    };
  } catch (e) {
    if (e instanceof UnreadableError) return unreadable(e.reason, e.message);
    // anything else is a bug or input no reader foresaw; the operator still gets an answer, not a 500
    return unreadable(
      'internal',
      `the file could not be read: ${e instanceof Error ? e.message : String(e)}`
    );
  }
}

function unreadable(reason: string, message: string): PreparedImport {
  const p: DistrictProblem = problem('unreadable', 'error', [], message, { reason });
  return {
    candidate: null,
    report: {
      ok: false,
      counts: { comprehensive: 0, specialised: 0, towns: 0, communities: 0 },
      problems: [p]
    },
    source: null
  };
}

/**
 * Grids imported over the current district that lie nowhere near it were almost always read in the wrong
 * coordinate system (a neighbouring Gauss–Krüger zone puts them 300 km away). Checked against an outline they
 * miss, they would be one gap the size of the district and a spill per grid; one clear message says what to fix.
 */
function farFromCurrent(
  candidate: DistrictCollection,
  current: DistrictCollection | null,
  crs: string
): string | null {
  const outline = current?.features.find((f) => f.properties.layer === 'district');
  const grids = candidate.features.filter((f) => f.properties.layer === 'grid');
  if (!outline || !grids.length) return null;
  const district = bboxOf(outline);
  const box = grids.reduce<BBox>(
    (b, g) => union(b, finiteBox(g.geometry.coordinates)),
    [Infinity, Infinity, -Infinity, -Infinity]
  );
  if (!Number.isFinite(box[0]) || boxesOverlap(box, district)) return null;
  const km =
    Math.hypot(
      ((box[0] + box[2] - district[0] - district[2]) / 2) * Math.cos((district[1] * Math.PI) / 180),
      (box[1] + box[3] - district[1] - district[3]) / 2
    ) * 111.2;
  return `the grids lie about ${Math.round(km)} km from the current district (their middle is at [${((box[0] + box[2]) / 2).toFixed(4)}, ${((box[1] + box[3]) / 2).toFixed(4)}]), read as ${crs}: is the coordinate system right? Pass crs, e.g. EPSG:4549 for CGCS2000 3-degree Gauss–Krüger CM 120E`;
}

function union(a: BBox, b: BBox): BBox {
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
}
