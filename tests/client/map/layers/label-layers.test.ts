import { describe, expect, it } from 'vitest';
import type { AreaLabel } from '../../../../client/src/lib/district.svelte.ts';
import { GridLabelPlacer } from '../../../../client/src/map/layers/label-layers.ts';

/** The grid names the map draws at a map scale: larger names keep the same room around them, so fewer fit. */

const LNG = 118.87;
const LAT = 31.32;
/** degrees of longitude one pixel spans at zoom 13 (a 512 px world) */
const PX13 = 360 / (512 * 2 ** 13);

/** a row of grid names `gapPx` apart at zoom 13, 8 CJK characters each (100 px wide at 12.5 px) */
function row(n: number, gapPx: number): AreaLabel[] {
  return Array.from({ length: n }, (_, k) => ({
    code: `g${k}`,
    name: '凤岭社区第1网格',
    townCode: 't',
    position: [LNG + k * gapPx * PX13, LAT]
  }));
}

describe('GridLabelPlacer', () => {
  it('keeps names that fit at a desk’s size, and thins them when the wall draws them twice as large', () => {
    const grids = row(6, 130);
    const desk = new GridLabelPlacer().place(grids, [], 13, null, null, 1);
    const wall = new GridLabelPlacer().place(grids, [], 13, null, null, 2);
    expect(desk.map((l) => l.code)).toEqual(['g0', 'g1', 'g2', 'g3', 'g4', 'g5']);
    // 200 px wide names plus padding need more than 130 px between centres: every other one stays
    expect(wall.map((l) => l.code)).toEqual(['g0', 'g2', 'g4']);
  });

  it('places again when the scale changes, at the same zoom', () => {
    const placer = new GridLabelPlacer();
    const grids = row(4, 130);
    expect(placer.place(grids, [], 13, null, null, 1)).toHaveLength(4);
    expect(placer.place(grids, [], 13, null, null, 2)).toHaveLength(2);
    expect(placer.place(grids, [], 13, null, null, 1)).toHaveLength(4);
  });
});
