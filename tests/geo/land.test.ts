import { describe, expect, it } from 'vitest';
import type { FeatureCollection, Polygon } from 'geojson';
import { GridLocator } from '../../geo/grid-locator.ts';
import { Land } from '../../geo/land.ts';
import { miniDistrict } from '../fixtures/mini-district.ts';

/** Land: inside a comprehensive grid and out of the water. The mini district spans 118.90–118.94, 31.30–31.32. */

const pond: FeatureCollection<Polygon> = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { name: '池塘' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [118.905, 31.305],
            [118.915, 31.305],
            [118.915, 31.315],
            [118.905, 31.315],
            [118.905, 31.305]
          ]
        ]
      }
    }
  ]
};

describe('Land', () => {
  const land = new Land(new GridLocator(miniDistrict()), pond);

  it('takes a point in a grid and out of the water', () => {
    expect(land.has(118.925, 31.31)).toBe(true);
  });

  it('refuses a point in the water and one beyond the outline', () => {
    expect(land.has(118.91, 31.31)).toBe(false);
    expect(land.has(118.95, 31.31)).toBe(false);
  });

  it('refuses a straight way across the water, takes one around it', () => {
    expect(land.path([118.901, 31.31], [118.919, 31.31])).toBe(false);
    expect(land.path([118.901, 31.302], [118.919, 31.302])).toBe(true);
  });

  it('refuses a way that leaves the district between two points inside it', () => {
    expect(land.path([118.93, 31.301], [118.93, 31.319])).toBe(true);
    expect(land.path([118.939, 31.301], [118.9395, 31.3195])).toBe(true);
    expect(land.path([118.925, 31.31], [118.96, 31.31])).toBe(false);
  });

  it('is all land where there is no water', () => {
    const dry = new Land(new GridLocator(miniDistrict()), {
      type: 'FeatureCollection',
      features: []
    });
    expect(dry.has(118.91, 31.31)).toBe(true);
  });
});
