import { describe, expect, it } from 'vitest';
import { GridLocator } from '../../geo/grid-locator.ts';
import { miniDistrict, T1, T2 } from '../fixtures/mini-district.ts';

describe('GridLocator', () => {
  const grids = new GridLocator(miniDistrict());

  it('resolves a point inside a grid to that grid and its town', () => {
    expect(grids.locate(118.91, 31.315)).toMatchObject({ gridCode: `${T1}-001-01`, townCode: T1 });
    expect(grids.locate(118.93, 31.305)).toMatchObject({ gridCode: `${T2}-001-02`, townCode: T2 });
  });

  it('resolves a point on the border of two grids to exactly one, the lower code', () => {
    expect(grids.locate(118.91, 31.31)?.gridCode).toBe(`${T1}-001-01`);
    expect(grids.locate(118.92, 31.315)?.gridCode).toBe(`${T1}-001-01`);
  });

  it('resolves the corner where four grids meet to one grid', () => {
    expect(grids.locate(118.92, 31.31)?.gridCode).toBe(`${T1}-001-01`);
  });

  it('returns null outside the district', () => {
    expect(grids.locate(118.8, 31.31)).toBeNull();
    expect(grids.locate(0, 0)).toBeNull();
  });

  it('never answers a specialised grid as the comprehensive one, but lists it over the point', () => {
    expect(grids.locate(118.918, 31.308)?.gridCode).toBe(`${T1}-001-02`);
    expect(grids.specialisedAt(118.918, 31.308)).toEqual(['320118-S01']);
    expect(grids.specialisedAt(118.905, 31.318)).toEqual([]);
  });

  it('refuses a district without comprehensive grids', () => {
    const d = miniDistrict();
    d.features = d.features.filter((f) => f.properties.gridKind !== 'comprehensive');
    expect(() => new GridLocator(d)).toThrow(/no comprehensive grids/);
  });
});
