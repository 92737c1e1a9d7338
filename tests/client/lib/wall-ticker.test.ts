import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../../shared/domain.ts';
import { latestEvents } from '../../../client/src/lib/wall-ticker.ts';
import { incidentFixture } from '../../fixtures/incidents.ts';

/** The wall's ticker: the newest timeline entries across every incident the screen holds. */

function entry(seq: number, type: string, unitId?: string): TimelineEntry {
  return { seq, at: 1000 * seq, type, actor: 'dispatcher', status: 'reported', unitId };
}

describe('latestEvents', () => {
  it('merges the incidents’ timelines newest first, cut to the limit', () => {
    const a = incidentFixture({
      id: 'A',
      priority: 1,
      category: 'fire',
      timeline: [entry(1, 'reported'), entry(3, 'offered', 'U1'), entry(6, 'accepted', 'U1')]
    });
    const b = incidentFixture({
      id: 'B',
      priority: 3,
      timeline: [entry(2, 'reported'), entry(4, 'possible_duplicate'), entry(5, 'offered', 'U2')]
    });
    const events = latestEvents([a, b], 4);
    expect(events.map((e) => [e.seq, e.incidentId, e.type])).toEqual([
      [6, 'A', 'accepted'],
      [5, 'B', 'offered'],
      [4, 'B', 'possible_duplicate'],
      [3, 'A', 'offered']
    ]);
    expect(events[0]).toMatchObject({ priority: 1, category: 'fire', unitId: 'U1', at: 6000 });
    expect(events[2].unitId).toBeNull();
  });

  it('answers nothing for no incidents or a limit of zero', () => {
    expect(latestEvents([], 5)).toEqual([]);
    expect(latestEvents([incidentFixture({ timeline: [entry(1, 'reported')] })], 0)).toEqual([]);
  });
});
