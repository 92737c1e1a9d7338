import { localeTag, msg } from './i18n.ts';

/**
 * The figures as the wall and the town strip print them, with Intl in the screen's language: counts with grouping,
 * shares as whole percentages, durations in seconds under a minute, then minutes, then hours past two, averages
 * with one decimal. A figure with nothing behind it (no incident reached the step yet) is a dash, never a zero that
 * would read as "instant".
 */

const MINUTE_MS = 60_000;
const HOURS_FROM_MIN = 120;

/** `1,234` */
export function formatCount(n: number): string {
  return numberFormat('count', { maximumFractionDigits: 0 }).format(n);
}

/** part / whole, or null when the whole is zero */
export function shareOf(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** `92%`; a dash for no share */
export function formatShare(share: number | null): string {
  if (share === null) return msg.wall.none;
  return numberFormat('percent', { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/** `42 秒`, `2.3 分钟`, `14 分钟`, `3.5 小时`; a dash for none */
export function formatDuration(ms: number | null): string {
  if (ms === null) return msg.wall.none;
  const min = ms / MINUTE_MS;
  if (min < 1) return unitFormat('second', 0).format(ms / 1000);
  if (min >= HOURS_FROM_MIN) return unitFormat('hour', 1).format(min / 60);
  return unitFormat('minute', min < 10 ? 1 : 0).format(min);
}

/** `0.4`: an average of counts */
export function formatAverage(n: number): string {
  return numberFormat('average', { maximumFractionDigits: 1 }).format(n);
}

const formats = new Map<string, Intl.NumberFormat>();

/** one formatter per kind and locale: building them costs more than formatting */
function numberFormat(kind: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const tag = localeTag();
  const key = `${kind}:${tag}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(tag, options);
    formats.set(key, f);
  }
  return f;
}

function unitFormat(unit: 'second' | 'minute' | 'hour', digits: number): Intl.NumberFormat {
  return numberFormat(`${unit}:${digits}`, {
    style: 'unit',
    unit,
    unitDisplay: 'short',
    maximumFractionDigits: digits
  });
}
