import { msg } from './i18n.ts';

/** A unit's fix as a desk reads it: how old it is and how fast the unit was going, in the screen's language. */

/** `12 秒`, `3 分钟`, `2 小时`; never negative, even when a device's clock runs ahead of the server's */
export function fixAgeText(fixTime: number, nowMs: number): string {
  const s = Math.floor(Math.max(0, nowMs - fixTime) / 1000);
  const t = msg.unitDetail;
  if (s < 60) return t.seconds(s);
  if (s < 3600) return t.minutes(Math.floor(s / 60));
  return t.hours(Math.floor(s / 3600));
}

/** `14 km/h`, rounded: a dispatcher wants walking or driving, not decimals */
export function speedText(speedMps: number): string {
  return msg.unitDetail.kmh(Math.round(Math.max(0, speedMps) * 3.6));
}
