import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { etaS } from '../../../geo/eta.ts';
import { OsrmRouter, StraightLineRouter, type RouteFrom } from '../../../server/dispatch/router.ts';

// OSRM itself cannot run here: a local stand-in answers its table API the way OSRM documents it
const silent = { info() {}, warn() {}, error() {}, debug() {} };
const from: RouteFrom[] = [
  { lng: 118.87, lat: 31.32, mode: 'car', distanceM: 1000 },
  { lng: 118.88, lat: 31.33, mode: 'foot', distanceM: 400 },
  { lng: 118.89, lat: 31.31, mode: 'car', distanceM: 3000 }
];

describe('routers', () => {
  let osrm: Server;
  let base = '';
  const asked: string[] = [];
  let failWalking = false;
  beforeAll(async () => {
    osrm = createServer((req, res) => {
      asked.push(req.url!);
      const url = new URL(req.url!, 'http://x');
      const [, , , profile, coords] = url.pathname.split('/');
      if (profile === 'walking' && failWalking) {
        res.writeHead(503).end();
        return;
      }
      const n = coords.split(';').length - 1;
      const durations = Array.from({ length: n }, (_, i) => [i === 1 ? null : 100 * (i + 1)]);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ code: 'Ok', durations }));
    });
    await new Promise<void>((r) => osrm.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(osrm.address() as AddressInfo).port}/`;
  });
  afterAll(() => osrm.close());

  it('estimates straight-line travel by mode', async () => {
    expect(await new StraightLineRouter().travelTimes([118.9, 31.3], from)).toEqual(
      from.map((f) => etaS(f.distanceM, f.mode))
    );
  });

  it('asks OSRM’s table service once per travel mode, origins as sources and the incident as destination', async () => {
    asked.length = 0;
    const times = await new OsrmRouter(base, silent).travelTimes([118.9, 31.3], from);
    expect(asked.sort()).toEqual([
      '/table/v1/driving/118.87,31.32;118.89,31.31;118.9,31.3?sources=0;1&destinations=2&annotations=duration',
      '/table/v1/walking/118.88,31.33;118.9,31.3?sources=0&destinations=1&annotations=duration'
    ]);
    // driving: first origin 100 s, second unroutable (null) → straight line; walking: 100 s
    expect(times).toEqual([100, 100, etaS(3000, 'car')]);
  });

  it('falls back to the straight line for a mode whose router fails, and for an unreachable router', async () => {
    failWalking = true;
    const times = await new OsrmRouter(base, silent).travelTimes([118.9, 31.3], from);
    expect(times[1]).toBe(etaS(400, 'foot'));
    expect(times[0]).toBe(100);
    failWalking = false;
    const down = await new OsrmRouter('http://127.0.0.1:9', silent).travelTimes(
      [118.9, 31.3],
      from
    );
    expect(down).toEqual(from.map((f) => etaS(f.distanceM, f.mode)));
  });
});
