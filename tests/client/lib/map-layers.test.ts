import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentHistory } from '../../../shared/history.ts';
import type { Api, ApiResult } from '../../../client/src/lib/api.ts';
import { keyCommand } from '../../../client/src/lib/console-keys.ts';
import { CoverageStore } from '../../../client/src/lib/coverage.svelte.ts';
import {
  LAYER_KEYS,
  layerKey,
  MapLayers,
  nextHistory
} from '../../../client/src/lib/map-layers.svelte.ts';
import { TrailRecorder, type FrameSource } from '../../../client/src/lib/trail-recorder.ts';

/**
 * The map's layer switches: what a key does, that no layer key is also a console key, and that the history
 * layer loads its window when switched on and drops an answer for a window no longer shown.
 */

/** The history route as a script: each call waits until the test answers it. */
class ScriptedApi {
  calls: string[] = [];
  #pending: Array<(res: ApiResult<IncidentHistory>) => void> = [];

  async call<T>(_method: string, path: string): Promise<ApiResult<T>> {
    this.calls.push(path);
    return new Promise((resolve) => this.#pending.push(resolve as never));
  }

  answer(k: number, days: 1 | 7, points: number): void {
    const history: IncidentHistory = {
      days,
      from: 0,
      to: 1,
      points: Array.from({ length: points }, (_, i) => [118.9, 31.3, i, 2, 'dispute'])
    };
    this.#pending[k]({ ok: true, status: 200, data: history });
  }
}

const key = (k: string, extra: Partial<KeyboardEvent> = {}) =>
  ({
    key: k,
    target: null,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    ...extra
  }) as KeyboardEvent;

/** a frame source that only counts its listeners (LiveLink.onFrame's contract) */
function frameSource() {
  const source = {
    listeners: 0,
    subscribe: (() => {
      source.listeners++;
      return () => void source.listeners--;
    }) as FrameSource
  };
  return source;
}

function layersWith(api: ScriptedApi, coverage = false, trails?: boolean) {
  const frames = frameSource();
  const recorder = new TrailRecorder(frames.subscribe);
  const layers = new MapLayers(
    { api: api as unknown as Api, coverage: new CoverageStore(), trails: recorder },
    { coverage, trails }
  );
  return Object.assign(layers, { frames, recorder });
}

describe('layer keys', () => {
  beforeAll(() => {
    // console-keys asks whether the target is a field; a unit test has no DOM to answer it
    (globalThis as Record<string, unknown>).HTMLElement ??= class {};
  });

  it('maps g, h and t to blind spots, history and trails', () => {
    expect(layerKey(key('g'))).toBe('coverage');
    expect(layerKey(key('h'))).toBe('history');
    expect(layerKey(key('t'))).toBe('trails');
    expect(layerKey(key('x'))).toBeNull();
  });

  it('leaves a key with a modifier to the browser', () => {
    expect(layerKey(key('g', { ctrlKey: true }))).toBeNull();
    expect(layerKey(key('h', { metaKey: true }))).toBeNull();
  });

  it('uses only keys the dispatch console leaves free', () => {
    for (const k of Object.keys(LAYER_KEYS)) expect(keyCommand(key(k)), k).toBeNull();
  });

  it('steps the history window off → 24 h → 7 d → off', () => {
    expect(nextHistory(null)).toBe(1);
    expect(nextHistory(1)).toBe(7);
    expect(nextHistory(7)).toBeNull();
  });
});

describe('MapLayers', () => {
  let layers: MapLayers | null = null;
  afterEach(() => layers?.dispose());

  it('starts with blind spots as the screen asks, trails on and history off', () => {
    layers = layersWith(new ScriptedApi(), true);
    expect(layers.coverage).toBe(true);
    expect(layers.trails).toBe(true);
    expect(layers.historyDays).toBeNull();
    layers.press('coverage');
    layers.press('trails');
    expect(layers.coverage).toBe(false);
    expect(layers.trails).toBe(false);
  });

  it('tints every blind-spot band on a desk, and only the gaps (amber, red) where the screen asks', () => {
    layers = layersWith(new ScriptedApi(), true);
    expect(layers.tintedBands).toEqual(['green', 'amber', 'red']);
    layers.dispose();
    const recorder = new TrailRecorder(frameSource().subscribe);
    layers = new MapLayers(
      { api: new ScriptedApi() as unknown as Api, coverage: new CoverageStore(), trails: recorder },
      { coverage: true, tint: 'gaps' }
    );
    expect(layers.tintedBands).toEqual(['amber', 'red']);
  });

  it('records trails only while their layer is on, the wall from the start and a desk once switched on', () => {
    const wall = layersWith(new ScriptedApi(), true);
    expect(wall.recorder.recording).toBe(true);
    expect(wall.frames.listeners).toBe(1);
    wall.press('trails');
    expect(wall.recorder.recording).toBe(false);
    expect(wall.frames.listeners).toBe(0);
    wall.dispose();

    const desk = layersWith(new ScriptedApi(), false, false);
    layers = desk;
    expect(desk.recorder.recording).toBe(false);
    expect(desk.frames.listeners).toBe(0);
    desk.press('trails');
    expect(desk.recorder.recording).toBe(true);
    desk.setTrails(false);
    expect(desk.frames.listeners).toBe(0);
    desk.setTrails(true);
    // leaving the screen stops the recording
    desk.dispose();
    expect(desk.frames.listeners).toBe(0);
    layers = null;
  });

  it('loads the window it switches to, and drops the answer of one no longer shown', async () => {
    const api = new ScriptedApi();
    layers = layersWith(api);
    layers.press('history');
    layers.press('history');
    expect(api.calls).toEqual(['/api/incidents/history?days=1', '/api/incidents/history?days=7']);
    expect(layers.history.status).toBe('loading');
    api.answer(1, 7, 3);
    api.answer(0, 1, 9);
    // let both answers' continuations run
    await new Promise((r) => setTimeout(r, 0));
    expect(layers.historyDays).toBe(7);
    expect(layers.history.points).toHaveLength(3);
    expect(layers.history.status).toBe('ready');
    layers.press('history');
    expect(layers.historyDays).toBeNull();
    expect(layers.history.points).toEqual([]);
    expect(layers.history.status).toBe('off');
  });
});
