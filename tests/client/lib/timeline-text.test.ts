import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../../shared/domain.ts';
import {
  offerReasonText,
  parseNote,
  photoUrl,
  timelineLines
} from '../../../client/src/lib/timeline-text.ts';
import { incidentFixture } from '../../fixtures/incidents.ts';

const NAMES = {
  unitName: (id: string) => (id === 'U1' ? '网格员 张三' : id),
  areaName: (code: string) => (code === 'Z1' ? '固城湖边界区' : code)
};
// 2026-11-28 00:30:05 UTC is 08:30:05 in Shanghai
const AT = Date.UTC(2026, 10, 28, 0, 30, 5);

function entry(seq: number, type: string, over: Partial<TimelineEntry> = {}): TimelineEntry {
  return { seq, at: AT, type, actor: 'dispatcher', status: 'reported', ...over };
}

describe('timelineLines', () => {
  it('reads the timeline oldest first, in Chinese, on Shanghai time', () => {
    const incident = incidentFixture({
      timeline: [
        entry(3, 'accepted', { unitId: 'U1', actor: 'sim' }),
        entry(1, 'reported', { note: 'source: hotline' }),
        entry(2, 'offered', { unitId: 'U1', note: 'answer by 2026-11-28T00:31:05.000Z' })
      ]
    });
    const lines = timelineLines(incident, NAMES);
    expect(lines.map((l) => [l.label, l.time, l.unit, l.actor, l.note])).toEqual([
      ['上报', '08:30:05', null, 'dispatcher', '来源：热线'],
      ['派单', '08:30:05', '网格员 张三', 'dispatcher', '须在 08:31:05 前应答'],
      ['接受', '08:30:05', '网格员 张三', '模拟终端', null]
    ]);
  });

  it('shows an unknown type and a reason a person typed as they are', () => {
    const incident = incidentFixture({
      timeline: [entry(1, 'something_new', { note: '群众已离开' })]
    });
    const [line] = timelineLines(incident, NAMES);
    expect(line.label).toBe('something_new');
    expect(line.note).toBe('群众已离开');
  });
});

describe('changes sent late from a phone', () => {
  it('shows when the person pressed it beside when it arrived', () => {
    const incident = incidentFixture({
      timeline: [entry(1, 'on_scene', { unitId: 'U1', pressedAt: AT - 3 * 60_000 })]
    });
    const [line] = timelineLines(incident, NAMES);
    expect(line.pressed).toBe('08:27:05');
    expect(line.time).toBe('08:30:05');
  });

  it('gives the date of a press made on another Shanghai day', () => {
    // 23:50 the evening before in Shanghai, 15:50 UTC: the same UTC day, another Shanghai day
    const pressedAt = Date.UTC(2026, 10, 27, 15, 50, 0);
    const incident = incidentFixture({
      timeline: [entry(1, 'resolved', { pressedAt })]
    });
    const [line] = timelineLines(incident, NAMES);
    expect(line.pressed).toContain('23:50:00');
    expect(line.pressed).toContain('27');
  });

  it('has no press time for a change made online', () => {
    const incident = incidentFixture({ timeline: [entry(1, 'resolved')] });
    expect(timelineLines(incident, NAMES)[0].pressed).toBeNull();
  });
});

describe('photos', () => {
  const ID = '0123456789abcdef0123456789abcdef';

  it('lists the photos of an entry and where to load them', () => {
    const incident = incidentFixture({
      timeline: [entry(1, 'resolved', { photos: [ID] })]
    });
    const [line] = timelineLines(incident, NAMES);
    expect(line.photos).toEqual([ID]);
    expect(photoUrl(ID)).toBe(`/api/photos/${ID}`);
  });

  it('makes no URL of an id the server does not hand out', () => {
    const incident = incidentFixture({
      timeline: [entry(1, 'resolved', { photos: ['../accounts', ID.toUpperCase(), ''] })]
    });
    expect(timelineLines(incident, NAMES)[0].photos).toEqual([]);
  });

  it('has no photos on an entry without any', () => {
    const incident = incidentFixture({ timeline: [entry(1, 'reported')] });
    expect(timelineLines(incident, NAMES)[0].photos).toEqual([]);
  });
});

describe('server notes', () => {
  it('recognises the notes the server writes itself', () => {
    expect(parseNote('possible_duplicate', 'INC-1')).toEqual({
      kind: 'duplicateOf',
      value: 'INC-1'
    });
    expect(parseNote('border_notified', 'Z1: 张三、李四')).toEqual({
      kind: 'border',
      value: 'Z1',
      members: '张三、李四'
    });
    expect(parseNote('border_notified', 'Z1: no committee members on record')).toEqual({
      kind: 'border',
      value: 'Z1',
      members: null
    });
    expect(parseNote('escalated', '2 offers failed')).toEqual({
      kind: 'offersFailed',
      value: '2'
    });
    expect(parseNote('merged', 'INC-7 merged into this incident')).toEqual({
      kind: 'mergedFrom',
      value: 'INC-7'
    });
    expect(parseNote('reported', undefined)).toBeNull();
  });

  it('translates offer reasons, and keeps what a unit said', () => {
    expect(offerReasonText('no answer before the deadline', NAMES)).toBe('到时未应答');
    expect(offerReasonText('resolved', NAMES)).toBe('事件已办结，派单撤回');
    expect(offerReasonText('正在处理其他群众求助', NAMES)).toBe('正在处理其他群众求助');
    expect(offerReasonText(null, NAMES)).toBeNull();
  });

  it('names the border zone and its committee', () => {
    const incident = incidentFixture({
      timeline: [entry(1, 'border_notified', { note: 'Z1: 张三' })]
    });
    expect(timelineLines(incident, NAMES)[0].note).toBe('已通报固城湖边界区边界联调委员会：张三');
  });
});
