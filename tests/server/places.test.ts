import { describe, expect, it } from 'vitest';
import { loadDistrict } from '../../server/district.ts';
import { PlaceIndex } from '../../server/places.ts';

describe('place search', () => {
  const index = new PlaceIndex(loadDistrict().collection);

  it('finds a town by its Chinese name, its pinyin and its pinyin initials', () => {
    for (const q of ['淳溪', 'chunxi', 'ChunXi', 'cxjd', 'cx']) {
      expect(index.search(q)[0], q).toMatchObject({
        code: '320118001',
        name: '淳溪街道',
        layer: 'town'
      });
    }
  });

  it('finds a community and its grids, the community first', () => {
    const hits = index.search('凤岭社区');
    expect(hits[0]).toMatchObject({ layer: 'community', name: '凤岭社区' });
    expect(hits.slice(1).every((h) => h.layer === 'grid' && h.name.startsWith('凤岭社区'))).toBe(
      true
    );
  });

  it('puts a match at the start of a name before one inside it', () => {
    const hits = index.search('yx');
    expect(hits[0]).toMatchObject({ name: '桠溪街道' });
  });

  it('gives every hit a point to put the incident at', () => {
    for (const h of index.search('村')) {
      expect(h.labelAt).toHaveLength(2);
      expect(h.labelAt[0]).toBeGreaterThan(118.6);
    }
  });

  it('gives every hit the bounding box of its area, around its label point', () => {
    for (const h of index.search('yx')) {
      const [w, s, e, n] = h.bbox;
      expect(w).toBeLessThan(e);
      expect(s).toBeLessThan(n);
      expect(h.labelAt[0]).toBeGreaterThanOrEqual(w);
      expect(h.labelAt[0]).toBeLessThanOrEqual(e);
      expect(h.labelAt[1]).toBeGreaterThanOrEqual(s);
      expect(h.labelAt[1]).toBeLessThanOrEqual(n);
    }
  });

  it('answers only places in the towns the caller sees', () => {
    const yaxiOnly = (town: string) => town === '320118006';
    expect(index.search('淳溪', yaxiOnly)).toEqual([]);
    expect(index.search('cxjd', yaxiOnly)).toEqual([]);
    const hits = index.search('yx', yaxiOnly);
    expect(hits[0]).toMatchObject({ name: '桠溪街道' });
    expect(hits.every((h) => h.townCode === '320118006')).toBe(true);
    // the district names itself as its town, so a scoped caller never finds the whole district
    expect(index.search('高淳', yaxiOnly).some((h) => h.layer === 'district')).toBe(false);
  });

  it('answers nothing for a blank or unknown query, and at most ten places', () => {
    expect(index.search('   ')).toEqual([]);
    expect(index.search('北京')).toEqual([]);
    expect(index.search('网格')).toHaveLength(10);
  });
});
