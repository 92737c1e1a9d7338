import { describe, expect, it } from 'vitest';
import {
  DESIGN_HEIGHT_PX,
  MAX_MAP_SCALE,
  wallMapScale
} from '../../../client/src/map/map-scale.ts';
import { TOWN_SIZE_PX } from '../../../client/src/map/layers/label-layers.ts';

/** The wall's map scale: names and pins keep their share of the screen's height, never smaller than a desk's. */

describe('wallMapScale', () => {
  it('draws at a desk’s size on a 1080 px screen and twice as large on a 2160 px one', () => {
    expect(wallMapScale(DESIGN_HEIGHT_PX)).toBe(1);
    expect(wallMapScale(2160)).toBe(2);
  });

  it('makes a town’s name at least 1.2 % of the screen’s height, readable from 5 m, at 1080 and 2160 px', () => {
    for (const h of [1080, 1440, 2160]) {
      expect(TOWN_SIZE_PX * wallMapScale(h), `${h} px`).toBeGreaterThanOrEqual(0.012 * h);
    }
  });

  it('never draws smaller than a desk, on a small screen or before the viewport is known', () => {
    expect(wallMapScale(768)).toBe(1);
    expect(wallMapScale(0)).toBe(1);
    expect(wallMapScale(Number.NaN)).toBe(1);
  });

  it('stops growing at MAX_MAP_SCALE, so names never crowd the district out of the map', () => {
    expect(wallMapScale(4320)).toBe(MAX_MAP_SCALE);
    expect(wallMapScale(100_000)).toBe(MAX_MAP_SCALE);
  });
});
