/**
 * The district's calendar: Asia/Shanghai has been UTC+8 all year since 1991 (no daylight saving), so its days and
 * hours are fixed offsets from epoch time and need no time-zone database.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
const OFFSET_MS = 8 * HOUR_MS;
/** the days before today that the hourly figures average over */
export const WEEK_DAYS = 7;

/** epoch ms of the Shanghai midnight that starts the day holding `t` */
export function dayStart(t: number): number {
  return t - mod(t + OFFSET_MS, DAY_MS);
}

/** the Shanghai wall-clock hour (0–23) of `t` */
export function hourOf(t: number): number {
  return Math.floor(mod(t + OFFSET_MS, DAY_MS) / HOUR_MS);
}

/** a remainder that stays non-negative before 1970 too */
function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}
