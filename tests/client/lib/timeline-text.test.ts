import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../../shared/domain.ts';
import { note, said } from '../../../shared/timeline-note.ts';
import {
  actorName,
  noteText,
  photoUrl,
  timelineLines
} from '../../../client/src/lib/timeline-text.ts';
import { locale } from '../../../client/src/lib/locale.svelte.ts';
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
  it('reads the timeline oldest first, in Chinese, on Shanghai time, signed with display names', () => {
    const incident = incidentFixture({
      timeline: [
        entry(3, 'accepted', { unitId: 'U1', actor: 'sim' }),
        entry(1, 'reported', { actorName: '王建国', note: note('source', { source: 'hotline' }) }),
        entry(2, 'offered', {
          unitId: 'U1',
          actorName: '王建国',
          note: note('answer_by', { at: AT + 60_000 })
        })
      ]
    });
    const lines = timelineLines(incident, NAMES);
    expect(lines.map((l) => [l.label, l.time, l.unit, l.actor, l.note])).toEqual([
      ['上报', '08:30:05', null, '王建国', '来源：热线'],
      ['派单', '08:30:05', '网格员 张三', '王建国', '须在 08:31:05 前应答'],
      ['接受', '08:30:05', '网格员 张三', '模拟终端', null]
    ]);
  });

  it('shows an unknown type and a reason a person typed as they are', () => {
    const incident = incidentFixture({
      timeline: [entry(1, 'something_new', { note: said('群众已离开') })]
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

describe('who did it', () => {
  it('names the server, the command line and an integration in words, a person by the name recorded', () => {
    expect(actorName('ladder')).toBe('自动派单');
    expect(actorName('system')).toBe('系统');
    expect(actorName('cli:root')).toBe('命令行');
    expect(actorName('api:hotline12345')).toBe('接入系统 hotline12345');
    expect(actorName('dispatcher', '王建国')).toBe('王建国');
  });

  it('falls back to the login name for an entry recorded before accounts had names', () => {
    expect(actorName('dispatcher')).toBe('dispatcher');
    expect(actorName('dispatcher', null)).toBe('dispatcher');
  });
});

describe('server notes', () => {
  it('words every note the server writes, and its values', () => {
    expect(noteText(note('duplicate_of', { id: 'INC-1' }), NAMES)).toBe('疑似与 INC-1 重复');
    expect(noteText(note('offers_failed', { count: 2 }), NAMES)).toBe('2 次派单未成功');
    expect(noteText(note('merged_from', { id: 'INC-7' }), NAMES)).toBe('INC-7 已并入本事件');
    expect(noteText(note('merged_into', { id: 'INC-8' }), NAMES)).toBe('已并入 INC-8');
    expect(noteText(note('no_unit'), NAMES)).toBe('暂无可派力量');
    expect(noteText(note('released_by_unit'), NAMES)).toBe('力量自行退出');
    expect(noteText(note('reassigned'), NAMES)).toBe('改派');
    expect(noteText(note('border_no_members', { zone: 'Z1' }), NAMES)).toBe(
      '已通报固城湖边界区边界联调委员会：暂无在册成员'
    );
    expect(noteText(undefined, NAMES)).toBeNull();
  });

  it('words offer reasons, and keeps what a unit said', () => {
    expect(noteText(note('no_answer'), NAMES)).toBe('到时未应答');
    expect(noteText(note('closed_with', { status: 'resolved' }), NAMES)).toBe(
      '事件已办结，派单撤回'
    );
    expect(noteText(said('正在处理其他群众求助'), NAMES)).toBe('正在处理其他群众求助');
    expect(noteText(null, NAMES)).toBeNull();
  });

  it('shows nothing for a key this build has no words for, rather than the key', () => {
    const newer = { key: 'from_a_newer_server', values: {} } as unknown as Parameters<
      typeof noteText
    >[0];
    expect(noteText(newer, NAMES)).toBeNull();
  });

  it('names the border zone and its committee', () => {
    const incident = incidentFixture({
      timeline: [
        entry(1, 'border_notified', {
          note: note('border_notified', { zone: 'Z1', members: '张三' })
        })
      ]
    });
    expect(timelineLines(incident, NAMES)[0].note).toBe('已通报固城湖边界区边界联调委员会：张三');
  });

  it('words the same notes in English with the English dictionary', () => {
    locale.set('en');
    try {
      expect(noteText(note('offers_failed', { count: 1 }), NAMES)).toBe('1 offer failed');
      expect(noteText(note('source', { source: 'hotline' }), NAMES)).toMatch(/^source: /);
    } finally {
      locale.set('zh');
    }
  });
});
