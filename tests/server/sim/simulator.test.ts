import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../server/sim/simulator.ts';
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
