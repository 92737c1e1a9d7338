import { Type, type Static } from '@sinclair/typebox';

/**
 * GPS devices that report over the OsmAnd protocol (Traccar Client, OsmAnd, car trackers): each device id is
 * registered by an admin to one unit, with the coordinate system the device reports in. The device id is the
 * device's only credential, so it is shown to admins only.
 */

/** what the device sends as `id`, `deviceid` or `device_id` */
export const DeviceId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });

/** WGS-84 (GPS, most trackers) or GCJ-02 (many Chinese phone SDKs), converted to WGS-84 on intake */
export const DeviceCrs = Type.Union([Type.Literal('wgs84'), Type.Literal('gcj02')]);
export type DeviceCrs = Static<typeof DeviceCrs>;

export const DeviceRegister = Type.Object(
  {
    id: DeviceId,
    unitId: Type.String({ minLength: 1, maxLength: 64 }),
    crs: Type.Optional(DeviceCrs),
    label: Type.Optional(Type.String({ maxLength: 80 }))
  },
  { additionalProperties: false }
);
export type DeviceRegister = Static<typeof DeviceRegister>;

/** what the last report from a device came to: moved the marker, kept in history only, or why it was refused */
export const DeviceVerdict = Type.String({ maxLength: 32 });

/** A registered device as `GET /api/devices` lists it; the last-seen figures live in memory since the start. */
export const DeviceView = Type.Object({
  id: DeviceId,
  unitId: Type.String(),
  /** the unit's name, for the list; empty when the unit is no longer on the roster */
  unitName: Type.String(),
  crs: DeviceCrs,
  label: Type.String(),
  createdAt: Type.Number(),
  /** epoch ms of the last request that named this device, or null since the server started */
  lastSeenAt: Type.Union([Type.Number(), Type.Null()]),
  /** 0–100, as the device last said */
  batteryPct: Type.Union([Type.Number(), Type.Null()]),
  charging: Type.Union([Type.Boolean(), Type.Null()]),
  lastVerdict: Type.Union([DeviceVerdict, Type.Null()])
});
export type DeviceView = Static<typeof DeviceView>;
