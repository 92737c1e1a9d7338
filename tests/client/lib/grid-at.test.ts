import { describe, expect, it } from 'vitest';
import { gridAt } from '../../../client/src/lib/grid-at.ts';
import { miniDistrict, T1, T2 } from '../../fixtures/mini-district.ts';

/** Which comprehensive grid a phone's fix lies in, named with its town. */

describe('gridAt', () => {
  const district = miniDistrict();

  it('names the comprehensive grid and its town that hold the point', () => {
    expect(gridAt(district, 118.905, 31.315)).toEqual({
      gridCode: `${T1}-001-01`,
      gridName: `${T1}-001-01`,
      townCode: T1,
      townName: T1
    });
    expect(gridAt(district, 118.935, 31.305)?.gridCode).toBe(`${T2}-001-02`);
  });

  it('answers the comprehensive grid under a specialised one', () => {
    // 118.918, 31.312 lies in the market grid and in T1's grid 01
    expect(gridAt(district, 118.918, 31.312)?.gridCode).toBe(`${T1}-001-01`);
  });

  it('answers one of the two grids for a point on their shared border', () => {
    const code = gridAt(district, 118.92, 31.315)?.gridCode;
    expect([`${T1}-001-01`, `${T2}-001-01`]).toContain(code);
  });

  it('answers null outside every grid, and for a point that is no number', () => {
    expect(gridAt(district, 118.95, 31.31)).toBeNull();
    expect(gridAt(district, 118.91, 31.33)).toBeNull();
    expect(gridAt(district, Number.NaN, 31.31)).toBeNull();
    expect(gridAt({ type: 'FeatureCollection', features: [] }, 118.91, 31.31)).toBeNull();
  });

  it('reads a new district version, not the index of the last one', () => {
    const next = miniDistrict();
    next.features = next.features.filter((f) => f.properties.code !== `${T1}-001-01`);
    expect(gridAt(district, 118.905, 31.315)).not.toBeNull();
    expect(gridAt(next, 118.905, 31.315)).toBeNull();
  });
});
