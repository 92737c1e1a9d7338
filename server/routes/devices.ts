import type { FastifyInstance } from 'fastify';
import { DeviceId, DeviceRegister, type DeviceView } from '../../shared/devices.ts';
import { CommandError, ErrorCode } from '../../shared/result.ts';
import { checker, validate } from '../../shared/validate.ts';
import { ROUTE_ACCESS } from '../access/permissions.ts';
import { Devices } from '../intake/devices.ts';
import { answer } from './answer.ts';
import osmandRoutes from './osmand.ts';

/**
 * GPS devices: the admin's registry (`/api/devices`, every change audited) and the OsmAnd intake that reads it
 * (`/osmand`, registered here so both share one in-memory registry).
 */
export default async function deviceRoutes(app: FastifyInstance): Promise<void> {
  const { access, live, store } = app.gridwatch;
  const devices = await Devices.open(store);
  const admin = (action: string) => ({ config: { access: ROUTE_ACCESS.admin, action } });
  const unitName = (id: string) => live.get(id)?.name ?? '';

  app.get('/api/devices', admin('device.list'), async (): Promise<DeviceView[]> =>
    devices.list(unitName)
  );

  app.post('/api/devices', admin('device.register'), async (req, reply) =>
    answer(reply, 201, async (): Promise<DeviceView> => {
      const body = validate(DeviceRegister, req.body ?? null);
      if (!body.ok) throw CommandError.of(body);
      const d = await devices.register(body.data, (id) => live.get(id) !== undefined, Date.now());
      await access.audit({
        actor: req.session!.account.username,
        action: 'device.register',
        target: d.id,
        source: req.ip,
        outcome: 'ok',
        detail: { values: { unit: d.unitId, crs: d.crs } }
      });
      return devices.list(unitName).find((v) => v.id === d.id)!;
    })
  );

  app.delete<{ Params: { id: string } }>(
    '/api/devices/:id',
    admin('device.remove'),
    async (req, reply) =>
      answer(reply, 200, async () => {
        if (!checker(DeviceId).Check(req.params.id))
          throw new CommandError(ErrorCode.INVALID, 'invalid_field', {
            path: '/id',
            problem: `"${req.params.id}" is not a device id`
          });
        const d = await devices.remove(req.params.id);
        await access.audit({
          actor: req.session!.account.username,
          action: 'device.remove',
          target: d.id,
          source: req.ip,
          outcome: 'ok',
          detail: { values: { unit: d.unitId } }
        });
        return { removed: d.id };
      })
  );

  await app.register(osmandRoutes, { devices });
}
