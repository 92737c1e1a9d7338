import type { UnitAlert } from '../../../shared/unit-alerts.ts';
import { msg } from './i18n.ts';
import { fixAgeText } from './unit-facts.ts';

/**
 * What an alert says beyond its kind, in the screen's language: how long the unit has been quiet, its battery,
 * where it went (or that its whereabouts lie outside the viewer's towns, when the server left them out).
 */
export function unitAlertDetail(
  a: UnitAlert,
  now: number,
  townName: (code: string) => string
): string {
  const t = msg.unitAlerts;
  switch (a.kind) {
    case 'quiet':
      return a.lastFixAt === null ? t.neverFixed : t.quietFor(fixAgeText(a.lastFixAt, now));
    case 'low_battery':
      return t.battery(a.batteryPct);
    case 'left_home_town':
      if (a.hidden) return t.leftHidden;
      return a.town === null ? t.leftOutside : t.leftTo(townName(a.town));
  }
}
