import type { Reason } from '../../../shared/commands.ts';
import { SKILLS, UNIT_KINDS, type Skill, type UnitKind } from '../../../shared/domain.ts';
import { localeTag, msg } from './i18n.ts';

/**
 * Display formatting: numbers, times, ages and recommendation reasons, all with Intl in the current locale (zh-CN or
 * en-GB) and every time in Asia/Shanghai; the words come from the i18n tables.
 */

export interface ReasonText {
  text: string;
  good: boolean;
}

/** `1.2 km`, or metres below one kilometre. */
export function formatDistance(distanceM: number): string {
  if (distanceM < 1000) return msg.reason.metres(Math.round(distanceM));
  return msg.reason.km(numberFormat('km', KM).format(distanceM / 1000));
}

/** `≈4 分钟`; never below one minute, since nobody arrives in zero. */
export function formatEta(etaS: number): string {
  return msg.reason.etaMinutes(Math.max(1, Math.round(etaS / 60)));
}

/** How long ago, for a queue, saying so (a bare `12 分钟` could be a countdown): `刚刚`, `12 分钟前`, `2 小时 5 分前`. */
export function formatAge(sinceMs: number, nowMs: number): string {
  const min = Math.floor(Math.max(0, nowMs - sinceMs) / 60000);
  if (min < 1) return msg.age.justNow;
  if (min < 60) return msg.span.ago(msg.age.minutes(min));
  return msg.span.ago(msg.age.hours(Math.floor(min / 60), min % 60));
}

/**
 * A span in words, never `h:mm:ss` (which reads as a clock time): seconds under a minute, minutes and seconds under
 * ten minutes (an offer's answer window), minutes under an hour, hours and minutes under a day, then days and hours.
 * The sign is ignored; `formatLeft` says which way a deadline runs.
 */
export function formatSpan(ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  const t = msg.span;
  if (s < 60) return t.seconds(s);
  const min = Math.floor(s / 60);
  if (min < 10) return s % 60 === 0 ? t.minutes(min) : `${t.minutes(min)} ${t.seconds(s % 60)}`;
  if (min < 60) return t.minutes(min);
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 === 0 ? t.hours(h) : `${t.hours(h)} ${t.minutes(min % 60)}`;
  return h % 24 === 0 ? t.days(h / 24) : `${t.days(Math.floor(h / 24))} ${t.hours(h % 24)}`;
}

/** A countdown to a deadline `msLeft` away: `剩 23 小时 56 分` / `23 h 56 min left`, past it `超时 5 分` / `5 min over`. */
export function formatLeft(msLeft: number): string {
  // a deadline passes at its millisecond: until then a whole second remains to be shown
  return msLeft >= 0 ? msg.span.left(formatSpan(msLeft)) : msg.span.over(formatSpan(msLeft));
}

/**
 * Every time on the screens is the district's wall clock (Asia/Shanghai), whatever zone the browser is set to: a
 * timeline read in a hotel abroad or on a misconfigured kiosk still matches the phone calls and the radio log.
 */
const CLOCK: Intl.DateTimeFormatOptions = {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZone: 'Asia/Shanghai'
};
/** One date rule per locale, never a bare `12/03` that reads differently in each: `12月3日`, `3 Dec`. */
const DATE: Record<string, Intl.DateTimeFormatOptions> = {
  'zh-CN': { month: 'long', day: 'numeric', timeZone: 'Asia/Shanghai' },
  'en-GB': { month: 'short', day: 'numeric', timeZone: 'Asia/Shanghai' }
};
const SHANGHAI: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZone: 'Asia/Shanghai'
};

/** `15:04:05` in Asia/Shanghai */
export function formatClock(epochMs: number): string {
  return formatter('clock', CLOCK).format(epochMs);
}

/** `11月28日` / `28 Nov` in Asia/Shanghai */
export function formatDate(epochMs: number): string {
  return formatter('date', DATE[localeTag()] ?? DATE['en-GB']!).format(epochMs);
}

/** `11月28日 15:04:05` / `28 Nov 15:04:05` in Asia/Shanghai */
export function formatDateTime(epochMs: number): string {
  return `${formatDate(epochMs)} ${formatClock(epochMs)}`;
}

/** `2026-11-28 15:04:05` in Asia/Shanghai, whatever the browser's zone */
export function formatShanghai(epochMs: number): string {
  const parts = formatter('shanghai', SHANGHAI).formatToParts(epochMs);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value;
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

/** `118.87512, 31.32684`: five decimals (about a metre), never grouped */
export function formatLngLat(lng: number, lat: number): string {
  const f = numberFormat('degrees', DEGREES);
  return `${f.format(lng)}, ${f.format(lat)}`;
}

/** Each reason as a short phrase, in the server's display order: `1.2 km`, `≈4 分钟`, `调解 ✓`, `本网格`. */
export function formatReasons(reasons: readonly Reason[]): ReasonText[] {
  return reasons.map((r) => ({ text: reasonText(r), good: r.good }));
}

/** The whole line, `1.2 km · ≈4 分钟 · 调解 ✓ · 本网格`. */
export function formatReasonLine(reasons: readonly Reason[]): string {
  return formatReasons(reasons)
    .map((r) => r.text)
    .join(' · ');
}

function reasonText(r: Reason): string {
  switch (r.kind) {
    case 'distance':
      return formatDistance(Number(r.value));
    case 'eta':
      return formatEta(Number(r.value));
    case 'skill':
      return `${skillLabel(String(r.value))} ${r.good ? '✓' : '✗'}`;
    case 'home_grid':
      return r.good ? msg.reason.homeGrid : msg.reason.otherGrid;
    case 'workload':
      return msg.reason.workload(Number(r.value));
    case 'fix_age':
      return msg.reason.fixAge(formatSeconds(Number(r.value)));
    case 'first_line': {
      const kind = (UNIT_KINDS as readonly string[]).includes(String(r.value))
        ? msg.unitKind[r.value as UnitKind]
        : String(r.value);
      // the server sends first_line with the category and priority whose rule it applied
      const say = r.good ? msg.reason.firstLine : msg.reason.notFirstLine;
      return say(r.category ? msg.category[r.category] : '', r.priority ?? 0, kind);
    }
  }
}

function skillLabel(value: string): string {
  return (SKILLS as readonly string[]).includes(value) ? msg.skill[value as Skill] : value;
}

function formatSeconds(s: number): string {
  return s < 90 ? msg.reason.seconds(Math.round(s)) : msg.reason.minutes(Math.round(s / 60));
}

const KM: Intl.NumberFormatOptions = { minimumFractionDigits: 1, maximumFractionDigits: 1 };
const DEGREES: Intl.NumberFormatOptions = {
  minimumFractionDigits: 5,
  maximumFractionDigits: 5,
  useGrouping: false
};

const formatters = new Map<string, Intl.DateTimeFormat>();
const numberFormatters = new Map<string, Intl.NumberFormat>();

// one formatter per kind and locale: building them costs more than formatting

function formatter(kind: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${kind}:${localeTag()}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(localeTag(), options);
    formatters.set(key, f);
  }
  return f;
}

function numberFormat(kind: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${kind}:${localeTag()}`;
  let f = numberFormatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(localeTag(), options);
    numberFormatters.set(key, f);
  }
  return f;
}
