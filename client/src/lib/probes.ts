import type { Role } from '../../../shared/access.ts';
import type { DrawnUnit } from './units.svelte.ts';
import type { CoverageBand } from './coverage-bands.ts';
import { dictionaryKeys } from './i18n.ts';

/**
 * Read-only numbers for the browser tests, as `window.__gridwatch`. They report what the map layers were actually
 * given, not what the stores hold, so a test that sees units here has seen them reach deck.gl.
 */

export interface DrawnPin {
  id: string;
  townCode: string;
}

/** what the track layers were last given (a unit's track on the desk) */
export interface DrawnTrack {
  unitId: string;
  /** kept points in the track */
  points: number;
  /** paths handed to the path layer (one per speed band run) and their vertices */
  paths: number;
  vertices: number;
}

/** what the blind-spot layers were last given: each grid's band and the suggested moves drawn */
export interface DrawnCoverage {
  /** server time of the picture */
  at: number;
  /** `filled`: whether the layer tints the grid (a wall tints only the gaps) */
  grids: Array<{
    code: string;
    townCode: string;
    band: CoverageBand;
    etaS: number | null;
    filled: boolean;
  }>;
  moves: Array<{ unitId: string; gridCode: string; etaS: number }>;
}

/** what the history layer was last given, and the count range its aggregation came to (null until it ran) */
export interface DrawnHistory {
  days: number;
  points: number;
  colorDomain: [min: number, max: number] | null;
}

/** how large the map draws its names and pins on screen, in CSS pixels, as the layers were handed them */
export interface DrawnSizes {
  /** the text size of a town's name and of a grid's */
  townLabelPx: number;
  gridLabelPx: number;
  /** the diameter of the smallest incident pin, or null with none drawn */
  pinPx: number | null;
}

/** the incident a wall's pulsing ring marks */
export interface DrawnFocus {
  incidentId: string;
  lng: number;
  lat: number;
}

/** a basemap label MapLibre placed (not hidden by collision), and where on the page its anchor is */
export interface DrawnBasemapLabel {
  name: string;
  at: [x: number, y: number];
}

/** the camera: the point in the middle of the map's unobstructed part (inside the panels' padding) */
export interface MapView {
  centre: [lng: number, lat: number];
  zoom: number;
  moving: boolean;
}

export interface GridwatchProbes {
  /** units with a position in the data last handed to the units layer */
  unitsDrawn(): number;
  /** those units, with where they are and the incident they work */
  unitsDrawnList(): DrawnUnit[];
  /** incident pins last handed to the incidents layer */
  incidentsDrawn(): number;
  /** those pins' ids and towns */
  incidentsDrawnList(): DrawnPin[];
  /** grids in the district data given to the map style */
  gridsDrawn(): number;
  /** changes whenever a drawn unit moves */
  unitPositionDigest(): number;
  /** seq of the last incident change applied */
  lastSeq(): number;
  /** binary position frames applied */
  frames(): number;
  /** position frames that failed to decode and were dropped */
  badFrames(): number;
  /** syncs received, one per (re)connect */
  syncs(): number;
  /** whether the last sync was a snapshot or a replay of missed events */
  lastSync(): 'snapshot' | 'events' | null;
  /** whether the map style and the deck.gl overlay are both up */
  mapReady(): boolean;
  /** the visible map as [west, south, east, north], or null without a map */
  mapBounds(): [number, number, number, number] | null;
  /** the towns the map keeps in view (the rest is masked), or null for the whole district */
  scopeTowns(): string[] | null;
  /** the signed-in account as the page knows it */
  account(): { username: string; role: Role; towns: string[] | null } | null;
  /** where on the page an incident's pin is, or null while the camera moves or the incident is unknown */
  incidentScreenPoint(id: string): [x: number, y: number] | null;
  /** where on the page a drawn unit is, or null while the camera moves or the unit is not drawn */
  unitScreenPoint(id: string): [x: number, y: number] | null;
  /** the unit track the map draws, or null */
  trackDrawn(): DrawnTrack | null;
  /** the blind-spot layer's grids and moves, or null while the layer is off */
  coverageDrawn(): DrawnCoverage | null;
  /** the history layer's input, or null while it is off */
  historyDrawn(): DrawnHistory | null;
  /** the trails layer's paths and vertices, or null while it is off */
  trailsDrawn(): { paths: number; vertices: number } | null;
  /** ids of the incidents drawn with an overdue halo */
  overdueHalos(): string[];
  /** the incident the pulsing ring marks, or null */
  focusDrawn(): DrawnFocus | null;
  /** codes of the grids whose names the map draws (none below the grid labels' zoom; only names that fit) */
  gridLabelsDrawn(): string[];
  /** the size names and pins are drawn at, or null before the map draws */
  sizesDrawn(): DrawnSizes | null;
  /** where the camera looks, or null without a map */
  mapView(): MapView | null;
  /** the datum the map draws in (the basemap's: gcj02 shifts everything drawn), or null without a map */
  mapCrs(): 'wgs84' | 'gcj02' | null;
  /** where on the page a point in the map's drawing datum lies (no shift applied), or null while moving */
  mapPixel(lng: number, lat: number): [x: number, y: number] | null;
  /** whether the style and every tile in view are loaded and the camera is still */
  basemapIdle(): boolean;
  /** the basemap's labels MapLibre shows now (those that collided with ours or each other are not) */
  basemapLabels(): DrawnBasemapLabel[];
  /** whether alert tones can sound (audio was started by a user gesture) */
  soundEnabled(): boolean;
  /** tones played since the page loaded, by kind (escalation, p1, offer, breach, warning) */
  tonesPlayed(): Record<string, number>;
  /** every message key of the Chinese and the English table, as dotted paths */
  dictionaries(): { zh: string[]; en: string[] };
}

declare global {
  interface Window {
    __gridwatch?: Readonly<GridwatchProbes>;
  }
}

/** What the map writes as it hands data to its layers. */
export const mapStats = {
  unitsDrawn: 0,
  unitsDrawnList: (() => []) as () => DrawnUnit[],
  incidentsDrawn: 0,
  incidentsDrawnList: (() => []) as () => DrawnPin[],
  gridsDrawn: 0,
  unitPositionDigest: 0,
  ready: false,
  scopeTowns: null as string[] | null,
  track: null as DrawnTrack | null,
  bounds: (() => null) as () => [number, number, number, number] | null,
  coverage: (() => null) as () => DrawnCoverage | null,
  history: null as DrawnHistory | null,
  trails: null as { paths: number; vertices: number } | null,
  overdue: [] as string[],
  focus: null as DrawnFocus | null,
  gridLabels: [] as string[],
  sizes: (() => null) as () => DrawnSizes | null,
  view: (() => null) as () => MapView | null,
  crs: null as 'wgs84' | 'gcj02' | null,
  pixel: (() => null) as (lng: number, lat: number) => [number, number] | null,
  basemapIdle: () => false,
  basemapLabels: (() => []) as () => DrawnBasemapLabel[],
  /** page pixel of a [lng, lat], or null while the camera moves */
  screenPoint: (() => null) as (lng: number, lat: number) => [number, number] | null
};

/** What the alarm writes as it plays. */
export const soundStats = {
  enabled: false,
  tones: { escalation: 0, p1: 0, offer: 0, breach: 0, warning: 0 } as Record<string, number>
};

export interface ProbeSource {
  lastSeq(): number;
  frames(): number;
  badFrames(): number;
  syncs(): number;
  lastSync(): 'snapshot' | 'events' | null;
  incidentAt(id: string): [lng: number, lat: number] | null;
  account(): { username: string; role: Role; towns: string[] | null } | null;
}

export function installProbes(source: ProbeSource): void {
  const probes: GridwatchProbes = {
    unitsDrawn: () => mapStats.unitsDrawn,
    unitsDrawnList: () => mapStats.unitsDrawnList(),
    incidentsDrawn: () => mapStats.incidentsDrawn,
    incidentsDrawnList: () => mapStats.incidentsDrawnList(),
    gridsDrawn: () => mapStats.gridsDrawn,
    unitPositionDigest: () => mapStats.unitPositionDigest,
    lastSeq: () => source.lastSeq(),
    frames: () => source.frames(),
    badFrames: () => source.badFrames(),
    syncs: () => source.syncs(),
    lastSync: () => source.lastSync(),
    mapReady: () => mapStats.ready,
    mapBounds: () => mapStats.bounds(),
    scopeTowns: () => mapStats.scopeTowns && [...mapStats.scopeTowns],
    account: () => source.account(),
    incidentScreenPoint: (id) => {
      const at = source.incidentAt(id);
      return at ? mapStats.screenPoint(at[0], at[1]) : null;
    },
    unitScreenPoint: (id) => {
      const u = mapStats.unitsDrawnList().find((d) => d.id === id);
      return u ? mapStats.screenPoint(u.lng, u.lat) : null;
    },
    trackDrawn: () => mapStats.track && { ...mapStats.track },
    coverageDrawn: () => mapStats.coverage(),
    historyDrawn: () => mapStats.history && { ...mapStats.history },
    trailsDrawn: () => mapStats.trails && { ...mapStats.trails },
    overdueHalos: () => [...mapStats.overdue],
    focusDrawn: () => mapStats.focus && { ...mapStats.focus },
    gridLabelsDrawn: () => [...mapStats.gridLabels],
    sizesDrawn: () => mapStats.sizes(),
    mapView: () => mapStats.view(),
    mapCrs: () => mapStats.crs,
    mapPixel: (lng, lat) => mapStats.pixel(lng, lat),
    basemapIdle: () => mapStats.basemapIdle(),
    basemapLabels: () => mapStats.basemapLabels(),
    soundEnabled: () => soundStats.enabled,
    tonesPlayed: () => ({ ...soundStats.tones }),
    dictionaries: () => dictionaryKeys()
  };
  window.__gridwatch = Object.freeze(probes);
}
