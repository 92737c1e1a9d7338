import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    expect(sync.coverage.grids.length).toBeGreaterThan(0);
    expect(sync.coverage.grids.every((g) => g.townCode === YAXI)).toBe(true);
    // its grids are covered (slowly) by 淳溪 units, which a 桠溪 leader does not see; nor may it move them
    expect(sync.coverage.grids.every((g) => g.unitId === null)).toBe(true);
    expect(sync.coverage.moves).toEqual([]);
    const desk = await server.client('dispatcher');
    expect(desk.sync.coverage.grids).toHaveLength(704);
    expect(desk.sync.coverage.grids.some((g) => g.unitId !== null)).toBe(true);
    const phone = await server.client('field');
    expect(phone.sync.coverage.grids).toEqual([]);
    expect(phone.sync.coverage.moves).toEqual([]);
  });

  it('pushes the picture to desks every few seconds', async () => {
    const desk = await server.client('dispatcher');
    const [update] = await nextEvent(desk.socket, 'coverage:changed', () => true, 8000);
    expect(update.grids).toHaveLength(704);
    expect(update.at).toBeGreaterThan(0);
  });

  it('suggests idle units that could close red grids without opening new ones', () => {
    const { live, district, coverage } = server.app.gridwatch;
    // 淳溪 crowded with responders, 桠溪 empty: 桠溪's grids are red and 淳溪 can spare units
    placeAllIn(CHUNXI);
    coverage.compute(Date.now());
    const moves = coverage.moves;
    expect(moves.length).toBeGreaterThan(0);
    const townOf = new Map(coverage.grids.map((g) => [g.code, g.townCode]));
    const red = new Set(
      coverage.grids.filter((g) => g.etaS === null || g.etaS > 600).map((g) => g.code)
    );
    for (const m of moves) expect(red.has(m.gridCode)).toBe(true);
    expect(new Set(moves.map((m) => m.unitId)).size).toBe(moves.length);
    // moving each suggested unit alone onto its grid leaves no grid red that was not red before
    for (const m of moves) {
      const u = live.get(m.unitId)!;
      const before = live.fix(u.idx)!;
      const [lng, lat] = district.grids.area(m.gridCode)!.properties.labelAt;
      live.restoreFix(u.id, { ...before, lng, lat, time: Date.now() });
      const after = coverage.compute(Date.now());
      const newlyRed = after.filter((g) => (g.etaS === null || g.etaS > 600) && !red.has(g.code));
      expect(newlyRed, `moving ${m.unitId} to ${m.gridCode} (${townOf.get(m.gridCode)})`).toEqual(
        []
      );
      expect(after.find((g) => g.code === m.gridCode)!.etaS).toBeLessThanOrEqual(300);
      live.restoreFix(u.id, { ...before, time: Date.now() });
    }
  });
});
