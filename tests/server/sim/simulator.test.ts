import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSimulator, type Simulator } from '../../../server/sim/simulator.ts';
import { landOf } from '../../../server/sim/water.ts';
import { startServer } from '../../fixtures/server.ts';
import { CHUNXI, pointIn } from '../access/support.ts';

/** The simulator drives the force through the phone's own path, and keeps its hands off units real devices carry. */

type Server = Awaited<ReturnType<typeof startServer>>;

async function until(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('simulator', () => {
  let server: Server;
  let sim: Simulator;
  beforeAll(async () => {
    server = await startServer({ units: 30 });
  });
  afterAll(async () => {
    sim?.stop();
    await server.close();
  });

  it('moves simulated units but leaves alone a unit whose phone reports', async () => {
    const { live, district, dispatch } = server.app.gridwatch;
    const cars = live.all().filter((u) => u.travel === 'car' && u.status !== 'off_duty');
    const [carried, ...others] = cars;
    expect(others.length).toBeGreaterThan(0);
    const [lng, lat] = pointIn(district, CHUNXI, 3);
    const phoneFix = { unitId: carried.id, lng, lat, time: Date.now(), accuracyM: 6 };
    expect(live.report(phoneFix, Date.now(), 'socket')).toBe('live');

    sim = startSimulator({
      district,
      live,
      dispatch,
      seed: 9,
      answers: 'accept',
      log: server.app.log
    });
    // cars report every ~3 s: wait until every other car has reported through the simulator
    await until(() => others.every((u) => live.fixSource(u.idx) === 'sim'), 10_000);
    expect(live.fixSource(carried.idx)).toBe('socket');
    expect(live.fix(carried.idx)).toMatchObject({ lng, lat, time: phoneFix.time });
    expect(live.rejected.count('jump', 'sim')).toBe(0);
  });
});

describe('simulator on land', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startServer({ units: 400 });
  });
  afterAll(async () => {
    vi.useRealTimers();
    await server.close();
  });

  it('keeps every unit and every incident inside the district and out of its lakes', async () => {
    const { live, district, dispatch } = server.app.gridwatch;
    const land = landOf(district);
    const off: string[] = [];
    const report = live.report.bind(live);
    live.report = (r, now, source) => {
      if (source === 'sim' && !land.has(r.lng, r.lat)) off.push(`${r.unitId} ${r.lng},${r.lat}`);
      return report(r, now, source);
    };
    // twenty simulated minutes, stepped by fake timers so the walk is long enough to cross a lake or a border
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const sim = startSimulator({
      district,
      live,
      dispatch,
      seed: 11,
      answers: 'accept',
      log: server.app.log
    });
    try {
      for (let k = 0; k < 40; k++) await vi.advanceTimersByTimeAsync(30_000);
    } finally {
      sim.stop();
      vi.useRealTimers();
      live.report = report;
    }
    expect(live.accepted).toBeGreaterThan(1000);
    expect(off).toEqual([]);
    const incidents = dispatch.incidents();
    expect(incidents.length).toBeGreaterThan(5);
    expect(incidents.filter((i) => !land.has(i.lng, i.lat)).map((i) => i.id)).toEqual([]);
  });
});
