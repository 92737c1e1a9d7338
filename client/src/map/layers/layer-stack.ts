import type { Layer } from '@deck.gl/core';
import type { Recommendation } from '../../../../shared/commands.ts';
import type { LngLat } from '../../../../shared/district.ts';
import type { Incident } from '../../../../shared/domain.ts';
import type { AreaLabel, DistrictStore } from '../../lib/district.svelte.ts';
import type { MapLayers } from '../../lib/map-layers.svelte.ts';
import { isOverdue } from '../../../../shared/sla.ts';
import type { UnitStore } from '../../lib/units.svelte.ts';
import type { DisplayShift } from '../display-crs.ts';
import { overdueLayer } from './attention-layers.ts';
import {
  comprehensiveGridParts,
  coverageLayer,
  gridCentres,
  moveLayers,
  type MoveLine
} from './coverage-layers.ts';
import { historyLayer } from './history-layers.ts';
import { draftLayer, incidentLayers, type RecommendationLine } from './incident-layers.ts';
import { GridLabelPlacer, gridLabelLayer, townLabelLayer } from './label-layers.ts';
import { trackLayers, type TrackDraw } from './track-layers.ts';
import { trailLayer } from './trail-layers.ts';
import { selectedUnitLayer, unitLayer } from './unit-layer.ts';

/**
 * Everything the dispatch map shows, as the one overlay's layers in drawing order. Built again on every change
 * (a unit frame, a pin, the selection, a zoom step): deck.gl diffs layers by id, so only what changed is uploaded.
 */

/** what the map is asked to show; read inside the component's effect, so each read is a dependency */
export interface MapScene {
  district: DistrictStore;
  units: UnitStore;
  /** the pins to draw */
  incidents: readonly Incident[];
  selected: Incident | null;
  recommendations: readonly Recommendation[];
  draft: LngLat | null;
  scope: readonly string[] | null;
  selectedUnitId: string | null;
  track: TrackDraw | null;
  layers: MapLayers | null;
  /** server time, epoch ms; null draws no overdue halos */
  now: number | null;
  /** the camera's zoom as grid names see it (`gridLabelZoom`) */
  labelZoom: number;
  /** where things are drawn: the basemap's datum (fixed for the map's life) */
  view: DisplayShift;
  /** the screen's map scale (map-scale.ts): 1 on a desk */
  scale: number;
}

/** what the layers were handed, for the probes */
export interface DrawnScene {
  layers: Layer[];
  /** the incidents layer's pins: the list, and the selection when the list lacks it */
  pins: readonly Incident[];
  overdue: readonly Incident[];
  gridLabels: readonly AreaLabel[];
}

export class LayerStack {
  readonly #gridLabels = new GridLabelPlacer();
  readonly #onHistoryDomain: (domain: [number, number]) => void;

  /** `onHistoryDomain`: the count range the history hexagons come to, known only once deck.gl aggregates */
  constructor(onHistoryDomain: (domain: [number, number]) => void) {
    this.#onHistoryDomain = onHistoryDomain;
  }

  build(s: MapScene): DrawnScene {
    const { district, units, selected, layers: optional, view, scale } = s;
    const pins =
      selected && !s.incidents.includes(selected) ? [...s.incidents, selected] : s.incidents;
    const now = s.now;
    const overdue = now === null ? [] : pins.filter((i) => isOverdue(i, now));
    const draftAt = draftLayer(s.draft, view);
    const ring = s.selectedUnitId
      ? selectedUnitLayer(units.positionOf(s.selectedUnitId), view, scale)
      : null;
    const gridLabels = this.#gridLabels.place(
      district.gridLabels,
      district.townLabels,
      s.labelZoom,
      s.scope,
      selected?.gridCode ?? null,
      scale
    );
    // area fills at the bottom; trails under the units; a track and the chosen unit over the crowd of units,
    // names above them, halos under the pins, pins and lines above everything
    const layers: Layer[] = [
      ...this.#areaLayers(s),
      gridLabelLayer(district.gridLabels, gridLabels, s.scope, view, scale),
      ...(optional?.trails ? [trailLayer(optional.trailData.data(Date.now()), view, scale)] : []),
      unitLayer(units, scale),
      ...(optional?.coverage ? moveLayers(moveLines(s), view, scale) : []),
      ...trackLayers(s.track, view),
      ...(ring ? [ring] : []),
      townLabelLayer(district.townLabels, s.scope, view, scale),
      ...(overdue.length > 0 ? [overdueLayer(overdue, view, scale)] : []),
      ...incidentLayers(pins, selected, recommendationLines(s), view, scale),
      ...(draftAt ? [draftAt] : [])
    ];
    return { layers, pins, overdue, gridLabels };
  }

  /** the blind-spot fill and the history hexagons, when switched on */
  #areaLayers(s: MapScene): Layer[] {
    const out: Layer[] = [];
    const collection = s.district.collection;
    if (s.layers?.coverage && collection) {
      const cover = s.layers.coverageData;
      const parts = comprehensiveGridParts(collection);
      out.push(coverageLayer(parts, cover.bands, cover.at, s.layers.tintedBands, s.view));
    }
    const days = s.layers?.history.days ?? null;
    const points = s.layers?.history.points ?? [];
    if (days !== null && points.length > 0) {
      out.push(historyLayer(points, this.#onHistoryDomain, s.view));
    }
    return out;
  }
}

/** each suggested move from where its unit is now to its grid's centre (a unit not on this map is left out) */
export function moveLines(s: Pick<MapScene, 'district' | 'units' | 'layers'>): MoveLine[] {
  if (!s.layers) return [];
  const lines: MoveLine[] = [];
  for (const m of s.layers.coverageData.moves) {
    const from = s.units.positionOf(m.unitId);
    const to = gridCentres(s.district.gridLabels).get(m.gridCode);
    if (from && to) lines.push({ ...m, from, to });
  }
  return lines;
}

/** a line from the selected incident to each recommended unit on the map, ranked */
function recommendationLines(s: MapScene): RecommendationLine[] {
  const incident = s.selected;
  if (!incident) return [];
  const lines: RecommendationLine[] = [];
  s.recommendations.forEach((r, i) => {
    const to = s.units.positionOf(r.unitId);
    if (to) lines.push({ rank: i + 1, unitId: r.unitId, from: [incident.lng, incident.lat], to });
  });
  return lines;
}
