import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { LABEL_SOURCE, type BlockerProperties } from '../../../shared/map-style.ts';
import type { AreaLabel } from '../lib/district.svelte.ts';
import type { DisplayShift } from './display-crs.ts';
import { GRID_SIZE_PX, TOWN_SIZE_PX } from './layers/label-layers.ts';

/**
 * Our names, told to MapLibre so a vector basemap's labels give way to them. The names are deck.gl text drawn over
 * the map; the style's top symbol layer (LABEL_BLOCKER_LAYER, invisible) holds the same names at the same places
 * and sizes, and MapLibre's symbol collision hides any basemap label that would run into one. Sent again only when
 * the names drawn change (a zoom step's grid placement, another district version, the map scale).
 */
export class LabelBlockers {
  readonly #map: MapLibreMap;
  readonly #view: DisplayShift;
  #towns: readonly AreaLabel[] | null = null;
  #grids: readonly AreaLabel[] | null = null;
  #scale = 1;

  constructor(map: MapLibreMap, view: DisplayShift) {
    this.#map = map;
    this.#view = view;
  }

  /** `scale`: the map scale the names are drawn at (map-scale.ts) */
  show(towns: readonly AreaLabel[], grids: readonly AreaLabel[], scale: number): void {
    if (towns === this.#towns && grids === this.#grids && scale === this.#scale) return;
    const source = this.#map.getSource(LABEL_SOURCE) as GeoJSONSource | undefined;
    if (!source) return;
    this.#towns = towns;
    this.#grids = grids;
    this.#scale = scale;
    source.setData({
      type: 'FeatureCollection',
      features: [
        ...towns.map((l) => this.#feature(l, TOWN_SIZE_PX * scale)),
        ...grids.map((l) => this.#feature(l, GRID_SIZE_PX * scale))
      ]
    });
  }

  #feature(l: AreaLabel, sizePx: number): GeoJSON.Feature<GeoJSON.Point, BlockerProperties> {
    return {
      type: 'Feature',
      properties: { name: l.name, sizePx },
      geometry: { type: 'Point', coordinates: this.#view.toDisplay(l.position) }
    };
  }
}
