import { describe, expect, it } from 'vitest';
import { matchUnits, type RosterUnit } from '../../../client/src/lib/unit-roster.svelte.ts';

/** The admin's unit picker: a field account is bound to a unit found by its name. */

const ROSTER: RosterUnit[] = [
  { id: 'U-001', name: '淳溪巡逻一组', kind: 'patrol' },
  { id: 'U-002', name: '淳溪巡逻二组', kind: 'patrol' },
  { id: 'U-010', name: '凤岭网格员', kind: 'grid_worker' },
  { id: 'GW-1', name: '桠溪调解员 U-001', kind: 'mediator' }
];

describe('matchUnits', () => {
  it('finds units by part of the name', () => {
    expect(matchUnits(ROSTER, '巡逻').map((u) => u.id)).toEqual(['U-001', 'U-002']);
    expect(matchUnits(ROSTER, '凤岭').map((u) => u.id)).toEqual(['U-010']);
  });

  it('puts an exact id first, then names and ids that start with the query', () => {
    expect(matchUnits(ROSTER, 'u-001').map((u) => u.id)).toEqual(['U-001', 'GW-1']);
    expect(matchUnits(ROSTER, 'U-0').map((u) => u.id)).toEqual(['U-001', 'U-002', 'U-010', 'GW-1']);
  });

  it('needs every word of the query', () => {
    expect(matchUnits(ROSTER, '巡逻 002').map((u) => u.id)).toEqual(['U-002']);
    expect(matchUnits(ROSTER, '巡逻 凤岭')).toEqual([]);
  });

  it('lists the roster for an empty query, up to the limit, and nothing from an empty roster', () => {
    expect(matchUnits(ROSTER, '  ')).toHaveLength(4);
    expect(matchUnits(ROSTER, '', 2)).toHaveLength(2);
    expect(matchUnits([], '巡逻')).toEqual([]);
  });
});
