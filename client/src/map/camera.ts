import { LngLatBounds, type Map as MapLibreMap } from 'maplibre-gl';
import type { Incident } from '../../../shared/domain.ts';
import type { Bounds } from '../lib/district.svelte.ts';
import type { DisplayShift } from './display-crs.ts';
import type { TrackDraw } from './layers/track-layers.ts';

/** a place chosen for a new incident; a new object per choice */
export interface PlaceFrame {
  bbox: Bounds;
}

/**
 * Where the dispatch map's camera goes by itself: to a newly selected incident, back to the framed towns when the
 * wall's focus ends, around a newly loaded track, and onto a place chosen for a new incident. Each move happens once per thing moved to, so a redraw or
 * a panel resizing never drags the camera back from where the person put it. Targets are WGS-84, moved to where
 * the map draws them (`view`).
 */

/** zoom the camera comes in to, at least, when an incident is selected: its grid and nearby units readable */
export const FOCUS_ZOOM = 13;

/** pixels of map hidden under panels, left out when centring or fitting */
export interface Padding {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export class MapCamera {
  readonly #map: MapLibreMap;
  readonly #view: DisplayShift;
  #focusedId: string | null = null;
  #framedTrack: TrackDraw | null = null;
  #framedPlace: PlaceFrame | null = null;
  /** whether the camera went to a selection it should come back from (`home`) */
  #awayFromHome = false;

  constructor(map: MapLibreMap, view: DisplayShift) {
    this.#map = map;
    this.#view = view;
  }

  /** Brings a newly selected incident into the middle of the visible map, close enough to read its grid. */
  focus(incident: Incident, padding: Padding): void {
    if (incident.id === this.#focusedId) return;
    this.#focusedId = incident.id;
    this.#awayFromHome = true;
    this.#map.easeTo({
      center: this.#view.toDisplay([incident.lng, incident.lat]),
      zoom: Math.max(this.#map.getZoom(), FOCUS_ZOOM),
      offset: [(padding.left - padding.right) / 2, (padding.top - padding.bottom) / 2],
      duration: 700
    });
  }

  /** After a focus, back to `bounds` (the framed towns or the district); nothing if it never left. */
  home(bounds: () => Bounds, padding: Padding): void {
    if (!this.#awayFromHome) return;
    this.#awayFromHome = false;
    this.#focusedId = null;
    this.#map.fitBounds(this.#view.bounds(bounds()), { padding, duration: 1200 });
  }

  /** Frames a newly loaded track whole, beside the panels. */
  frameTrack(track: TrackDraw, padding: Padding): void {
    if (track === this.#framedTrack) return;
    this.#framedTrack = track;
    const bounds = new LngLatBounds();
    for (const p of track.paths) for (const v of this.#view.path(p.path)) bounds.extend(v);
    bounds.extend(this.#view.toDisplay([track.last.lng, track.last.lat]));
    this.#map.fitBounds(bounds, { padding, maxZoom: 16, duration: 700 });
  }

  /** Frames a place chosen for a new incident whole, beside the panels, so its exact point can be clicked. */
  framePlace(place: PlaceFrame, padding: Padding): void {
    if (place === this.#framedPlace) return;
    this.#framedPlace = place;
    this.#map.fitBounds(this.#view.bounds(place.bbox), { padding, maxZoom: 16, duration: 700 });
  }
}
