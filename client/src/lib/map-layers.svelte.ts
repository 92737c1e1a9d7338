import type { HistoryDays } from '../../../shared/history.ts';
import type { Api } from './api.ts';
import { COVERAGE_BAND_LIST, type CoverageBand } from './coverage-bands.ts';
import type { CoverageStore } from './coverage.svelte.ts';
import { IncidentHistoryLoader } from './incident-history.svelte.ts';
import type { TrailRecorder } from './trail-recorder.ts';
import type { UnitTrails } from './unit-trails.ts';

/**
 * The map's optional layers on one screen: the blind-spot fill with its suggested moves, the incident history
 * (off, 24 h, 7 days) and the units' short trails; their switches and the data behind them. The wall starts with
 * coverage on, a desk with it off. Keys g, h and t switch them (`layerKey`): letters the console leaves free
 * (console-keys.ts), so one key press never means two things. The trails are recorded only while their layer is
 * on: the switch starts and stops the screen's TrailRecorder, which drops them when stopped.
 * The blind-spot tint is the screen's choice: a desk fills every grid by its band; a wall, seen from across the
 * room, fills only the gaps (amber and red), so the district is not washed green and what needs a unit stands out.
 */

export type MapLayerKey = 'coverage' | 'history' | 'trails';

/** history off, or its window in days */
export type HistoryWindow = HistoryDays | null;

export const LAYER_KEYS: Readonly<Record<string, MapLayerKey>> = {
  g: 'coverage',
  h: 'history',
  t: 'trails'
};

/** which grids the blind-spot layer fills: every band, or only the gaps */
export type CoverageTint = 'all' | 'gaps';

export const TINTED_BANDS: Readonly<Record<CoverageTint, readonly CoverageBand[]>> = {
  all: COVERAGE_BAND_LIST,
  gaps: ['amber', 'red']
};

/** the order a press of h walks through */
const HISTORY_CYCLE: readonly HistoryWindow[] = [null, 1, 7];

export interface MapLayerDefaults {
  coverage: boolean;
  /** every band by default */
  tint?: CoverageTint;
  history?: HistoryWindow;
  trails?: boolean;
}

export class MapLayers {
  #coverage = $state(false);
  #trails = $state(true);
  readonly coverageData: CoverageStore;
  readonly trailData: UnitTrails;
  readonly history: IncidentHistoryLoader;
  /** the bands the blind-spot layer fills (TINTED_BANDS), fixed for the screen */
  readonly tintedBands: readonly CoverageBand[];
  readonly #recorder: TrailRecorder;

  constructor(
    sources: { api: Api; coverage: CoverageStore; trails: TrailRecorder },
    defaults: MapLayerDefaults
  ) {
    this.coverageData = sources.coverage;
    this.#recorder = sources.trails;
    this.trailData = sources.trails.data;
    this.history = new IncidentHistoryLoader(sources.api);
    this.#coverage = defaults.coverage;
    this.tintedBands = TINTED_BANDS[defaults.tint ?? 'all'];
    this.setTrails(defaults.trails ?? true);
    if (defaults.history) this.history.show(defaults.history);
  }

  get coverage(): boolean {
    return this.#coverage;
  }
  get trails(): boolean {
    return this.#trails;
  }
  get historyDays(): HistoryWindow {
    return this.history.days;
  }

  setCoverage(on: boolean): void {
    this.#coverage = on;
  }
  setTrails(on: boolean): void {
    this.#trails = on;
    if (on) this.#recorder.start();
    else this.#recorder.stop();
  }
  setHistory(days: HistoryWindow): void {
    this.history.show(days);
  }

  /** What a layer key does: coverage and trails flip, history steps off → 24 h → 7 d → off. */
  press(key: MapLayerKey): void {
    if (key === 'coverage') this.#coverage = !this.#coverage;
    else if (key === 'trails') this.setTrails(!this.#trails);
    else this.setHistory(nextHistory(this.history.days));
  }

  dispose(): void {
    this.history.dispose();
    this.#recorder.stop();
  }
}

export function nextHistory(current: HistoryWindow): HistoryWindow {
  const at = HISTORY_CYCLE.indexOf(current);
  return HISTORY_CYCLE[(at + 1) % HISTORY_CYCLE.length];
}

/** The layer a key press switches, or null; keys typed into a field, or with a modifier, are not ours. */
export function layerKey(e: KeyboardEvent): MapLayerKey | null {
  if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return null;
  return typing(e.target) ? null : (LAYER_KEYS[e.key] ?? null);
}

function typing(t: EventTarget | null): boolean {
  // no DOM (a unit test): nothing can be a field
  if (typeof HTMLElement === 'undefined' || !(t instanceof HTMLElement)) return false;
  return (
    t.isContentEditable ||
    t instanceof HTMLInputElement ||
    t instanceof HTMLTextAreaElement ||
    t instanceof HTMLSelectElement
  );
}
