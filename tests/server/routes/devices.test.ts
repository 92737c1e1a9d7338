import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../shared/access.ts';
import { openSqliteStore } from '../../../server/store/sqlite-store.ts';
import { startServer } from '../../fixtures/server.ts';

type Server = Awaited<ReturnType<typeof startServer>>;

describe('GPS device registry (admin)', () => {
  let server: Server;
  let unitId = '';
  beforeAll(async () => {
    server = await startServer({ units: 8 });
    unitId = server.app.gridwatch.live.all()[1].id;
  });
  afterAll(async () => server.close());

  const register = (payload: unknown, as = 'admin') =>
    server.as(as, { method: 'POST', url: '/api/devices', payload: payload as object });

  async function audit(): Promise<AuditRecord[]> {
    const res = await server.as('admin', { method: 'GET', url: '/api/audit' });
    return res.json();
  }

  it('registers a device to a unit, WGS-84 unless told otherwise, and audits it', async () => {
    const res = await register({ id: '861234567890123', unitId, label: '巡逻车载终端' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      id: '861234567890123',
      unitId,
      unitName: server.app.gridwatch.live.get(unitId)!.name,
      crs: 'wgs84',
      label: '巡逻车载终端',
      lastSeenAt: null,
      batteryPct: null,
      lastVerdict: null
    });
    expect((await audit()).find((r) => r.action === 'device.register')).toMatchObject({
      actor: 'admin',
      target: '861234567890123',
      outcome: 'ok',
      detail: { values: { unit: unitId, crs: 'wgs84' } }
    });
  });

  it('lists devices with the demo device among them', async () => {
    const res = await server.as('admin', { method: 'GET', url: '/api/devices' });
    expect(res.statusCode).toBe(200);
    const ids = (res.json() as Array<{ id: string }>).map((d) => d.id);
    expect(ids).toContain('861234567890123');
    expect(ids).toContain(server.demo.field.deviceId);
  });

  it('keeps devices in the store', async () => {
    const store = openSqliteStore(join(server.dataDir, 'gridwatch.sqlite'));
    try {
      expect(await store.devices()).toContainEqual(
        expect.objectContaining({ id: '861234567890123', unitId, crs: 'wgs84' })
      );
    } finally {
      await store.close();
    }
  });

  it('refuses an id registered already, naming the unit it belongs to', async () => {
    const res = await register({ id: '861234567890123', unitId: server.demo.field.unitId });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: 'INVALID',
      message: `/id: device 861234567890123 is already registered to unit ${unitId}`,
      detail: { key: 'device_registered', values: { id: '861234567890123', unit: unitId } }
    });
  });

  it('refuses an unknown unit, an id no device sends, a coordinate system it does not know', async () => {
    const unknown = await register({ id: 'tracker-9', unitId: 'NO-SUCH-UNIT' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toBe('/unitId: unknown unit NO-SUCH-UNIT');
    for (const bad of [
      { id: 'has space', unitId },
      { id: '', unitId },
      { id: 'x'.repeat(65), unitId },
      { id: 'ok-id', unitId, crs: 'bd09' },
      { id: 'ok-id', unitId, extra: 1 }
    ]) {
      const res = await register(bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.json().error).toBe('INVALID');
    }
    const list = await server.as('admin', { method: 'GET', url: '/api/devices' });
    expect((list.json() as Array<{ id: string }>).map((d) => d.id)).not.toContain('ok-id');
  });

  it('removes a device, after which it is an unknown device to the intake, and audits it', async () => {
    const created = await register({ id: 'to-remove', unitId, crs: 'gcj02' });
    expect(created.json().crs).toBe('gcj02');
    const del = await server.as('admin', { method: 'DELETE', url: '/api/devices/to-remove' });
    expect(del.statusCode).toBe(200);
    expect(del.json()).toEqual({ removed: 'to-remove' });
    const fix = await server.app.inject({
      method: 'GET',
      url: '/osmand?id=to-remove&lat=31.3&lon=118.9'
    });
    expect(fix.statusCode).toBe(404);
    const again = await server.as('admin', { method: 'DELETE', url: '/api/devices/to-remove' });
    expect(again.statusCode).toBe(404);
    expect((await audit()).find((r) => r.action === 'device.remove')).toMatchObject({
      target: 'to-remove',
      outcome: 'ok'
    });
  });

  it('lets no one but an admin list, register or remove devices, and audits the refusals', async () => {
    for (const user of ['commander', 'dispatcher', 'leader-chunxi', 'field', 'wall']) {
      const list = await server.as(user, { method: 'GET', url: '/api/devices' });
      const add = await register({ id: `by-${user}`, unitId }, user);
      const del = await server.as(user, {
        method: 'DELETE',
        url: '/api/devices/861234567890123'
      });
      expect([list.statusCode, add.statusCode, del.statusCode], user).toEqual([403, 403, 403]);
    }
    const anonymous = await server.app.inject({ method: 'GET', url: '/api/devices' });
    expect(anonymous.statusCode).toBe(401);
    const denied = (await audit()).filter(
      (r) => r.action === 'device.register' && r.outcome === 'denied'
    );
    expect(denied.map((r) => r.actor).sort()).toEqual(
      ['commander', 'dispatcher', 'field', 'leader-chunxi', 'wall'].sort()
    );
    const list = await server.as('admin', { method: 'GET', url: '/api/devices' });
    expect((list.json() as Array<{ id: string }>).map((d) => d.id)).toContain('861234567890123');
  });
});
