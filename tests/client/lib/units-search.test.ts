import { describe, expect, it } from 'vitest';
import { UnitStore } from '../../../client/src/lib/units.svelte.ts';
import { unit } from '../../fixtures/units.ts';

/** The incident panel's unit search over the desk's unit store: by name or id, prefix matches first. */

describe('UnitStore.search', () => {
  const store = new UnitStore();
  store.applyRoster([
    unit(0, { id: 'GW-0101', name: '淳溪网格员 王强' }),
    unit(1, { id: 'PT-0007', name: '巡逻 7 组' }),
    unit(2, { id: 'PT-0017', name: '巡逻 17 组' }),
    unit(3, { id: 'VL-0300', name: '志愿者 李巡' })
  ]);

  it('finds units by part of the name, prefix matches first', () => {
    expect(store.search('巡').map((u) => u.id)).toEqual(['PT-0017', 'PT-0007', 'VL-0300']);
    expect(store.search('王强').map((u) => u.id)).toEqual(['GW-0101']);
  });

  it('finds units by id, whatever the case', () => {
    expect(store.search('pt-001').map((u) => u.id)).toEqual(['PT-0017']);
  });

  it('returns nothing for an empty query or no match, and at most the limit', () => {
    expect(store.search('  ')).toEqual([]);
    expect(store.search('消防')).toEqual([]);
    expect(store.search('巡', 1)).toHaveLength(1);
  });
});
