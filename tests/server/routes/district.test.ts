import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictCollection } from '../../../shared/district.ts';
import type { DistrictImportResult, DistrictVersionInfo } from '../../../shared/district-import.ts';
import type { Incident } from '../../../shared/domain.ts';
import type { Unit } from '../../../shared/domain.ts';
import { join } from 'node:path';
import { openSqliteStore } from '../../../server/store/sqlite-store.ts';
import { nextEvent, startServer } from '../../fixtures/server.ts';
import { borderGrid, moved, recoded } from '../../fixtures/district-variants.ts';
import { YAXI, gridsOf } from '../access/support.ts';

/**
 * District versions over a running server: an import is checked, applied and rolled back while screens are
 * connected; every screen hears `district:changed`, and every lookup (incident placement, jurisdiction, the served
 * map) follows the version in force at once.
 */

type Server = Awaited<ReturnType<typeof startServer>>;

describe('district versions', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startServer({ units: 40 });
  });
  afterAll(async () => server.close());

  const upload = async (d: DistrictCollection, query = '') => {
    const res = await server.as('admin', {
      method: 'POST',
      url: `/api/district/imports?file=test.geojson${query}`,
      headers: { 'content-type': 'application/geo+json' },
      payload: JSON.stringify(d)
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as DistrictImportResult;
  };
  const apply = (id: string, note = '') =>
    server.as('admin', {
      method: 'POST',
      url: `/api/district/imports/${id}/apply`,
      payload: { note }
    });
  const activate = (id: number) =>
    server.as('admin', { method: 'POST', url: `/api/district/versions/${id}/activate` });
  const served = async () =>
    (await server.app.inject({ method: 'GET', url: '/api/district' })).json() as DistrictCollection;
  const codes = (d: DistrictCollection) => new Set(d.features.map((f) => f.properties.code));
  const create = async (lng: number, lat: number) => {
    const { socket } = await server.client('dispatcher');
    const res = await socket.emitWithAck('incident:create', {
      commandId: `c-${Math.random().toString(36).slice(2, 12)}`,
      category: 'dispute',
      priority: 3,
      lng,
      lat,
      source: 'hotline',
      description: '测试'
    });
    socket.disconnect();
    if (!res.ok) throw new Error(res.message);
    return res.data as Incident;
  };

  it('keeps the reference district as the first version', async () => {
    const res = await server.as('admin', { method: 'GET', url: '/api/district/versions' });
    const list = res.json() as DistrictVersionInfo[];
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ actor: 'system', current: true, retired: [] });
    expect(list[0].counts).toEqual({
      comprehensive: 704,
      specialised: 18,
      towns: 8,
      communities: 116
    });
  });

  it('applies a re-coded grid live and rolls it back, placing incidents by the version in force', async () => {
    const { district } = server.app.gridwatch;
    const grid = gridsOf(district, YAXI)[3];
    const old = grid.properties.code;
    const fresh = `${old.slice(0, -2)}99`;
    const [lng, lat] = grid.properties.labelAt;
    const before = district.version;

    const checked = await upload(recoded(district, old, fresh));
    expect(checked.report.ok).toBe(true);
    expect(checked.candidate && codes(checked.candidate).has(fresh)).toBe(true);
    // nothing changes until it is applied
    expect(codes(await served()).has(fresh)).toBe(false);

    const wall = await server.client('dispatcher');
    const heard = nextEvent(wall.socket, 'district:changed');
    const res = await apply(checked.id, '重新测绘');
    expect(res.statusCode, res.body).toBe(200);
    const v2 = res.json() as DistrictVersionInfo;
    expect(v2).toMatchObject({
      current: true,
      retired: [old],
      note: '重新测绘',
      source: 'test.geojson'
    });
    expect((await heard)[0].version).toBe(v2.id);
    const now = codes(await served());
    expect(now.has(fresh) && !now.has(old)).toBe(true);
    expect((await create(lng, lat)).gridCode).toBe(fresh);

    const back = nextEvent(wall.socket, 'district:changed');
    const rolled = await activate(before);
    expect(rolled.statusCode, rolled.body).toBe(200);
    expect((await back)[0].version).toBe(before);
    expect(codes(await served()).has(old)).toBe(true);
    expect((await create(lng, lat)).gridCode).toBe(old);

    const audit = await server.as('admin', { method: 'GET', url: '/api/audit?limit=20' });
    const actions = (audit.json() as Array<{ action: string; target: string }>).map(
      (a) => a.action
    );
    expect(actions).toContain('district.apply');
    expect(actions).toContain('district.activate');
  });

  it('moves a unit into the other town’s view when its grid changes towns', async () => {
    const { district, live } = server.app.gridwatch;
    const border = borderGrid(district, YAXI);
    const unit = live.all()[0];
    const [lng, lat] = district.grids.area(border.grid)!.properties.labelAt;
    live.restoreFix(unit.id, {
      lng,
      lat,
      time: Date.now(),
      speedMps: 0,
      headingDeg: 0,
      accuracyM: 5
    });
    const sees = async () =>
      (
        (await server.as('leader-yaxi', { method: 'GET', url: '/api/units' })).json() as Unit[]
      ).some((u) => u.id === unit.id);
    expect(await sees()).toBe(true);

    const checked = await upload(moved(district, border));
    expect(checked.report.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect((await apply(checked.id)).statusCode).toBe(200);
    expect(server.app.gridwatch.district.grids.locate(lng, lat)?.townCode).toBe(border.to.town);
    expect(await sees()).toBe(false);
  });

  it('takes up a version another process kept in the same store', async () => {
    const { district, districts } = server.app.gridwatch;
    const grid = gridsOf(district, YAXI)[7].properties.code;
    const next = recoded(district, grid, `${grid.slice(0, -2)}98`);
    // the command line's `--apply`: another handle on the same SQLite file
    const other = openSqliteStore(join(server.dataDir, 'gridwatch.sqlite'));
    const version = await other.addDistrictVersion({
      createdAt: Date.now(),
      actor: 'cli:test',
      source: 'other.geojson',
      note: '',
      counts: { comprehensive: 704, specialised: 18, towns: 8, communities: 116 },
      retired: [grid],
      json: JSON.stringify(next),
      makeCurrent: true
    });
    await other.close();
    const desk = await server.client('dispatcher');
    const heard = nextEvent(desk.socket, 'district:changed');
    expect(await districts.follow()).toBe(true);
    expect((await heard)[0].version).toBe(version);
    expect(server.app.gridwatch.district.version).toBe(version);
    expect(await districts.follow()).toBe(false);
  });

  it('refuses to apply a district with a gap, and changes nothing', async () => {
    const { district } = server.app.gridwatch;
    const holed = structuredClone(district.collection);
    holed.features = holed.features.filter(
      (f) => f.properties.code !== gridsOf(district, YAXI)[5].properties.code
    );
    const checked = await upload(holed);
    expect(checked.report.ok).toBe(false);
    expect(checked.report.problems.some((p) => p.kind === 'gap' && p.severity === 'error')).toBe(
      true
    );
    const version = server.app.gridwatch.district.version;
    const res = await apply(checked.id);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ detail: { key: 'district_not_ok' } });
    expect(server.app.gridwatch.district.version).toBe(version);
  });

  it('answers 404 for an unknown import and version, 400 for bad options, 415 for another type', async () => {
    expect((await apply('0'.repeat(24))).statusCode).toBe(404);
    expect((await activate(999)).statusCode).toBe(404);
    const bad = await server.as('admin', {
      method: 'POST',
      url: '/api/district/imports?crs=EPSG:abc',
      headers: { 'content-type': 'application/geo+json' },
      payload: '{}'
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'INVALID', detail: { key: 'invalid_field' } });
    const type = await server.as('admin', {
      method: 'POST',
      url: '/api/district/imports',
      headers: { 'content-type': 'text/plain' },
      payload: 'grids'
    });
    expect(type.statusCode).toBe(415);
  });

  it('answers an unreadable file with a report, not an error', async () => {
    const res = await server.as('admin', {
      method: 'POST',
      url: '/api/district/imports',
      headers: { 'content-type': 'application/zip' },
      payload: Buffer.from('PK\u0003\u0004 not really a zip')
    });
    expect(res.statusCode).toBe(200);
    const body = res.json() as DistrictImportResult;
    expect(body.report.ok).toBe(false);
    expect(body.report.problems[0].kind).toBe('unreadable');
    expect(body.candidate).toBeNull();
  });

  it('lets only an admin import', async () => {
    const res = await server.as('dispatcher', {
      method: 'POST',
      url: '/api/district/imports',
      headers: { 'content-type': 'application/geo+json' },
      payload: '{}'
    });
    expect(res.statusCode).toBe(403);
  });
});
