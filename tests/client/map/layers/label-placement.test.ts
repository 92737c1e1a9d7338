import { describe, expect, it } from 'vitest';
import type { DistrictCollection } from '../../../../shared/district.ts';
import type { AreaLabel } from '../../../../client/src/lib/district.svelte.ts';
import {
  labelZoomStep,
  placeLabels,
  textWidthEm
} from '../../../../client/src/map/layers/label-placement.ts';
import district from '../../../../geo/data/gaochun.json' with { type: 'json' };

const SPACING = { sizePx: 12.5, paddingPx: 6 };
const LNG = 118.87;
const LAT = 31.32;
/** degrees of longitude one pixel spans at zoom 13 (a 512 px world) */
const PX13 = 360 / (512 * 2 ** 13);

function label(code: string, dxPx: number, dyPx = 0, name = '凤岭社区第1网格'): AreaLabel {
  // Mercator stretches latitude here (a y offset comes out ~1.2× as many pixels): y only ever keeps names far apart
  return { code, name, townCode: 't', position: [LNG + dxPx * PX13, LAT - dyPx * PX13] };
}

const codes = (ls: readonly AreaLabel[]) => ls.map((l) => l.code);

describe('placeLabels', () => {
  it('places nothing when there are no labels', () => {
    expect(placeLabels([], 13, SPACING)).toEqual([]);
  });

  it('keeps every name when none comes near another', () => {
    const ls = [label('a', 0), label('b', 400), label('c', 0, 200)];
    expect(codes(placeLabels(ls, 13, SPACING))).toEqual(['a', 'b', 'c']);
  });

  it('drops the later of two names that would touch, and keeps both once zoomed in far enough', () => {
    // 8 CJK characters at 12.5 px are 100 px wide: 60 px apart they overlap at 13, 120 px apart at 14
    const ls = [label('a', 0), label('b', 60)];
    expect(codes(placeLabels(ls, 13, SPACING))).toEqual(['a']);
    expect(codes(placeLabels(ls, 14, SPACING))).toEqual(['a', 'b']);
  });

  it('keeps padding between names that would otherwise just clear each other', () => {
    // 104 px apart: the 100 px wide names do not overlap, but 6 px of padding on each side makes them touch
    const ls = [label('a', 0), label('b', 104)];
    expect(codes(placeLabels(ls, 13, { sizePx: 12.5, paddingPx: 0 }))).toEqual(['a', 'b']);
    expect(codes(placeLabels(ls, 13, SPACING))).toEqual(['a']);
  });

  it('places the better-ranked name first and returns the kept ones in their input order', () => {
    const ls = [label('a', 0), label('b', 60), label('c', 300)];
    const rank = (l: AreaLabel) => (l.code === 'b' ? 0 : 1);
    expect(codes(placeLabels(ls, 13, SPACING, rank))).toEqual(['b', 'c']);
  });

  it('keeps names off a fixed name, which is never dropped', () => {
    const town = { label: label('town', 30, 0, '淳溪街道'), spacing: { sizePx: 17, paddingPx: 2 } };
    const ls = [label('a', 0), label('b', 300)];
    expect(codes(placeLabels(ls, 13, SPACING, undefined, [town]))).toEqual(['b']);
  });

  it('leaves no two grid names of the district touching at the wall’s focus zoom', () => {
    const grids = (district as unknown as DistrictCollection).features
      .filter((f) => f.properties.layer === 'grid')
      .map((f) => ({
        code: f.properties.code,
        name: f.properties.name,
        townCode: '',
        position: f.properties.labelAt
      }));
    const placed = placeLabels(grids, 13, SPACING);
    expect(placed.length).toBeGreaterThan(0);
    expect(placed.length).toBeLessThan(grids.length);
    const scale = 512 * 2 ** 13;
    const boxes = placed.map((l) => {
      const phi = (l.position[1] * Math.PI) / 180;
      const y = (1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2;
      return {
        x: ((l.position[0] + 180) / 360) * scale,
        y: y * scale,
        w: (textWidthEm(l.name) * SPACING.sizePx) / 2,
        h: (1.2 * SPACING.sizePx) / 2
      };
    });
    let touching = 0;
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i], boxes[j]];
        if (Math.abs(a.x - b.x) < a.w + b.w && Math.abs(a.y - b.y) < a.h + b.h) touching++;
      }
    }
    expect(touching).toBe(0);
  });
});

describe('labelZoomStep', () => {
  it('lays out at the bottom of the half-zoom step the camera is in', () => {
    expect(labelZoomStep(13)).toBe(13);
    expect(labelZoomStep(13.49)).toBe(13);
    expect(labelZoomStep(13.5)).toBe(13.5);
    expect(labelZoomStep(12.99)).toBe(12.5);
  });
});

describe('textWidthEm', () => {
  it('counts a CJK character as square and a digit as narrow', () => {
    expect(textWidthEm('网格')).toBe(2);
    expect(textWidthEm('第12网格')).toBeCloseTo(4.2);
  });
});
