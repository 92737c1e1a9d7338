import { afterEach, describe, expect, it } from 'vitest';
import type { UnitAlert } from '../../../shared/unit-alerts.ts';
import { UnitAlertStore } from '../../../client/src/lib/unit-alerts.svelte.ts';
import { unitAlertDetail } from '../../../client/src/lib/unit-alert-text.ts';
import { locale } from '../../../client/src/lib/locale.svelte.ts';

afterEach(() => locale.set('zh'));

/** The desk's store of unit alerts, fed whole sets by the server, and the words each alert is shown with. */

const common = { name: '张伟', unitKind: 'grid_worker' as const, homeTown: '320118001' };
const quiet = (unitId: string, lastFixAt: number | null): UnitAlert => ({
  ...common,
  unitId,
  kind: 'quiet',
  since: 1000,
  travel: 'foot',
  lastFixAt,
  thresholdMs: 600_000
});
const low = (unitId: string): UnitAlert => ({
  ...common,
  unitId,
  kind: 'low_battery',
  since: 1000,
  batteryPct: 12,
  thresholdPct: 20
});
const left = (unitId: string, town: string | null, hidden = false): UnitAlert => ({
  ...common,
  unitId,
  kind: 'left_home_town',
  since: 1000,
  town,
  hidden
});

describe('UnitAlertStore', () => {
  it('takes each set whole, so an alert missing from the next one is cleared', () => {
    const store = new UnitAlertStore();
    expect(store.apply({ at: 10, alerts: [quiet('U-1', 5), low('U-1'), left('U-2', null)] })).toBe(
      true
    );
    expect(store.of('U-1').map((a) => a.kind)).toEqual(['quiet', 'low_battery']);
    expect(store.counts).toEqual({ quiet: 1, low_battery: 1, left_home_town: 1 });
    store.apply({ at: 11, alerts: [low('U-1')] });
    expect(store.of('U-1').map((a) => a.kind)).toEqual(['low_battery']);
    expect(store.of('U-2')).toEqual([]);
    expect(store.counts).toEqual({ quiet: 0, low_battery: 1, left_home_town: 0 });
  });

  it('drops a set swept before the one it holds, and a malformed one', () => {
    const store = new UnitAlertStore();
    store.apply({ at: 20, alerts: [low('U-1')] });
    expect(store.apply({ at: 19, alerts: [] })).toBe(false);
    expect(store.apply({ at: 21, alerts: [{ ...low('U-1'), batteryPct: 'low' }] })).toBe(false);
    expect(store.apply({ at: 21, alerts: [{ ...low('U-1'), kind: 'asleep' }] })).toBe(false);
    expect(store.rejected).toBe(2);
    expect(store.alerts).toEqual([low('U-1')]);
  });
});

describe('unitAlertDetail', () => {
  const townName = (code: string) => (code === '320118006' ? '桠溪镇' : '淳溪街道');

  it('says in Chinese how long a unit has been quiet, its battery and where it went', () => {
    const now = 10 * 60_000;
    expect(unitAlertDetail(quiet('U-1', now - 12 * 60_000), now, townName)).toBe('12 分钟无定位');
    expect(unitAlertDetail(quiet('U-1', null), now, townName)).toBe('上岗后未上报定位');
    expect(unitAlertDetail(low('U-1'), now, townName)).toBe('电量 12%');
    expect(unitAlertDetail(left('U-1', '320118006'), now, townName)).toBe('现在桠溪镇');
    expect(unitAlertDetail(left('U-1', null), now, townName)).toBe('已出辖区');
    // its home town's leader, who no longer sees it, learns that it left and not where
    expect(unitAlertDetail(left('U-1', null, true), now, townName)).toBe('去向不在本辖区');
  });

  it('says the same in English', () => {
    locale.set('en');
    expect(unitAlertDetail(quiet('U-1', 0), 5 * 60_000, (c) => c)).toBe('no fix for 5 min');
    expect(unitAlertDetail(left('U-1', null, true), 0, (c) => c)).toBe('now outside your towns');
  });
});
