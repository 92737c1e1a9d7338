import { afterEach, describe, expect, it } from 'vitest';
import { dictionaryKeys, msg } from '../../../client/src/lib/i18n.ts';
import { locale } from '../../../client/src/lib/locale.svelte.ts';
import { formatClock, formatDistance, formatLngLat } from '../../../client/src/lib/format.ts';
import { zh } from '../../../client/src/lib/messages/zh.ts';
import { en } from '../../../client/src/lib/messages/en.ts';
import { argumentsOf, compile } from '../../../client/src/lib/messages/icu.ts';
import { REFUSALS, type RefusalKey } from '../../../shared/refusal.ts';
import { NOTES, type NoteKey } from '../../../shared/timeline-note.ts';

/** The two ICU tables behind `msg`: the same keys, messages that parse, the same arguments, and what they print. */

afterEach(() => locale.set('zh'));

type Leaf = string | readonly string[];

/** every message of a table by its path (keys joined by '/': some keys hold dots, `account.create`) */
function leaves(table: object, prefix = '', out = new Map<string, Leaf>()): Map<string, Leaf> {
  for (const [key, value] of Object.entries(table)) {
    if (typeof value === 'string' || Array.isArray(value)) out.set(prefix + key, value as Leaf);
    else leaves(value as object, `${prefix}${key}/`, out);
  }
  return out;
}

/** a compiled message by the same path */
function shownAt(compiled: unknown, path: string): unknown {
  return path.split('/').reduce((node, k) => (node as Record<string, unknown>)[k], compiled);
}

const ZH = leaves(zh);
const EN = leaves(en);

describe('message tables', () => {
  it('hold the same keys in Chinese and English', () => {
    const keys = dictionaryKeys();
    expect(keys.zh.length).toBeGreaterThan(600);
    expect(keys.zh.filter((k) => !keys.en.includes(k))).toEqual([]);
    expect(keys.en.filter((k) => !keys.zh.includes(k))).toEqual([]);
  });

  it('parse as ICU messages in their own locale', () => {
    expect(() => compile(zh, 'zh-CN')).not.toThrow();
    expect(() => compile(en, 'en-GB')).not.toThrow();
  });

  it('use the same positional arguments in both languages, numbered from 0 without gaps', () => {
    const mismatched: string[] = [];
    for (const [path, zhText] of ZH) {
      const enText = EN.get(path);
      if (typeof zhText !== 'string' || typeof enText !== 'string') continue;
      // the server's refusals and timeline notes are worded from named values (next tests)
      if (path.startsWith('refusal/') || path.startsWith('timeline/note/')) continue;
      const args = argumentsOf(zhText);
      if (args.join() !== argumentsOf(enText).join()) mismatched.push(path);
      expect(args, path).toEqual(args.map((_, i) => String(i)));
    }
    expect(mismatched).toEqual([]);
  });

  it("word a refusal from the server's named values only: the Chinese uses no value the English lacks", () => {
    const unknown: string[] = [];
    for (const [key, english] of Object.entries(REFUSALS)) {
      const words = argumentsOf(zh.refusal[key as RefusalKey]);
      const sent = argumentsOf(english);
      unknown.push(...words.filter((w) => !sent.includes(w)).map((w) => `${key}.${w}`));
    }
    expect(unknown).toEqual([]);
  });

  it("word a timeline note from the server's named values only: the Chinese uses no value the English lacks", () => {
    const unknown: string[] = [];
    for (const [key, english] of Object.entries(NOTES)) {
      const words = argumentsOf(zh.timeline.note[key as NoteKey]);
      const sent = argumentsOf(english);
      unknown.push(...words.filter((w) => !sent.includes(w)).map((w) => `${key}.${w}`));
    }
    expect(unknown).toEqual([]);
  });

  it('offer as many preset choices in English as in Chinese', () => {
    for (const [path, zhList] of ZH) {
      if (typeof zhList === 'string') continue;
      expect((EN.get(path) as readonly string[]).length, path).toBe(zhList.length);
    }
  });

  it('show a message without arguments exactly as written (no ICU quoting swallowed a character)', () => {
    for (const [table, compiled] of [
      [ZH, compile(zh, 'zh-CN')],
      [EN, compile(en, 'en-GB')]
    ] as const) {
      for (const [path, text] of table) {
        if (typeof text !== 'string' || argumentsOf(text).length > 0) continue;
        expect(shownAt(compiled, path), path).toBe(text);
      }
    }
  });
});

describe('msg', () => {
  it('renders Chinese by default, with arguments, selects and numbers', () => {
    expect(msg.field.offer.distance('1.2 km')).toBe('距您约 1.2 km');
    expect(msg.mapLayers.historyWindow(null)).toBe('关');
    expect(msg.mapLayers.historyWindow(1)).toBe('24 小时');
    expect(msg.mapLayers.historyWindow(7)).toBe('7 天');
    expect(msg.admin.devices.battery(85, true)).toBe('85%（充电中）');
    expect(msg.admin.devices.battery(85, false)).toBe('85%');
    expect(msg.age.hours(2, 5)).toBe('2 小时 5 分');
    expect(msg.wall.hour(5)).toBe('5时');
    expect(msg.timeline.note.no_answer).toBe('到时未应答');
    expect(msg.prompt.presets.cancel).toEqual(['误报', '重复上报', '群众已自行解决']);
  });

  it('switches to English with the locale, with plurals and grouped numbers', () => {
    locale.set('en');
    expect(msg.appTitle).toBe('Gridwatch');
    expect(msg.field.offer.distance('1.2 km')).toBe('about 1.2 km from you');
    expect(msg.mapLayers.historyCount(1)).toBe('1 incident');
    expect(msg.mapLayers.historyCount(1234)).toBe('1,234 incidents');
    expect(msg.attention.waiting(2)).toBe('2 more incidents waiting');
    expect(msg.admin.revoked(1)).toBe('1 session ended');
    expect(msg.wall.hour(5)).toBe('05:00');
    const failed = msg.timeline.note.offers_failed as (values: { count: number }) => string;
    expect(failed({ count: 2 })).toBe('2 offers failed');
    expect(msg.unitDetail.locateNoPhone).toBe("This unit's phone is offline");
    expect(msg.admin.devices.battery(40, true)).toBe('40% (charging)');
  });

  it('returns undefined for a key a lookup table lacks, so callers fall back to the raw value', () => {
    expect(msg.timeline.type['no_such_event']).toBeUndefined();
  });
});

describe('format', () => {
  // 2026-11-28 00:30:05 UTC is 08:30:05 in Shanghai
  const AT = Date.UTC(2026, 10, 28, 0, 30, 5);

  it('prints times in Asia/Shanghai and numbers with Intl in either language', () => {
    expect(formatClock(AT)).toBe('08:30:05');
    expect(formatDistance(1234)).toBe('1.2 km');
    expect(formatDistance(640)).toBe('640 m');
    expect(formatLngLat(118.875123, 31.3268449)).toBe('118.87512, 31.32684');
    locale.set('en');
    expect(formatClock(AT)).toBe('08:30:05');
    expect(formatDistance(12_345)).toBe('12.3 km');
  });
});
