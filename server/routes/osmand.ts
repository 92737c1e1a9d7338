import type { FastifyInstance, FastifyReply } from 'fastify';
import formbody from '@fastify/formbody';
import { ROUTE_ACCESS } from '../access/permissions.ts';
import type { Devices } from '../intake/devices.ts';
import { parseOsmAnd, toPositionReport } from '../intake/osmand.ts';
import { isAccepted } from '../live/fix-filter.ts';
import { TokenBucket } from '../realtime/token-bucket.ts';

/**
 * `/osmand`: positions from Traccar Client, OsmAnd and GPS trackers (server/intake/osmand.ts reads the protocol).
 * Public: the registered device id is the credential. A fix goes through `LiveRegistry.report` exactly as a
 * phone's `unit:report` does, so the same schema and the same filters decide, and each refusal is counted.
 *
 * Answers: 400 INVALID for what cannot be read (and 404 NOT_FOUND for an unknown device), both counted; 200 for
 * everything else, `{ accepted: true, live }` or `{ accepted: false, reason }`. A fix the filter refuses is still a
 * 200: a tracker's queue retries every non-200 answer until it gets one, so a fix that will never be accepted
 * (a stale one, a duplicate, one far outside the district) would otherwise block every fix queued behind it.
 */

/** a position report is a few hundred bytes; the JSON record with the SDK's extras is under 2 KiB */
const BODY_LIMIT = 16 * 1024;
/** per device, the same budget a phone's socket has for position reports: a backlog flushes in seconds */
const REPORTS_PER_S = 5;
const REPORT_BURST = 30;
const PATHS = ['/osmand', '/osmand/'];

export default async function osmandRoutes(
  app: FastifyInstance,
  opts: { devices: Devices }
): Promise<void> {
  const { devices } = opts;
  const { live } = app.gridwatch;
  const buckets = new Map<string, TokenBucket>();
  // registered inside this plugin only: no other route takes form bodies
  await app.register(formbody, { bodyLimit: BODY_LIMIT });

  const invalid = (reply: FastifyReply, message: string) => {
    live.countRejected('invalid', 'osmand');
    return reply.code(400).send({ error: 'INVALID', message });
  };

  // what Fastify refuses before the handler (too large, broken JSON, an unknown content type) is bad input too
  app.setErrorHandler<Error & { statusCode?: number }>((err, _req, reply) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) {
      app.log.error({ err }, 'osmand request failed');
      return reply.code(500).send({ error: 'INTERNAL', message: 'internal error' });
    }
    return invalid(reply, err.message);
  });

  const handler = async (
    req: { query: unknown; body: unknown; headers: Record<string, unknown> },
    reply: FastifyReply
  ) => {
    const now = Date.now();
    const type = String(req.headers['content-type'] ?? '');
    const parsed = parseOsmAnd(
      { query: req.query, body: req.body, json: type.startsWith('application/json') },
      now
    );
    if (!parsed.ok) return invalid(reply, parsed.message);
    const { fix } = parsed;
    const device = devices.get(fix.deviceId);
    if (!device) {
      live.countRejected('unknown_device', 'osmand');
      return reply
        .code(404)
        .send({ error: 'NOT_FOUND', message: `device ${fix.deviceId} is not registered` });
    }
    let bucket = buckets.get(device.id);
    if (!bucket) buckets.set(device.id, (bucket = new TokenBucket(REPORTS_PER_S, REPORT_BURST)));
    if (!bucket.take(now)) {
      return reply
        .code(429)
        .send({ error: 'RATE_LIMITED', message: `device ${device.id}: too many reports` });
    }
    const said = { batteryPct: fix.batteryPct, charging: fix.charging };
    // the battery counts whatever the fix is worth: a tracker without a fix may well be running flat
    live.noteBattery(device.unitId, said);
    if (!fix.valid) {
      // the device says it has no usable fix: nothing to show, and nothing to send again
      live.countRejected('invalid', 'osmand');
      devices.seen(device.id, now, { ...said, verdict: 'invalid' });
      return { accepted: false, reason: 'invalid' };
    }
    const made = toPositionReport(fix, device.unitId, device.crs);
    if (!made.ok) {
      // as on the socket path: the registry tells swapped coordinates (a lat of 118.9 here) from garbage. Either is
      // a readable fix that will never be accepted: a 200 refusal, so the device's queue moves on
      const reason = live.refuseInvalid(made.candidate, 'osmand');
      devices.seen(device.id, now, { ...said, verdict: reason });
      return { accepted: false, reason, message: made.message };
    }
    const verdict = live.report(made.report, now, 'osmand');
    devices.seen(device.id, now, { ...said, verdict });
    return isAccepted(verdict)
      ? { accepted: true, live: verdict === 'live' }
      : { accepted: false, reason: verdict };
  };

  for (const url of PATHS) {
    const options = { bodyLimit: BODY_LIMIT, config: { access: ROUTE_ACCESS.public } };
    app.get(url, options, handler);
    app.post(url, options, handler);
  }
}
