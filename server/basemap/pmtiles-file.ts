import { closeSync, openSync, readSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Compression, PMTiles, TileType, type RangeResponse, type Source } from 'pmtiles';
import type { TileFormat, TilesetInfo } from './mbtiles.ts';

/**
 * What a PMTiles archive (https://github.com/protomaps/PMTiles) holds, read once at start through the pmtiles
 * package from the local file. The server never serves its tiles one by one: the browser reads the archive itself
 * with HTTP Range requests (routes/tiles.ts) through the pmtiles protocol.
 */

const FORMATS: Partial<Record<TileType, TileFormat>> = {
  [TileType.Mvt]: 'pbf',
  [TileType.Png]: 'png',
  [TileType.Jpeg]: 'jpg',
  [TileType.Webp]: 'webp'
};

export async function readPmtilesInfo(file: string): Promise<TilesetInfo> {
  const source = new FileRangeSource(file);
  try {
    const archive = new PMTiles(source, undefined, decompress);
    let header;
    try {
      header = await archive.getHeader();
    } catch (e) {
      throw new Error(`BASEMAP ${file}: not a PMTiles v3 archive (${(e as Error).message})`);
    }
    const format = FORMATS[header.tileType];
    if (!format)
      throw new Error(
        `BASEMAP ${file}: tile type ${TileType[header.tileType] ?? header.tileType} is not served (MVT, PNG, JPEG, WebP)`
      );
    const meta = ((await archive.getMetadata()) ?? {}) as {
      vector_layers?: Array<{ id?: unknown }>;
      attribution?: unknown;
    };
    return {
      format,
      minzoom: header.minZoom,
      maxzoom: header.maxZoom,
      vectorLayers: (meta.vector_layers ?? [])
        .map((l) => l.id)
        .filter((id): id is string => typeof id === 'string'),
      attribution: typeof meta.attribution === 'string' ? meta.attribution : null,
      bounds: [header.minLon, header.minLat, header.maxLon, header.maxLat]
    };
  } finally {
    source.close();
  }
}

/** the archive's bytes from the file, as the pmtiles package asks for them */
class FileRangeSource implements Source {
  readonly #file: string;
  readonly #fd: number;

  constructor(file: string) {
    this.#file = file;
    this.#fd = openSync(file, 'r');
  }

  getKey(): string {
    return this.#file;
  }

  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const buf = Buffer.alloc(length);
    const n = readSync(this.#fd, buf, 0, length, offset);
    const data = buf.buffer.slice(buf.byteOffset, buf.byteOffset + n) as ArrayBuffer;
    return { data };
  }

  close(): void {
    closeSync(this.#fd);
  }
}

async function decompress(buf: ArrayBuffer, compression: Compression): Promise<ArrayBuffer> {
  if (compression === Compression.None || compression === Compression.Unknown) return buf;
  if (compression === Compression.Gzip) {
    const out = gunzipSync(new Uint8Array(buf));
    return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer;
  }
  throw new Error(`compression ${Compression[compression]} is not supported`);
}
