import type { DistrictProblem, ProblemKind } from '../../shared/district-import.ts';
import type { AreaFeature, LngLat } from '../../shared/district.ts';

/** Building problems the same way everywhere: rounded figures, a stable order, English messages. */

const KIND_ORDER: readonly ProblemKind[] = [
  'unreadable',
  'missing_field',
  'invalid_geometry',
  'duplicate_code',
  'retired_code',
  'gap',
  'overlap',
  'outside',
  'wrong_parent'
];

export function problem(
  kind: ProblemKind,
  severity: DistrictProblem['severity'],
  codes: string[],
  message: string,
  extra: { areaM2?: number | null; lngLat?: LngLat | null; reason?: string } = {}
): DistrictProblem {
  const p: DistrictProblem = {
    kind,
    severity,
    codes,
    areaM2: extra.areaM2 == null ? null : Math.round(extra.areaM2 * 100) / 100,
    lngLat: extra.lngLat ? roundLngLat(extra.lngLat) : null,
    message
  };
  if (extra.reason) p.reason = extra.reason;
  return p;
}

/** Errors first, then by kind, larger areas first, then by codes, so a report reads the same every run. */
export function sortProblems(list: DistrictProblem[]): DistrictProblem[] {
  return [...list].sort(
    (a, b) =>
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) ||
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      (b.areaM2 ?? 0) - (a.areaM2 ?? 0) ||
      a.codes.join(',').localeCompare(b.codes.join(','))
  );
}

/** `1,234 m²`, `0.42 m²` */
export function m2(v: number): string {
  if (v >= 100) return `${Math.round(v).toLocaleString('en-US')} m²`;
  return `${v.toFixed(2)} m²`;
}

export function at(p: LngLat | null): string {
  return p ? ` near [${p[0].toFixed(6)}, ${p[1].toFixed(6)}]` : '';
}

/** `grid 320118001-001-05 (凤岭社区第5网格)` */
export function describe(f: AreaFeature): string {
  const { layer, code, name } = f.properties;
  const label = code || '(no code)';
  return name && name !== code ? `${layer} ${label} (${name})` : `${layer} ${label}`;
}

function roundLngLat(p: LngLat): LngLat {
  return [Math.round(p[0] * 1e7) / 1e7, Math.round(p[1] * 1e7) / 1e7];
}
