import { describe, expect, it } from 'vitest';
import type { CoverageUpdate, GridCoverage } from '../../../shared/protocol.ts';
import {
  BAND_FILL,
  bandCounts,
  COVERAGE_BANDS,
  gridBand
} from '../../../client/src/lib/coverage-bands.ts';
import { CoverageStore } from '../../../client/src/lib/coverage.svelte.ts';

/** The blind-spot bands as the map colours them, and the store the coverage updates feed. */

const grid = (code: string, etaS: number | null): GridCoverage => ({
  code,
  townCode: code.slice(0, 9),
  etaS,
  unitId: etaS === null ? null : `u-${code}`
});

describe('gridBand', () => {
  it('is green up to and including 5 minutes, amber up to 10, red beyond', () => {
    expect(gridBand(0)).toBe('green');
    expect(gridBand(COVERAGE_BANDS.green)).toBe('green');
    expect(gridBand(COVERAGE_BANDS.green + 1)).toBe('amber');
    expect(gridBand(COVERAGE_BANDS.amber)).toBe('amber');
    expect(gridBand(COVERAGE_BANDS.amber + 1)).toBe('red');
    expect(gridBand(7200)).toBe('red');
  });

  it('is red when nobody eligible could come at all', () => {
    expect(gridBand(null)).toBe('red');
  });

  it('fills each band in its own translucent colour, red the strongest', () => {
    const fills = Object.values(BAND_FILL).map((c) => c.join());
    expect(new Set(fills).size).toBe(3);
    expect(BAND_FILL.red[3]).toBeGreaterThan(BAND_FILL.green[3]);
    for (const c of Object.values(BAND_FILL)) expect(c[3]).toBeLessThan(255);
  });
});

describe('bandCounts', () => {
  it('counts nothing for no grids', () => {
    expect(bandCounts([])).toEqual({ green: 0, amber: 0, red: 0 });
  });

  it('counts every grid in exactly one band', () => {
    const grids = [grid('a', 60), grid('b', 300), grid('c', 480), grid('d', null), grid('e', 900)];
    expect(bandCounts(grids)).toEqual({ green: 2, amber: 1, red: 2 });
  });
});

describe('CoverageStore', () => {
  const update = (at: number, grids: GridCoverage[]): CoverageUpdate => ({
    at,
    grids,
    moves: grids
      .filter((g) => g.etaS === null)
      .map((g) => ({ gridCode: g.code, unitId: 'idle-1', etaS: 420 }))
  });

  it('starts empty, before the first picture', () => {
    const store = new CoverageStore();
    expect(store.at).toBe(0);
    expect(store.grids).toEqual([]);
    expect(store.bands.size).toBe(0);
    expect(store.counts).toEqual({ green: 0, amber: 0, red: 0 });
  });

  it('replaces the whole picture with each update and bands every grid', () => {
    const store = new CoverageStore();
    store.apply(update(1000, [grid('a', 100), grid('b', null)]));
    expect(store.apply(update(6000, [grid('a', 700), grid('c', 200)]))).toBe(true);
    expect([...store.bands]).toEqual([
      ['a', 'red'],
      ['c', 'green']
    ]);
    expect(store.grid('b')).toBeUndefined();
    expect(store.grid('a')?.etaS).toBe(700);
    expect(store.moves).toEqual([]);
    expect(store.counts).toEqual({ green: 1, amber: 0, red: 1 });
  });

  it('drops a picture computed before the one it holds', () => {
    const store = new CoverageStore();
    store.apply(update(6000, [grid('a', 100)]));
    expect(store.apply(update(1000, [grid('a', null)]))).toBe(false);
    expect(store.bands.get('a')).toBe('green');
    expect(store.at).toBe(6000);
  });

  it('keeps the suggested moves of the latest picture', () => {
    const store = new CoverageStore();
    store.apply(update(1000, [grid('a', null), grid('b', 60)]));
    expect(store.moves).toEqual([{ gridCode: 'a', unitId: 'idle-1', etaS: 420 }]);
  });
});
