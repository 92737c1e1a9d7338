/**
 * Read-only numbers for the browser tests, as `window.__gridwatch`. They report what the map layers were actually
 * given, not what the stores hold, so a test that sees units here has seen them reach deck.gl.
 */

export interface GridwatchProbes {
  /** units with a position in the data last handed to the units layer */
  unitsDrawn(): number;
  /** incident pins last handed to the incidents layer */
  incidentsDrawn(): number;
  /** grids in the district data given to the map style */
  gridsDrawn(): number;
  /** changes whenever a drawn unit moves */
  unitPositionDigest(): number;
  /** seq of the last incident change applied */
  lastSeq(): number;
  /** binary position frames applied */
  frames(): number;
  /** syncs received, one per (re)connect */
  syncs(): number;
  /** whether the last sync was a snapshot or a replay of missed events */
  lastSync(): 'snapshot' | 'events' | null;
  /** whether the map style and the deck.gl overlay are both up */
  mapReady(): boolean;
  /** where on the page an incident's pin is, or null while the camera moves or the incident is unknown */
  incidentScreenPoint(id: string): [x: number, y: number] | null;
}

declare global {
  interface Window {
    __gridwatch?: Readonly<GridwatchProbes>;
  }
}

/** What the map writes as it hands data to its layers. */
export const mapStats = {
  unitsDrawn: 0,
  incidentsDrawn: 0,
  gridsDrawn: 0,
  unitPositionDigest: 0,
  ready: false,
  /** page pixel of a [lng, lat], or null while the camera moves */
  screenPoint: (() => null) as (lng: number, lat: number) => [number, number] | null
};

export function installProbes(source: {
  lastSeq(): number;
  frames(): number;
  syncs(): number;
  lastSync(): 'snapshot' | 'events' | null;
  incidentAt(id: string): [lng: number, lat: number] | null;
}): void {
  const probes: GridwatchProbes = {
    unitsDrawn: () => mapStats.unitsDrawn,
    incidentsDrawn: () => mapStats.incidentsDrawn,
    gridsDrawn: () => mapStats.gridsDrawn,
    unitPositionDigest: () => mapStats.unitPositionDigest,
    lastSeq: () => source.lastSeq(),
    frames: () => source.frames(),
    syncs: () => source.syncs(),
    lastSync: () => source.lastSync(),
    mapReady: () => mapStats.ready,
    incidentScreenPoint: (id) => {
      const at = source.incidentAt(id);
      return at ? mapStats.screenPoint(at[0], at[1]) : null;
    }
  };
  window.__gridwatch = Object.freeze(probes);
}
