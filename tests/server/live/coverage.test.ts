import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridCoverage } from '../../../shared/protocol.ts';
import { nextEvent, startServer } from '../../fixtures/server.ts';
import { CHUNXI, pointIn, YAXI } from '../access/support.ts';

/** The blind-spot picture the server computes for every grid and sends to each desk for its own towns. */

type Server = Awaited<ReturnType<typeof startServer>>;

describe('coverage', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startServer({ units: 80 });
  });
  afterAll(async () => server.close());

  /** every P1 responder available in 淳溪, nobody elsewhere */
  const placeAllIn = (town: string) => {
    const { live, district } = server.app.gridwatch;
    live.all().forEach((u, k) => {
      const [lng, lat] = pointIn(district, town, k);
      live.restoreFix(u.id, {
        lng,
        lat,
        time: Date.now(),
        speedMps: 0,
        headingDeg: 0,
        accuracyM: 5
      });
    });
  };

  it('covers the grids near available responders and leaves far towns red', () => {
    placeAllIn(CHUNXI);
    const grids = server.app.gridwatch.coverage.compute(Date.now());
    expect(grids).toHaveLength(704);
    const inTown = (t: string) => grids.filter((g) => g.townCode === t);
    // 淳溪 is full of units: some grid there is within 5 minutes
    expect(inTown(CHUNXI).some((g) => g.etaS !== null && g.etaS <= 300)).toBe(true);
    // 桠溪 is 20–30 km away: nobody arrives within 10 minutes
    expect(inTown(YAXI).every((g) => g.etaS === null || g.etaS > 600)).toBe(true);
  });

  it('counts only available P1 responders with a fresh fix', () => {
    const { live, coverage } = server.app.gridwatch;
    placeAllIn(CHUNXI);
    const before = coverage.compute(Date.now()).filter((g) => g.etaS !== null).length;
    expect(before).toBe(704);
    // the same units, their fixes ten minutes old: nobody counts
    for (const u of live.all()) {
      const f = live.fix(u.idx)!;
      live.restoreFix(u.id, { ...f, time: Date.now() - 600_000 });
    }
    expect(coverage.compute(Date.now()).every((g) => g.etaS === null)).toBe(true);
  });

  it('sends a town leader its own grids only, without naming units it may not see', async () => {
    placeAllIn(CHUNXI);
    server.app.gridwatch.coverage.compute(Date.now());
    const { sync } = await server.client('leader-yaxi');
    expect(sync.coverage.length).toBeGreaterThan(0);
    expect(sync.coverage.every((g) => g.townCode === YAXI)).toBe(true);
    // its grids are covered (slowly) by 淳溪 units, which a 桠溪 leader does not see
    expect(sync.coverage.every((g) => g.unitId === null)).toBe(true);
    const desk = await server.client('dispatcher');
    expect(desk.sync.coverage).toHaveLength(704);
    expect(desk.sync.coverage.some((g) => g.unitId !== null)).toBe(true);
    const phone = await server.client('field');
    expect(phone.sync.coverage).toEqual([]);
  });

  it('pushes the picture to desks every few seconds', async () => {
    const desk = await server.client('dispatcher');
    const [grids] = (await nextEvent(desk.socket, 'coverage:changed', () => true, 8000)) as [
      GridCoverage[]
    ];
    expect(grids).toHaveLength(704);
  });
});
