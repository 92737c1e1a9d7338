import { Type, type Static } from '@sinclair/typebox';
import { Position, type DistrictCollection } from './district.ts';

/**
 * Importing a district: the options an operator gives (CLI flags, the /admin form, the query string of
 * `POST /api/district/imports`), the validator's report, and the stored versions. The report is "full coverage, no
 * blind spots" made checkable: every problem names its kind, the codes involved, the area in m² and a point to look
 * at. `message` is English for the CLI and integrations; /admin words each problem from its kind and values.
 */

/** Coordinate systems an import may be in: WGS-84, CGCS2000 (EPSG:4490), its 3-degree Gauss-Krüger zones
 * (EPSG:4513–4554), Web Mercator (EPSG:3857) and GCJ-02. Written `wgs84`, `gcj02` or `EPSG:<n>`. */
export const ImportCrs = Type.String({ pattern: '^(wgs84|gcj02|EPSG:[0-9]{4,5})$', maxLength: 12 });

export const ImportOptions = Type.Object(
  {
    /** overrides what the .prj says (a GeoJSON without `crs` is WGS-84 unless this says otherwise) */
    crs: Type.Optional(ImportCrs),
    /** the DBF's text encoding when the zip has no .cpg (Chinese GIS tools write GBK) */
    encoding: Type.Optional(Type.Union([Type.Literal('gbk'), Type.Literal('utf-8')])),
    /** attribute names; each defaults to the common names (`code`, 网格编码, …) */
    codeField: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    nameField: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    kindField: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    townField: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    communityField: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    /** a gap or overlap smaller than this many m² is a warning (a sliver), not an error */
    sliverM2: Type.Optional(Type.Number({ minimum: 0, maximum: 1_000_000 }))
  },
  { additionalProperties: false }
);
export type ImportOptions = Static<typeof ImportOptions>;

export const DEFAULT_SLIVER_M2 = 10;

export const ProblemKind = Type.Union([
  /** self-intersection, an unclosed or too-short ring */
  Type.Literal('invalid_geometry'),
  /** part of the district no comprehensive grid covers */
  Type.Literal('gap'),
  /** two comprehensive grids share area */
  Type.Literal('overlap'),
  /** a grid's area beyond the district outline */
  Type.Literal('outside'),
  Type.Literal('duplicate_code'),
  Type.Literal('missing_field'),
  /** a grid outside the town (or community) it names */
  Type.Literal('wrong_parent'),
  /** a code an earlier version retired comes back meaning another place: codes in the event log never change meaning */
  Type.Literal('retired_code'),
  /** the file could not be read at all (not a zip or GeoJSON, no .shp inside, unknown coordinate system) */
  Type.Literal('unreadable')
]);
export type ProblemKind = Static<typeof ProblemKind>;

export const DistrictProblem = Type.Object({
  kind: ProblemKind,
  /** errors block applying; warnings (slivers under the tolerance) do not */
  severity: Type.Union([Type.Literal('error'), Type.Literal('warning')]),
  /** the codes involved: one grid, the two overlapping grids, a grid and the town it names… */
  codes: Type.Array(Type.String()),
  areaM2: Type.Union([Type.Number(), Type.Null()]),
  /** a point to look at */
  lngLat: Type.Union([Position, Type.Null()]),
  /** what is wrong in detail: `self_intersection`, `unclosed_ring`, `short_ring`, the missing field's role… */
  reason: Type.Optional(Type.String()),
  /** English, for the CLI and integrations */
  message: Type.String()
});
export type DistrictProblem = Static<typeof DistrictProblem>;

export const DistrictCounts = Type.Object({
  comprehensive: Type.Integer(),
  specialised: Type.Integer(),
  towns: Type.Integer(),
  communities: Type.Integer()
});
export type DistrictCounts = Static<typeof DistrictCounts>;

export const DistrictReport = Type.Object({
  /** false while any error remains */
  ok: Type.Boolean(),
  counts: DistrictCounts,
  problems: Type.Array(DistrictProblem)
});
export type DistrictReport = Static<typeof DistrictReport>;

/** A stored version of the district: the first is the generated reference district. */
export interface DistrictVersionInfo {
  id: number;
  createdAt: number;
  /** who applied it (`system` for the one made at first start) */
  actor: string;
  /** the imported file's name, or `gaochun.json` */
  source: string;
  note: string;
  counts: DistrictCounts;
  /** codes of the version before it that this one no longer has */
  retired: string[];
  /** whether it is the one in force */
  current: boolean;
}

/** What `POST /api/district/imports` answers: the report, and the candidate to preview until it is applied. */
export interface DistrictImportResult {
  /** names the candidate for `POST /api/district/imports/:id/apply` (kept 30 minutes) */
  id: string;
  report: DistrictReport;
  /** the candidate district, WGS-84, in the `/api/district` format; null when the file could not be read */
  candidate: DistrictCollection | null;
}

export const ApplyImport = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false }
);
export type ApplyImport = Static<typeof ApplyImport>;

/** Sent to every screen when another district version comes into force: reload `/api/district` and the map. */
export interface DistrictChanged {
  version: number;
}
