import type { Map as MapLibreMap } from 'maplibre-gl';
import { msg } from '../lib/i18n.ts';
import { locale } from '../lib/locale.svelte.ts';

/**
 * MapLibre's own interface words (its canvas's label, the attribution and zoom buttons) in the screen's language.
 * They are read by screen readers and shown as tooltips, so a Chinese screen must not say "Map". MapLibre takes its
 * `locale` once, at creation; `followLocale` words them again whenever the screen's language changes.
 */
export function mapLocale(): Record<string, string> {
  return {
    'Map.Title': msg.mapUi.map,
    'AttributionControl.ToggleAttribution': msg.mapUi.attribution,
    'Marker.Title': msg.mapUi.marker,
    'LogoControl.Title': msg.mapUi.logo,
    'NavigationControl.ZoomIn': msg.mapUi.zoomIn,
    'NavigationControl.ZoomOut': msg.mapUi.zoomOut
  };
}

/** Keeps the map's own words in the current language; returns the function that stops. */
export function followLocale(map: MapLibreMap): () => void {
  return $effect.root(() => {
    $effect(() => {
      void locale.current;
      map.getCanvas().setAttribute('aria-label', msg.mapUi.map);
      const box = map.getContainer();
      const label = (selector: string, text: string) => {
        for (const el of box.querySelectorAll(selector)) {
          el.setAttribute('aria-label', text);
          el.setAttribute('title', text);
        }
      };
      label('.maplibregl-ctrl-attrib-button', msg.mapUi.attribution);
      label('.maplibregl-ctrl-zoom-in', msg.mapUi.zoomIn);
      label('.maplibregl-ctrl-zoom-out', msg.mapUi.zoomOut);
    });
  });
}
