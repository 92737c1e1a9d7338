import { Marker, type Map as MapLibreMap } from 'maplibre-gl';
import type { DisplayShift } from './display-crs.ts';
import './focus-pulse.css';

/**
 * The wall's focus: a ring that pulses around the incident in focus. A DOM marker animated by CSS costs no redraw
 * of the overlay, which on a wall PC without a real GPU is the expensive part.
 */
export class FocusPulse {
  readonly #map: MapLibreMap;
  readonly #view: DisplayShift;
  #marker: Marker | null = null;

  constructor(map: MapLibreMap, view: DisplayShift) {
    this.#map = map;
    this.#view = view;
  }

  /** Rings `at`, or removes the ring for null. */
  show(at: { lng: number; lat: number } | null): void {
    if (!at) {
      this.remove();
      return;
    }
    const where = this.#view.toDisplay([at.lng, at.lat]);
    if (this.#marker) {
      this.#marker.setLngLat(where);
      return;
    }
    // the marker places its element by a transform: the animated rings are children, with their own
    const holder = document.createElement('div');
    holder.dataset.testid = 'focus-pulse';
    holder.className = 'focus-marker';
    holder.append(document.createElement('div'), document.createElement('div'));
    this.#marker = new Marker({ element: holder }).setLngLat(where).addTo(this.#map);
  }

  remove(): void {
    this.#marker?.remove();
    this.#marker = null;
  }
}
