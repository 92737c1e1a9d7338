import { createReadStream, statSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode, failure } from '../../shared/result.ts';
import { ROUTE_ACCESS } from '../access/permissions.ts';
import { PMTILES_PATH, type Basemap } from '../basemap/basemap.ts';
import type { MbtilesReader, TileFormat } from '../basemap/mbtiles.ts';

/**
 * The basemap file's tiles, on the Gridwatch origin: `GET /tiles/{z}/{x}/{y}` from an MBTiles file (204 where the
 * file has no tile, so the map draws nothing there without an error), and `GET /basemap.pmtiles`, the PMTiles
 * archive itself, read by the browser in HTTP Range requests. Public, like the map style. Each route exists only
 * with its kind of basemap.
 */

const CONTENT_TYPE: Record<TileFormat, string> = {
  pbf: 'application/vnd.mapbox-vector-tile',
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp'
};
const MAX_ZOOM = 24;
/** tiles and the archive may be replaced at a restart: kept an hour */
const CACHE = 'public, max-age=3600';

export default async function tileRoutes(
  app: FastifyInstance,
  opts: { basemap: Basemap }
): Promise<void> {
  const { mbtiles, pmtiles } = opts.basemap;
  if (mbtiles) mbtilesRoute(app, mbtiles);
  if (pmtiles) pmtilesRoute(app, pmtiles);
}

function mbtilesRoute(app: FastifyInstance, mbtiles: MbtilesReader): void {
  app.get<{ Params: { z: string; x: string; y: string } }>(
    '/tiles/:z/:x/:y',
    { config: { access: ROUTE_ACCESS.public } },
    async (req, reply) => {
      const at = tileAddress(req.params.z, req.params.x, req.params.y);
      if (!at) return notFound(req, reply);
      const data = mbtiles.tile(at.z, at.x, at.y);
      if (!data) return reply.code(204).header('cache-control', CACHE).send();
      reply.header('cache-control', CACHE).type(CONTENT_TYPE[mbtiles.info.format]);
      // vector tiles are mostly stored gzipped: sent as they are, the browser unpacks them
      if (data[0] === 0x1f && data[1] === 0x8b) reply.header('content-encoding', 'gzip');
      return reply.send(data);
    }
  );
}

function pmtilesRoute(app: FastifyInstance, pmtiles: string): void {
  app.get(PMTILES_PATH, { config: { access: ROUTE_ACCESS.public } }, async (req, reply) => {
    const stat = statSync(pmtiles);
    const size = stat.size;
    reply
      .header('accept-ranges', 'bytes')
      .header('cache-control', CACHE)
      // the pmtiles reader compares it between requests, to notice a replaced archive
      .header('etag', `"${size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`)
      .type('application/vnd.pmtiles');
    const range = byteRange(req.headers.range, size);
    if (range === 'unsatisfiable')
      return reply.code(416).header('content-range', `bytes */${size}`).send();
    if (!range) return reply.header('content-length', size).send(createReadStream(pmtiles));
    const { start, end } = range;
    return reply
      .code(206)
      .header('content-range', `bytes ${start}-${end}/${size}`)
      .header('content-length', end - start + 1)
      .send(createReadStream(pmtiles, { start, end }));
  });
}

/** z/x/y as the web map counts them, or null for anything outside the tile pyramid (`.pbf`, `.png` allowed) */
function tileAddress(
  zs: string,
  xs: string,
  ys: string
): { z: number; x: number; y: number } | null {
  const [z, x, y] = [zs, xs, ys.replace(/\.[a-z]+$/i, '')].map((s) =>
    /^\d{1,8}$/.test(s) ? Number(s) : -1
  );
  if (z < 0 || z > MAX_ZOOM) return null;
  const n = 2 ** z;
  return x >= 0 && x < n && y >= 0 && y < n ? { z, x, y } : null;
}

/**
 * One `bytes=a-b`, `bytes=a-` or `bytes=-n` range within `size` bytes; null to send the whole file (no Range, or
 * several ranges, which a server may answer whole); 'unsatisfiable' for one that starts past the end.
 */
function byteRange(
  header: string | undefined,
  size: number
): { start: number; end: number } | null | 'unsatisfiable' {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

function notFound(req: FastifyRequest, reply: FastifyReply) {
  return reply.code(404).send(
    failure(ErrorCode.NOT_FOUND, 'route_not_found', {
      method: 'GET',
      path: req.url.split('?')[0]
    })
  );
}
