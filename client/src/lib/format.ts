import type { Reason } from '../../../shared/commands.ts';
import { SKILLS, type Skill } from '../../../shared/domain.ts';
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

/** How long ago, for a queue: `刚刚`, `12 分钟`, `2 小时 5 分`. */
export function formatAge(sinceMs: number, nowMs: number): string {
  const min = Math.floor(Math.max(0, nowMs - sinceMs) / 60000);
  if (min < 1) return msg.age.justNow;
  if (min < 60) return msg.age.minutes(min);
  return msg.age.hours(Math.floor(min / 60), min % 60);
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
const DATE_TIME: Intl.DateTimeFormatOptions = { month: '2-digit', day: '2-digit', ...CLOCK };
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

/** `11/28 15:04:05` in Asia/Shanghai (the order of month and day follows the locale) */
export function formatDateTime(epochMs: number): string {
  return formatter('dateTime', DATE_TIME).format(epochMs);
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
