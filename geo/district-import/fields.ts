import type { DistrictProblem, ImportOptions } from '../../shared/district-import.ts';
import type { GridKind } from '../../shared/district.ts';
import { problem } from '../district-check/problems.ts';

/**
 * Which attribute holds what. Surveys name their fields every way: `code`, `GRIDCODE`, 网格编码, the pinyin
 * initials `WGBM`… The operator's choice wins; otherwise the first common name present (ignoring case) is taken.
 * A DBF field name is at most 10 bytes, which in GBK is five Chinese characters, so the defaults stay short.
 */

export type FieldRole = 'code' | 'name' | 'kind' | 'town' | 'community';

export const DEFAULT_FIELDS: Record<FieldRole, readonly string[]> = {
  code: [
    'code',
    'grid_code',
    'gridcode',
    'grid_id',
    '网格编码',
    '网格代码',
    '网格编号',
    '编码',
    'wgbm',
    'wgdm'
  ],
  name: ['name', 'grid_name', 'gridname', '网格名称', '网格名', '名称', 'wgmc'],
  kind: [
    'kind',
    'type',
    'grid_kind',
    'grid_type',
    'gridtype',
    '网格类型',
    '网格类别',
    '类型',
    'wglx'
  ],
  town: [
    'town',
    'town_code',
    'towncode',
    'town_name',
    '所属镇街',
    '镇街',
    '街道',
    '乡镇',
    '所属街道',
    '所属乡镇',
    '镇街编码',
    '镇街名称'
  ],
  community: [
    'community',
    'community_code',
    'comm_code',
    'community_name',
    '所属社区',
    '社区',
    '村社区',
    '所属村居',
    '村居',
    '社区编码',
    '社区名称'
  ]
};

const OPTION: Record<FieldRole, keyof ImportOptions> = {
  code: 'codeField',
  name: 'nameField',
  kind: 'kindField',
  town: 'townField',
  community: 'communityField'
};

export type FieldMap = Partial<Record<FieldRole, string>>;

/** The attribute for each role found in `fields`, and a problem for each one asked for or needed but absent. */
export function mapFields(
  fields: readonly string[],
  options: ImportOptions
): { map: FieldMap; problems: DistrictProblem[] } {
  const map: FieldMap = {};
  const problems: DistrictProblem[] = [];
  const list = fields.length ? fields.join(', ') : 'none';
  const byLower = new Map<string, string>();
  for (const f of fields) if (!byLower.has(f.toLowerCase())) byLower.set(f.toLowerCase(), f);
  for (const role of Object.keys(DEFAULT_FIELDS) as FieldRole[]) {
    const asked = options[OPTION[role]] as string | undefined;
    if (asked) {
      const found = fields.includes(asked) ? asked : byLower.get(asked.toLowerCase());
      if (found) map[role] = found;
      else
        problems.push(
          problem(
            'missing_field',
            'error',
            [],
            `the ${role} field "${asked}" is not in the file (its fields: ${list})`,
            {
              reason: role
            }
          )
        );
      continue;
    }
    const found =
      DEFAULT_FIELDS[role].map((n) => byLower.get(n.toLowerCase())).find((f) => f !== undefined) ??
      truncated(fields, DEFAULT_FIELDS[role]);
    if (found) map[role] = found;
  }
  if (!map.code && !options.codeField)
    problems.push(
      problem(
        'missing_field',
        'error',
        [],
        `no grid code field: none of ${DEFAULT_FIELDS.code.join(', ')} is in the file (its fields: ${list}); name it with codeField (--code-field)`,
        { reason: 'code' }
      )
    );
  if (!map.name && !options.nameField)
    problems.push(
      problem(
        'missing_field',
        'warning',
        [],
        `no grid name field (its fields: ${list}): each grid is named by its code`,
        {
          reason: 'name'
        }
      )
    );
  return { map, problems };
}

/**
 * A DBF field name is cut at 10 bytes: 网格编码 is 12 bytes in UTF-8 and arrives as 网格编, community_code as
 * community_. A name at the limit that begins a common name is taken for it.
 */
function truncated(fields: readonly string[], names: readonly string[]): string | undefined {
  const encoder = new TextEncoder();
  return fields.find((f) => {
    const bytes = encoder.encode(f).length;
    return (
      bytes >= 8 &&
      bytes <= 10 &&
      names.some((n) => n.toLowerCase().startsWith(f.toLowerCase()) && n.length > f.length)
    );
  });
}

const COMPREHENSIVE = new Set([
  '综合网格',
  '综合',
  '基础网格',
  '一般网格',
  '全科网格',
  'comprehensive',
  'general'
]);
const SPECIALISED = new Set([
  '专属网格',
  '专属',
  '专项网格',
  '专项',
  '专业网格',
  'specialised',
  'specialized',
  'special'
]);

/** A grid kind from an attribute value: undefined when empty (comprehensive by default), null when unknown. */
export function kindOf(value: unknown): GridKind | null | undefined {
  const t = text(value).toLowerCase();
  if (!t) return undefined;
  if (COMPREHENSIVE.has(t)) return 'comprehensive';
  if (SPECIALISED.has(t)) return 'specialised';
  return null;
}

/** An attribute value as trimmed text ('' for none); numbers keep their digits. */
export function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return String(value).trim();
}
