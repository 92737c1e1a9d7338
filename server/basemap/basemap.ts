import type {
  LayerSpecification,
  RasterLayerSpecification,
  SourceSpecification
} from '@maplibre/maplibre-gl-style-spec';
import type { BasemapPart, MapTheme } from '../../shared/map-style.ts';
import type { BasemapConfig } from './config.ts';
import { MbtilesReader, type TilesetInfo } from './mbtiles.ts';
import { readPmtilesInfo } from './pmtiles-file.ts';
import { vectorLayers, vectorSchema, type VectorSchema } from './vector-layers.ts';

/**
 * The configured basemap, opened once at start: what its tiles are (vector in a known schema, or raster), where
 * the browser gets them, and its part of the map style for each theme. Everything the browser fetches for a file
 * basemap is on the Gridwatch origin: `/tiles/{z}/{x}/{y}` for MBTiles, `/basemap.pmtiles` by Range for PMTiles.
 */

export const TILE_PATH = '/tiles/{z}/{x}/{y}';
export const PMTILES_PATH = '/basemap.pmtiles';
/** what a style names a same-origin PMTiles archive by; the client puts its own origin after `pmtiles://` */
export const PMTILES_URL = `pmtiles://${PMTILES_PATH}`;
const SOURCE = 'basemap';
/** raster tiles are assumed to be 256 px, as XYZ caches and Tianditu's are */
const RASTER_TILE_PX = 256;

export interface Basemap {
  config: BasemapConfig;
  kind: 'none' | 'vector' | 'raster';
  /** the tileset's description, for a file */
  info: TilesetInfo | null;
  schema: VectorSchema | null;
  /** the MBTiles file, when the basemap is one */
  mbtiles: MbtilesReader | null;
  /** the PMTiles file's path, when the basemap is one */
  pmtiles: string | null;
  /** plain text (a file's metadata may hold HTML: tags are dropped) */
  attribution: string | null;
  close(): void;
}

/** Opens the configured basemap; throws a sentence naming the file when it cannot be served. */
export async function openBasemap(config: BasemapConfig): Promise<Basemap> {
  const src = config.source;
  const given = config.attribution;
  if (src.type === 'none') return described(config, 'none', null, null, null, null, given);
  if (src.type === 'remote') return described(config, 'raster', null, null, null, null, given);
  const mbtiles = src.format === 'mbtiles' ? new MbtilesReader(src.path) : null;
  try {
    const info = mbtiles ? mbtiles.info : await readPmtilesInfo(src.path);
    const kind = info.format === 'pbf' ? 'vector' : 'raster';
    const schema = kind === 'vector' ? vectorSchema(info.vectorLayers) : null;
    if (kind === 'vector' && !schema)
      throw new Error(
        `BASEMAP ${src.path}: vector layers [${info.vectorLayers.join(', ')}] follow neither the OpenMapTiles nor the Protomaps schema`
      );
    const pmtiles = src.format === 'pmtiles' ? src.path : null;
    return described(config, kind, info, schema, mbtiles, pmtiles, given ?? info.attribution);
  } catch (e) {
    mbtiles?.close();
    throw e;
  }
}

/** The basemap's sources and layers for a theme, or null without a basemap. */
export function basemapPart(b: Basemap, theme: MapTheme): BasemapPart | null {
  if (b.kind === 'none') return null;
  const src = b.config.source;
  const attribution = b.attribution ?? undefined;
  if (src.type === 'remote') {
    // one raster source and layer per template, in the order given (Tianditu: roads, then their labels)
    const sources: Record<string, SourceSpecification> = {};
    const layers: LayerSpecification[] = [];
    src.layers.forEach((tiles, i) => {
      const id = `${SOURCE}-${i}`;
      sources[id] = {
        type: 'raster',
        tiles,
        tileSize: RASTER_TILE_PX,
        ...(i === 0 && { attribution })
      };
      layers.push(rasterLayer(id, theme));
    });
    return { kind: 'raster', sources, layers, crs: b.config.crs };
  }
  const info = b.info!;
  const where = b.pmtiles
    ? { url: PMTILES_URL }
    : { tiles: [TILE_PATH], minzoom: info.minzoom, maxzoom: info.maxzoom };
  const bounds = info.bounds && !b.pmtiles ? { bounds: info.bounds } : {};
  if (b.kind === 'raster') {
    return {
      kind: 'raster',
      sources: {
        [SOURCE]: { type: 'raster', ...where, ...bounds, tileSize: RASTER_TILE_PX, attribution }
      },
      layers: [rasterLayer(SOURCE, theme)],
      crs: b.config.crs
    };
  }
  return {
    kind: 'vector',
    sources: { [SOURCE]: { type: 'vector', ...where, ...bounds, attribution } },
    layers: vectorLayers(b.schema!, SOURCE, theme),
    crs: b.config.crs
  };
}

/**
 * A raster basemap as drawn: as it is by day; for dark screens its brightness turned over (white ground to
 * near black, dark ink to light) and its hues turned back, the usual dark rendering of a light tile set.
 */
function rasterLayer(source: string, theme: MapTheme): RasterLayerSpecification {
  const paint: RasterLayerSpecification['paint'] =
    theme === 'dark'
      ? {
          'raster-brightness-min': 0.82,
          'raster-brightness-max': 0.06,
          'raster-hue-rotate': 180,
          'raster-saturation': -0.45,
          'raster-contrast': 0.1
        }
      : {};
  return { id: source, type: 'raster', source, paint };
}

function described(
  config: BasemapConfig,
  kind: Basemap['kind'],
  info: TilesetInfo | null,
  schema: VectorSchema | null,
  mbtiles: MbtilesReader | null,
  pmtiles: string | null,
  attribution: string | null
): Basemap {
  return {
    config,
    kind,
    info,
    schema,
    mbtiles,
    pmtiles,
    attribution: attribution ? plainText(attribution) : null,
    close: () => mbtiles?.close()
  };
}

/**
 * An attribution as text: MapLibre shows it as HTML, and a file's metadata is not ours to trust, so tags and any
 * stray angle bracket go; entities stay as they are (they show as the characters they stand for).
 */
function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/[<>]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
