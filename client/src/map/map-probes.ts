import type { Layer } from '@deck.gl/core';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Incident } from '../../../shared/domain.ts';
import type { TrackPath } from '../lib/track-paths.ts';
import type { Padding } from './camera.ts';
import type { DisplayShift } from './display-crs.ts';
import { gridBand } from '../lib/coverage-bands.ts';
import type { MapLayers } from '../lib/map-layers.svelte.ts';
import { mapStats, type DrawnBasemapLabel, type DrawnSizes } from '../lib/probes.ts';
import { COVERAGE_LAYER_ID, type GridPart } from './layers/coverage-layers.ts';
import { INCIDENTS_LAYER_ID } from './layers/incident-layers.ts';
import { GRID_LABELS_LAYER_ID, TOWN_LABELS_LAYER_ID } from './layers/label-layers.ts';
import { moveLines, type DrawnScene, type MapScene } from './layers/layer-stack.ts';
import { TRACK_LAYER_ID } from './layers/track-layers.ts';

/**
 * What the dispatch map tells the browser tests (lib/probes.ts): the camera once the overlay is up, and after
 * every build what its layers were handed, read from the layers themselves where it can be.
 */

/**
 * The camera's probes; `padding` is read when asked, so a change of the panels' sizes counts. Places go in and
 * come out in WGS-84, like the data: `view` is where the map draws them (mapPixel alone takes the drawing datum).
 */
export function publishCamera(
  m: MapLibreMap,
  padding: () => Padding,
  gridsDrawn: number,
  scope: readonly string[] | null,
  view: DisplayShift,
  basemapLabelLayers: readonly string[]
): void {
  mapStats.gridsDrawn = gridsDrawn;
  mapStats.scopeTowns = scope ? [...scope] : null;
  mapStats.crs = view.crs;
  mapStats.bounds = () => {
    const b = m.getBounds();
    const [w, s] = view.fromDisplay([b.getWest(), b.getSouth()]);
    const [e, n] = view.fromDisplay([b.getEast(), b.getNorth()]);
    return [w, s, e, n];
  };
  mapStats.view = () => {
    const box = m.getContainer();
    const p = padding();
    const centre = m.unproject([
      (p.left + box.clientWidth - p.right) / 2,
      (p.top + box.clientHeight - p.bottom) / 2
    ]);
    return {
      centre: view.fromDisplay([centre.lng, centre.lat]),
      zoom: m.getZoom(),
      moving: m.isMoving()
    };
  };
  const pagePoint = (p: [number, number]): [number, number] | null => {
    if (m.isMoving()) return null;
    const at = m.project(p);
    const box = m.getContainer().getBoundingClientRect();
    return [box.left + at.x, box.top + at.y];
  };
  mapStats.screenPoint = (lng, lat) => pagePoint(view.toDisplay([lng, lat]));
  mapStats.pixel = (lng, lat) => pagePoint([lng, lat]);
  mapStats.basemapIdle = () => m.loaded() && m.areTilesLoaded() && !m.isMoving();
  mapStats.basemapLabels = () => {
    if (basemapLabelLayers.length === 0) return [];
    const out: DrawnBasemapLabel[] = [];
    for (const f of m.queryRenderedFeatures({ layers: [...basemapLabelLayers] })) {
      if (f.geometry.type !== 'Point') continue;
      const p = f.properties;
      const at = pagePoint(f.geometry.coordinates as [number, number]);
      if (at) out.push({ name: String(p['name:zh-Hans'] ?? p['name:zh'] ?? p.name ?? ''), at });
    }
    return out;
  };
  mapStats.ready = true;
}

/** The map is gone: nothing is drawn any more. */
export function clearMapProbes(): void {
  mapStats.ready = false;
  mapStats.screenPoint = () => null;
  mapStats.bounds = () => null;
  mapStats.scopeTowns = null;
  mapStats.incidentsDrawnList = () => [];
  mapStats.unitsDrawnList = () => [];
  mapStats.track = null;
  mapStats.view = () => null;
  mapStats.crs = null;
  mapStats.pixel = () => null;
  mapStats.basemapIdle = () => false;
  mapStats.basemapLabels = () => [];
  mapStats.coverage = () => null;
  mapStats.history = null;
  mapStats.trails = null;
  mapStats.overdue = [];
  mapStats.focus = null;
  mapStats.gridLabels = [];
  mapStats.sizes = () => null;
}

/**
 * The probes of what one build handed the layers. Holds the history layer's count range, which deck.gl reports at
 * draw time, after the build: it is cleared when the points change and filled in when it comes.
 */
export class DrawnProbes {
  #historyPoints: readonly unknown[] = [];
  #historyDomain: [number, number] | null = null;

  readonly onHistoryDomain = (d: [number, number]): void => {
    this.#historyDomain = [d[0], d[1]];
    if (mapStats.history)
      mapStats.history = { ...mapStats.history, colorDomain: this.#historyDomain };
  };

  /** before the layers go to the overlay: deck.gl may report the history's range as it takes them */
  record(s: MapScene, drawn: DrawnScene): void {
    const { units, layers: optional } = s;
    const days = optional?.history.days ?? null;
    const points = optional?.history.points ?? [];
    if (points !== this.#historyPoints) {
      this.#historyPoints = points;
      this.#historyDomain = null;
    }
    mapStats.history =
      days === null ? null : { days, points: points.length, colorDomain: this.#historyDomain };
    const fill = drawn.layers.find((l) => l.id === COVERAGE_LAYER_ID);
    mapStats.coverage =
      optional?.coverage && fill ? () => drawnCoverage(s, optional, fill) : () => null;
    mapStats.overdue = drawn.overdue.map((i) => i.id);
    mapStats.trails = optional?.trails ? { ...optional.trailData.stats } : null;
    mapStats.unitsDrawn = units.drawn;
    mapStats.unitsDrawnList = () => units.drawnUnits();
    const pins = drawn.pins;
    mapStats.incidentsDrawn = pins.length;
    mapStats.incidentsDrawnList = () => pins.map((i) => ({ id: i.id, townCode: i.townCode }));
    mapStats.unitPositionDigest = units.positionDigest();
    mapStats.gridLabels = drawn.gridLabels.map((l) => l.code);
    // worked out when asked: the map records every unit frame
    mapStats.sizes = () => drawnSizes(drawn.layers);
    // read back from the path layer itself, so a probe sees what deck.gl was given
    const trackPaths = drawn.layers.find((l) => l.id === TRACK_LAYER_ID)?.props.data as
      readonly TrackPath[] | undefined;
    mapStats.track =
      s.track && trackPaths
        ? {
            unitId: s.track.unitId,
            points: s.track.points,
            paths: trackPaths.length,
            vertices: trackPaths.reduce((n, p) => n + p.path.length, 0)
          }
        : null;
  }
}

/** the picture the fill was given, each grid with whether the fill layer's own colour for it shows */
function drawnCoverage(s: MapScene, l: MapLayers, fill: Layer) {
  const cover = l.coverageData;
  const props = fill.props as unknown as {
    data: readonly GridPart[];
    getFillColor: (g: GridPart) => readonly number[];
  };
  const partOf = new Map(props.data.map((p) => [p.code, p]));
  const filled = (code: string) => {
    const part = partOf.get(code);
    return !!part && (props.getFillColor(part)[3] ?? 0) > 0;
  };
  return {
    at: cover.at,
    grids: cover.grids.map((g) => ({ ...g, band: gridBand(g.etaS), filled: filled(g.code) })),
    moves: moveLines(s).map(({ unitId, gridCode, etaS }) => ({ unitId, gridCode, etaS }))
  };
}

/**
 * The sizes the layers were handed, in screen pixels: each text layer's size times its `sizeScale`, a pin's
 * radius times its `radiusScale`, doubled.
 */
function drawnSizes(layers: readonly Layer[]): DrawnSizes | null {
  const byId = (id: string) =>
    layers.find((l) => l.id === id)?.props as unknown as Record<string, unknown> | undefined;
  const text = (id: string) => {
    const p = byId(id);
    return p ? (p.getSize as number) * (p.sizeScale as number) : 0;
  };
  const town = text(TOWN_LABELS_LAYER_ID);
  if (town === 0) return null;
  const pins = byId(INCIDENTS_LAYER_ID);
  const pinData = (pins?.data ?? []) as readonly Incident[];
  const pinRadius = pins?.getRadius as ((i: Incident) => number) | undefined;
  return {
    townLabelPx: town,
    gridLabelPx: text(GRID_LABELS_LAYER_ID),
    pinPx:
      pins && pinRadius && pinData.length > 0
        ? 2 * Math.min(...pinData.map(pinRadius)) * (pins.radiusScale as number)
        : null
  };
}
