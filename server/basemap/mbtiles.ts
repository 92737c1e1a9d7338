import Database from 'better-sqlite3';

/**
 * An MBTiles file (https://github.com/mapbox/mbtiles-spec), read-only: tiles by z/x/y and what its `metadata`
 * table says. MBTiles rows are TMS (y counted from the south), the web map's y from the north: tile() flips it.
 * Vector tiles are usually stored gzipped; the caller sends them with `Content-Encoding: gzip` as they are.
 */

export type TileFormat = 'pbf' | 'png' | 'jpg' | 'webp';

export interface TilesetInfo {
  format: TileFormat;
  minzoom: number;
  maxzoom: number;
  /** the source layer names of a vector tileset (`vector_layers` in its JSON metadata) */
  vectorLayers: string[];
  attribution: string | null;
  /** [west, south, east, north], when the file says */
  bounds: [number, number, number, number] | null;
}

const FORMATS: Record<string, TileFormat> = {
  pbf: 'pbf',
  mvt: 'pbf',
  png: 'png',
  jpg: 'jpg',
  jpeg: 'jpg',
  webp: 'webp'
};

export class MbtilesReader {
  readonly info: TilesetInfo;
  readonly #db: Database.Database;
  readonly #tile: Database.Statement<[number, number, number], { tile_data: Buffer }>;

  /** Opens `file` read-only; throws with the file's name when it is not an MBTiles file we can serve. */
  constructor(file: string) {
    let db: Database.Database;
    try {
      db = new Database(file, { readonly: true, fileMustExist: true });
      db.prepare('SELECT 1 FROM tiles LIMIT 1').get();
    } catch (e) {
      throw new Error(`BASEMAP ${file}: not an MBTiles file (${(e as Error).message})`);
    }
    this.#db = db;
    try {
      this.info = readInfo(db, file);
    } catch (e) {
      db.close();
      throw e;
    }
    this.#tile = db.prepare(
      'SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?'
    );
  }

  /** The stored bytes of tile z/x/y (y from the north, as the web map counts), or null where there is none. */
  tile(z: number, x: number, y: number): Buffer | null {
    const row = this.#tile.get(z, x, (1 << z) - 1 - y);
    return row?.tile_data ?? null;
  }

  close(): void {
    this.#db.close();
  }
}

function readInfo(db: Database.Database, file: string): TilesetInfo {
  const rows = db.prepare('SELECT name, value FROM metadata').all() as Array<{
    name: string;
    value: string;
  }>;
  const meta = new Map(rows.map((r) => [r.name, r.value]));
  const rawFormat = (meta.get('format') ?? '').toLowerCase();
  const format = FORMATS[rawFormat];
  if (!format)
    throw new Error(
      `BASEMAP ${file}: metadata format "${rawFormat}" is not one of pbf, png, jpg, webp`
    );
  const zooms = db
    .prepare('SELECT MIN(zoom_level) AS lo, MAX(zoom_level) AS hi FROM tiles')
    .get() as { lo: number | null; hi: number | null };
  const minzoom = numberOr(meta.get('minzoom'), zooms.lo ?? 0);
  const maxzoom = numberOr(meta.get('maxzoom'), zooms.hi ?? 14);
  return {
    format,
    minzoom,
    maxzoom,
    vectorLayers: format === 'pbf' ? vectorLayers(meta.get('json'), file) : [],
    attribution: meta.get('attribution') || null,
    bounds: boundsOf(meta.get('bounds'))
  };
}

function vectorLayers(json: string | undefined, file: string): string[] {
  if (!json) return [];
  try {
    const parsed = JSON.parse(json) as { vector_layers?: Array<{ id?: unknown }> };
    return (parsed.vector_layers ?? []).map((l) => l.id).filter((id) => typeof id === 'string');
  } catch {
    throw new Error(`BASEMAP ${file}: metadata json is not JSON`);
  }
}

function numberOr(raw: string | undefined, fallback: number): number {
  const n = Number(raw);
  return raw !== undefined && raw !== '' && Number.isFinite(n) ? n : fallback;
}

function boundsOf(raw: string | undefined): [number, number, number, number] | null {
  const parts = (raw ?? '').split(',').map(Number);
  return parts.length === 4 && parts.every(Number.isFinite)
    ? (parts as [number, number, number, number])
    : null;
}
