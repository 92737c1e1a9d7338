import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../../shared/domain.ts';
import {
  offerReasonText,
  parseNote,
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
