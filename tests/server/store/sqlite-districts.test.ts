import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../server/store/sqlite-store.ts';
import type { NewDistrictVersion, Store } from '../../../server/store/store.ts';

const version = (json: string, extra: Partial<NewDistrictVersion> = {}): NewDistrictVersion => ({
  createdAt: 1000,
  actor: 'admin',
  source: 'grids.zip',
  note: '',
  counts: { comprehensive: 4, specialised: 1, towns: 2, communities: 2 },
  retired: [],
  json,
  makeCurrent: true,
  ...extra
});

describe('SQLite store: district versions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gw-districts-'));
  let store: Store;
  let n = 0;
  const open = () => (store = openSqliteStore(join(dir, `d${++n}.sqlite`)));
  afterEach(async () => store.close());

  it('has no district before the first one is kept', async () => {
    open();
    expect(await store.currentDistrict()).toBeUndefined();
    expect(await store.districtVersions()).toEqual([]);
  });

  it('keeps every version whole and makes the newest current', async () => {
    open();
    const v1 = await store.addDistrictVersion(version('{"v":1}'));
    const v2 = await store.addDistrictVersion(
      version('{"v":2}', { retired: ['g1'], note: '新测绘' })
    );
    expect(v2).toBe(v1 + 1);
    const current = await store.currentDistrict();
    expect(current?.info).toMatchObject({ id: v2, current: true, retired: ['g1'], note: '新测绘' });
    expect(current?.json).toBe('{"v":2}');
    const list = await store.districtVersions();
    expect(list.map((v) => [v.id, v.current])).toEqual([
      [v2, true],
      [v1, false]
    ]);
    expect(await store.districtJson(v1)).toBe('{"v":1}');
  });

  it('rolls back to a kept version and forward again, one current at a time', async () => {
    open();
    const v1 = await store.addDistrictVersion(version('{"v":1}'));
    const v2 = await store.addDistrictVersion(version('{"v":2}'));
    expect(await store.setCurrentDistrict(v1)).toBe(true);
    expect((await store.currentDistrict())?.info.id).toBe(v1);
    expect((await store.districtVersions()).filter((v) => v.current)).toHaveLength(1);
    expect(await store.setCurrentDistrict(v2)).toBe(true);
    expect((await store.currentDistrict())?.info.id).toBe(v2);
  });

  it('refuses to make an unknown version current and leaves the current one', async () => {
    open();
    const v1 = await store.addDistrictVersion(version('{"v":1}'));
    expect(await store.setCurrentDistrict(v1 + 41)).toBe(false);
    expect((await store.currentDistrict())?.info.id).toBe(v1);
  });

  it('keeps a version without putting it in force when asked', async () => {
    open();
    const v1 = await store.addDistrictVersion(version('{"v":1}'));
    await store.addDistrictVersion(version('{"v":2}', { makeCurrent: false }));
    expect((await store.currentDistrict())?.info.id).toBe(v1);
  });

  it('survives a reopen with the same current version', async () => {
    open();
    await store.addDistrictVersion(version('{"v":1}'));
    const v2 = await store.addDistrictVersion(version('{"v":2}'));
    await store.close();
    store = openSqliteStore(join(dir, `d${n}.sqlite`));
    expect((await store.currentDistrict())?.info.id).toBe(v2);
  });
});
