import { afterEach, describe, expect, it } from 'vitest';
import {
  areaNamesOf,
  formatArea,
  problemLines,
  problemPoints,
  problemText
} from '../../../client/src/lib/district-problems.ts';
import { locale } from '../../../client/src/lib/locale.svelte.ts';
import type { DistrictCollection } from '../../../shared/district.ts';
import type { DistrictProblem, DistrictReport } from '../../../shared/district-import.ts';

/**
 * The import report's problems on /admin: each worded in Chinese from its kind, codes, area and reason, never from
 * the English `message` the CLI prints; towns by name; errors and slivers apart; markers only where there is a place.
 */

afterEach(() => locale.set('zh'));

const GRID_A = '320118001-001-05';
const GRID_B = '320118001-001-06';

function problem(p: Partial<DistrictProblem> & Pick<DistrictProblem, 'kind'>): DistrictProblem {
  return {
    severity: 'error',
    codes: [],
    areaM2: null,
    lngLat: null,
    message: 'the English sentence for the CLI',
    ...p
  };
}

/** a candidate that names two towns */
const CANDIDATE: DistrictCollection = {
  type: 'FeatureCollection',
  features: [
    town('320118001', '淳溪街道'),
    town('320118103', '桠溪街道'),
    {
      type: 'Feature',
      properties: {
        layer: 'community',
        code: '320118001001',
        name: '凤岭社区',
        townCode: '320118001',
        labelAt: [118.9, 31.3]
      },
      geometry: { type: 'Polygon', coordinates: [] }
    }
  ]
};

function town(code: string, name: string): DistrictCollection['features'][number] {
  return {
    type: 'Feature',
    properties: { layer: 'town', code, name, townCode: code, labelAt: [118.9, 31.3] },
    geometry: { type: 'Polygon', coordinates: [] }
  };
}

describe('problemText', () => {
  it('words a gap with its area, grouped, and where it is', () => {
    const gap = problem({ kind: 'gap', areaM2: 1234.4, lngLat: [118.91234, 31.30012] });
    expect(problemText(gap)).toBe('缺口：约 1,234 m²，位置 118.91234, 31.30012');
  });

  it('words a gap with no place to look at without a position', () => {
    expect(problemText(problem({ kind: 'gap', areaM2: 50 }))).toBe('缺口：约 50 m²');
  });

  it('names both grids of an overlap by code', () => {
    const overlap = problem({ kind: 'overlap', codes: [GRID_A, GRID_B], areaM2: 56.2 });
    expect(problemText(overlap)).toBe(`重叠：网格 ${GRID_A} 与 网格 ${GRID_B} 重叠约 56 m²`);
  });

  it('says why a geometry is invalid, or only that it is when the reason is unknown words', () => {
    const selfCrossing = problem({
      kind: 'invalid_geometry',
      codes: [GRID_A],
      reason: 'self_intersection'
    });
    expect(problemText(selfCrossing)).toBe(`几何无效：网格 ${GRID_A} 自相交`);
    expect(problemText({ ...selfCrossing, reason: 'unclosed_ring' })).toBe(
      `几何无效：网格 ${GRID_A} 边界未闭合`
    );
    expect(problemText({ ...selfCrossing, reason: undefined })).toBe(`几何无效：网格 ${GRID_A}`);
    expect(
      problemText(
        problem({ kind: 'invalid_geometry', codes: [GRID_A, GRID_B], reason: 'clip_failed' })
      )
    ).toBe(`几何无效：网格 ${GRID_A}、${GRID_B} 无法计算覆盖，请检查几何`);
    // free text is the server's English: left out
    expect(
      problemText({ ...selfCrossing, reason: 'Ring Self-intersection at or near point' })
    ).toBe(`几何无效：网格 ${GRID_A}`);
  });

  it('words a grid outside the district, a duplicate code and a retired code', () => {
    expect(problemText(problem({ kind: 'outside', codes: [GRID_A], areaM2: 812 }))).toBe(
      `超出辖区：网格 ${GRID_A} 约 812 m² 在区界之外`
    );
    expect(problemText(problem({ kind: 'duplicate_code', codes: [GRID_A, GRID_A] }))).toBe(
      `编码重复：${GRID_A} 出现不止一次`
    );
    expect(problemText(problem({ kind: 'retired_code', codes: [GRID_B] }))).toBe(
      `编码已撤销：${GRID_B} 已在此前的版本中撤销，不能再用于别处`
    );
  });

  it('names a missing field by its role, and where it is missing when the report says', () => {
    expect(problemText(problem({ kind: 'missing_field', reason: 'code' }))).toBe(
      '缺少字段（网格编码）'
    );
    expect(problemText(problem({ kind: 'missing_field', reason: 'town', codes: [GRID_A] }))).toBe(
      `缺少字段（所属镇街）：${GRID_A}`
    );
    expect(problemText(problem({ kind: 'missing_field', reason: 'district' }))).toBe(
      '缺少字段（区界）'
    );
  });

  it('names the towns of a wrong parent by name, from the candidate first and then the district in force', () => {
    const names = areaNamesOf(CANDIDATE, (code) => (code === '320118105' ? '东坝街道' : undefined));
    const wrong = (codes: string[], reason?: string) =>
      problemText(problem({ kind: 'wrong_parent', codes, reason }), names);
    expect(wrong([GRID_A, '320118001', '320118103'], 'town')).toBe(
      `归属错误：网格 ${GRID_A} 标为 淳溪街道，实际位于 桠溪街道`
    );
    expect(wrong([GRID_A, '320118105', ''], 'town')).toBe(
      `归属错误：网格 ${GRID_A} 标为 东坝街道，实际不在任何镇街内`
    );
    // a code nobody names stays a code
    expect(wrong([GRID_A, '999'])).toBe(`归属错误：网格 ${GRID_A} 不在所标的 999 内`);
  });

  it('says when the parent a grid names does not exist, or is another town’s community', () => {
    const names = areaNamesOf(CANDIDATE);
    const wrong = (codes: string[], reason: string) =>
      problemText(problem({ kind: 'wrong_parent', codes, reason }), names);
    expect(wrong([GRID_A, '淳西街道', '320118001'], 'unknown_town')).toBe(
      `归属错误：网格 ${GRID_A} 所标的镇街 淳西街道 不存在，实际位于 淳溪街道`
    );
    expect(wrong([GRID_A, '凤凰社区', ''], 'unknown_community')).toBe(
      `归属错误：网格 ${GRID_A} 所标的社区 凤凰社区 不存在`
    );
    expect(wrong([GRID_A, '', ''], 'unknown_community')).toBe(
      `归属错误：网格 ${GRID_A} 未标明所属社区`
    );
    expect(wrong([GRID_A, '320118001001', '320118103'], 'community_not_in_town')).toBe(
      `归属错误：网格 ${GRID_A} 所标的社区 凤岭社区 不属于 桠溪街道`
    );
  });

  it('says why a file cannot be read from the reason token, and never a sentence', () => {
    expect(problemText(problem({ kind: 'unreadable', reason: 'no_shp' }))).toBe(
      '文件无法读取（压缩包内没有 .shp 文件）'
    );
    expect(problemText(problem({ kind: 'unreadable', reason: 'far_away' }))).toBe(
      '文件无法读取（网格远离现行辖区，坐标系可能选错了）'
    );
    expect(problemText(problem({ kind: 'unreadable', reason: 'some_new_reason' }))).toBe(
      '文件无法读取（some_new_reason）'
    );
    expect(problemText(problem({ kind: 'unreadable', reason: 'end of central directory' }))).toBe(
      '文件无法读取'
    );
  });

  it('shows the token of a kind a newer server knows', () => {
    const newer = problem({ kind: 'hole_in_grid' as DistrictProblem['kind'] });
    expect(problemText(newer)).toBe('其他问题：hole_in_grid');
  });

  it('never shows the English message, whatever the kind', () => {
    const kinds: DistrictProblem['kind'][] = [
      'invalid_geometry',
      'gap',
      'overlap',
      'outside',
      'duplicate_code',
      'missing_field',
      'wrong_parent',
      'retired_code',
      'unreadable'
    ];
    for (const kind of kinds) {
      const text = problemText(
        problem({ kind, codes: [GRID_A, GRID_B], areaM2: 3, lngLat: [118.9, 31.3] })
      );
      expect(text, kind).not.toContain('English');
      expect(text.replace(GRID_A, '').replace(GRID_B, ''), kind).not.toMatch(/[a-z]{3}/);
    }
  });

  it('words the same problems in English when the screen is', () => {
    locale.set('en');
    const overlap = problem({ kind: 'overlap', codes: [GRID_A, GRID_B], areaM2: 1500 });
    expect(problemText(overlap)).toBe(
      `Overlap: grids ${GRID_A} and ${GRID_B} share about 1,500 m²`
    );
  });
});

describe('formatArea', () => {
  it('shows whole square metres, grouped, and one decimal for a sliver under 10 m²', () => {
    expect(formatArea(1234567.8)).toBe('1,234,568');
    expect(formatArea(3.25)).toBe('3.3');
    expect(formatArea(0)).toBe('0');
  });
});

describe('problemLines', () => {
  it('lists errors and warnings apart, each keeping its index in the report', () => {
    const report: DistrictReport = {
      ok: false,
      counts: { comprehensive: 3, specialised: 0, towns: 1, communities: 1 },
      problems: [
        problem({ kind: 'gap', severity: 'warning', areaM2: 4, lngLat: [118.9, 31.3] }),
        problem({ kind: 'overlap', codes: [GRID_A, GRID_B], areaM2: 120 }),
        problem({ kind: 'overlap', severity: 'warning', codes: [GRID_A, GRID_B], areaM2: 2 })
      ]
    };
    const { errors, warnings } = problemLines(report, () => undefined);
    expect(errors.map((l) => l.index)).toEqual([1]);
    expect(warnings.map((l) => l.index)).toEqual([0, 2]);
    expect(warnings[0].text).toBe('缺口：约 4 m²，位置 118.90000, 31.30000');
  });

  it('lists nothing for a clean report', () => {
    const clean: DistrictReport = {
      ok: true,
      counts: { comprehensive: 704, specialised: 18, towns: 8, communities: 134 },
      problems: []
    };
    expect(problemLines(clean, () => undefined)).toEqual({ errors: [], warnings: [] });
  });
});

describe('problemPoints', () => {
  it('makes a marker for each problem with a valid place, named by its index', () => {
    const points = problemPoints([
      problem({ kind: 'gap', lngLat: [118.9, 31.3] }),
      problem({ kind: 'missing_field', reason: 'code' }),
      problem({ kind: 'overlap', severity: 'warning', lngLat: [118.95, 31.28] }),
      problem({ kind: 'outside', lngLat: [Number.NaN, 31.3] })
    ]);
    expect(points.features.map((f) => f.properties)).toEqual([
      { index: 0, severity: 'error' },
      { index: 2, severity: 'warning' }
    ]);
    expect(points.features[1].geometry.coordinates).toEqual([118.95, 31.28]);
  });
});
