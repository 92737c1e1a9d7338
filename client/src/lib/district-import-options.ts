import { DEFAULT_SLIVER_M2, type ImportOptions } from '../../../shared/district-import.ts';

/**
 * The district import form's choices as `POST /api/district/imports` reads them: the query string of options (each
 * left out when it is the default, so the server's defaults apply) and the Content-Type of the raw file. What the
 * server would refuse anyway (an EPSG code that is no number, a tolerance out of range, a file too large or of
 * another type) is said before uploading 50 MB.
 */

/** the coordinate systems offered: auto reads the .prj (a GeoJSON without one is WGS-84), other asks for a code */
export const CRS_CHOICES = [
  'auto',
  'wgs84',
  'EPSG:4490',
  'EPSG:4549',
  'other',
  'EPSG:3857',
  'gcj02'
] as const;
export type CrsChoice = (typeof CRS_CHOICES)[number];

export const ENCODING_CHOICES = ['auto', 'gbk', 'utf-8'] as const;
export type EncodingChoice = (typeof ENCODING_CHOICES)[number];

/** the attributes a file's fields are mapped to, in the order the form asks for them */
export const FIELD_ROLES = ['code', 'name', 'kind', 'town', 'community'] as const;
export type FieldRole = (typeof FIELD_ROLES)[number];

/** the server takes at most this much (it answers 413 beyond) */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export const ZIP_TYPE = 'application/zip';
export const GEOJSON_TYPE = 'application/geo+json';
export type UploadType = typeof ZIP_TYPE | typeof GEOJSON_TYPE;

/** what the form holds, as typed */
export interface ImportFormValues {
  crs: CrsChoice;
  /** the EPSG code typed for `other`, digits only (a leading `EPSG:` is forgiven) */
  epsg: string;
  encoding: EncodingChoice;
  fields: Record<FieldRole, string>;
  /** as typed; blank means the default */
  sliverM2: string | number | null;
}

export type FormProblem = 'epsg' | 'sliver';

export function defaultFormValues(): ImportFormValues {
  return {
    crs: 'auto',
    epsg: '',
    encoding: 'auto',
    fields: { code: '', name: '', kind: '', town: '', community: '' },
    sliverM2: DEFAULT_SLIVER_M2
  };
}

/** The options the form means, or which input is wrong. Blank field names and defaults are left out. */
export function toImportOptions(
  v: ImportFormValues
): { ok: true; options: ImportOptions } | { ok: false; problem: FormProblem } {
  const options: ImportOptions = {};
  if (v.crs === 'other') {
    const code = /^\s*(?:EPSG:)?\s*([0-9]{4,5})\s*$/i.exec(v.epsg)?.[1];
    if (!code) return { ok: false, problem: 'epsg' };
    options.crs = `EPSG:${code}`;
  } else if (v.crs !== 'auto') options.crs = v.crs;
  if (v.encoding !== 'auto') options.encoding = v.encoding;
  for (const role of FIELD_ROLES) {
    const name = v.fields[role].trim();
    if (name) options[`${role}Field`] = name.slice(0, FIELD_NAME_MAX);
  }
  const sliver = sliverOf(v.sliverM2);
  if (sliver === null) return { ok: false, problem: 'sliver' };
  if (sliver !== DEFAULT_SLIVER_M2) options.sliverM2 = sliver;
  return { ok: true, options };
}

/**
 * `?crs=EPSG%3A4549&encoding=gbk…&file=网格.zip` in a fixed order: the options that are not the default, then the
 * file's own name (the version list's 来源文件; the body is the raw file, so the name rides in the query).
 */
export function importQuery(options: ImportOptions, fileName = ''): string {
  const q = new URLSearchParams();
  for (const key of QUERY_ORDER) {
    const value = options[key];
    if (value !== undefined) q.set(key, typeof value === 'number' ? plainNumber(value) : value);
  }
  const file = fileName.trim().slice(0, FILE_NAME_MAX);
  if (file) q.set('file', file);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * The Content-Type to send a file as, from its name first (browsers know no type for .geojson and some report a
 * zip as `application/x-zip-compressed`), then its type; null for anything else.
 */
export function uploadTypeOf(name: string, type: string): UploadType | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.zip')) return ZIP_TYPE;
  if (lower.endsWith('.geojson') || lower.endsWith('.json')) return GEOJSON_TYPE;
  if (/^application\/(x-)?zip(-compressed)?$/.test(type)) return ZIP_TYPE;
  if (type === GEOJSON_TYPE || type === 'application/json') return GEOJSON_TYPE;
  return null;
}

/** the file input's `accept` */
export const ACCEPT = '.zip,.geojson,.json,application/zip,application/geo+json,application/json';

const FIELD_NAME_MAX = 64;
const FILE_NAME_MAX = 200;
const SLIVER_MAX_M2 = 1_000_000;

const QUERY_ORDER = [
  'crs',
  'encoding',
  'codeField',
  'nameField',
  'kindField',
  'townField',
  'communityField',
  'sliverM2'
] as const satisfies readonly (keyof ImportOptions)[];

/** blank is the default; a number input gives a number, or null when what was typed is none */
function sliverOf(typed: string | number | null): number | null {
  if (typed === null || (typeof typed === 'string' && typed.trim() === '')) {
    return DEFAULT_SLIVER_M2;
  }
  const n = typeof typed === 'number' ? typed : Number(typed.trim());
  return Number.isFinite(n) && n >= 0 && n <= SLIVER_MAX_M2 ? n : null;
}

/** `0.5`, never `1e-7`: the query's number is plain digits */
function plainNumber(n: number): string {
  return n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 6 });
}
