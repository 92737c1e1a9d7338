import { createHash } from 'node:crypto';
import { statSync, type Stats } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, posix, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { ErrorCode, failure } from '../shared/result.ts';
import { ROUTE_ACCESS } from './access/permissions.ts';

/**
 * The built client (CLIENT_DIR): its files, and index.html for every screen route (the client routes by path).
 *
 * `vite build` empties the folder and writes it anew. Watched once (Vite 8): the folder had no index.html for
 * about 2 s, then index.html came together with the bundle's last files (written in parallel, not after them),
 * and the PWA plugin's sw.js about 2 s later, in two writes. So the server holds the last complete build in memory
 * and serves it while the folder is rewritten: a screen loaded in the middle gets the old index.html and every
 * file it leads to. A build is complete when its index.html is (non-empty, with its `</html>`) and has not
 * changed for SETTLE_MS. While the folder's index.html is the one in force the folder is the truth (a file
 * written after the build was taken up, like sw.js, is read again); while it is not, memory is. Files of the
 * build before stay where the new one has none of that name, so a page loaded on the old index.html can still
 * fetch a chunk or a font it had not needed yet.
 */

/** how long index.html must stay unchanged before its build is taken up */
export const SETTLE_MS = 1000;
/** memory for the build in force and what is left of the one before it; larger files are served from the folder */
export const HELD_BYTES = 64 * 1024 * 1024;

export async function serveClient(app: FastifyInstance, dir: string | null): Promise<void> {
  const files = dir === null ? null : new ClientFiles(dir);
  if (dir !== null) await app.register(fastifyStatic, { root: dir, serve: false });
  // take up the build already there now rather than on the first request
  void files?.file('index.html');
  app.get<{ Params: { '*': string } }>(
    '/*',
    { config: { access: ROUTE_ACCESS.public } },
    async (req, reply) => {
      const path = req.params['*'];
      if (files && !path.startsWith('api/')) {
        let name = posix.normalize(path);
        let found = name.startsWith('..') || path === '' ? null : await files.file(name);
        if (!found && !path.includes('.')) {
          name = 'index.html';
          found = await files.file(name);
        }
        if (found === 'folder') {
          if (name === 'index.html') reply.type(TYPES['.html']);
          return reply.sendFile(name);
        }
        if (found) return send(req, reply, found);
      }
      return reply
        .code(404)
        .send(failure(ErrorCode.NOT_FOUND, 'route_not_found', { method: 'GET', path: `/${path}` }));
    }
  );
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send(
      failure(ErrorCode.NOT_FOUND, 'route_not_found', {
        method: req.method,
        path: req.url.split('?')[0]
      })
    )
  );
}

/** A file held in memory, with what the folder said of it when it was read. */
export interface HeldFile {
  body: Buffer;
  type: string;
  etag: string;
  modified: string;
  size: number;
  mtimeMs: number;
}

/** One complete build: its index.html's stamp and the files held of it, by path under the folder. */
interface Build {
  stamp: string;
  files: Map<string, HeldFile>;
  bytes: number;
}

export class ClientFiles {
  readonly #dir: string;
  readonly #settleMs: number;
  readonly #heldBytes: number;
  #build: Build | null = null;
  /** files of the build before that the one in force has not: a page loaded on it may still ask for them */
  #previous = new Map<string, HeldFile>();
  #previousBytes = 0;
  /** an index.html read and found incomplete: not read again until it changes */
  #refused: string | null = null;
  #adopting: Promise<void> | null = null;

  constructor(dir: string, opts: { settleMs?: number; heldBytes?: number } = {}) {
    this.#dir = dir;
    this.#settleMs = opts.settleMs ?? SETTLE_MS;
    this.#heldBytes = opts.heldBytes ?? HELD_BYTES;
  }

  /**
   * The file at `path` (normalised, under the folder) of the build in force: held in memory, `'folder'` when it
   * cannot be held and the folder still has that build, or null.
   */
  async file(path: string): Promise<HeldFile | 'folder' | null> {
    const build = await this.#current();
    if (!build) return null;
    if (stampOf(join(this.#dir, 'index.html')) === build.stamp) {
      const onDisk = statOrNull(join(this.#dir, path));
      if (onDisk?.isFile()) {
        const held = build.files.get(path);
        if (held && held.size === onDisk.size && held.mtimeMs === onDisk.mtimeMs) return held;
        const budget = this.#heldBytes - this.#previousBytes;
        return (await this.#hold(build, path, budget)) ?? 'folder';
      }
    }
    return build.files.get(path) ?? this.#previous.get(path) ?? null;
  }

  /** The build in force, after taking up a newer complete one; waits for a first build that is settling. */
  async #current(): Promise<Build | null> {
    const seen = statOrNull(join(this.#dir, 'index.html'));
    const stamp = stampOf(seen);
    if (!seen || stamp === this.#build?.stamp || stamp === this.#refused) return this.#build;
    // only a file written just now is settling: a clock set back must not hold a build off for hours
    const waitMs = this.#settleMs - Math.abs(Date.now() - seen.mtimeMs);
    if (waitMs > 0) {
      if (this.#build) return this.#build;
      await sleep(waitMs);
    }
    this.#adopting ??= this.#adopt().finally(() => (this.#adopting = null));
    await this.#adopting;
    return this.#build;
  }

  /** Reads the folder's build and puts it in force, if it is complete and did not change while being read. */
  async #adopt(): Promise<void> {
    const indexPath = join(this.#dir, 'index.html');
    const stamp = stampOf(indexPath);
    if (stamp === null || stamp === this.#build?.stamp) return;
    const index = await readOrNull(indexPath);
    if (!index) return;
    if (!complete(index)) {
      this.#refused = stamp;
      return;
    }
    let paths: string[];
    try {
      paths = (await readdir(this.#dir, { recursive: true })).map((p) => p.split(sep).join('/'));
    } catch {
      return;
    }
    const next: Build = { stamp, files: new Map(), bytes: 0 };
    // the page first, so that a build too large to hold whole still has it
    for (const path of ['index.html', ...paths.filter((p) => p !== 'index.html')]) {
      await this.#hold(next, path, this.#heldBytes);
    }
    // a new build started while this one was read: keep the one in force and look again on a later request
    if (stampOf(indexPath) !== stamp) return;
    if (!next.files.has('index.html')) {
      this.#refused = stamp;
      return;
    }
    const previous = new Map<string, HeldFile>();
    let previousBytes = 0;
    for (const [path, file] of this.#build?.files ?? []) {
      if (next.files.has(path) || next.bytes + previousBytes + file.size > this.#heldBytes)
        continue;
      previous.set(path, file);
      previousBytes += file.size;
    }
    this.#build = next;
    this.#previous = previous;
    this.#previousBytes = previousBytes;
  }

  /** Reads a file of the folder into `build` within `budget` bytes for the build; null if not (or it is gone). */
  async #hold(build: Build, path: string, budget: number): Promise<HeldFile | null> {
    const full = join(this.#dir, path);
    const before = statOrNull(full);
    if (!before?.isFile()) return null;
    if (build.bytes - (build.files.get(path)?.size ?? 0) + before.size > budget) return null;
    const body = await readOrNull(full);
    const after = statOrNull(full);
    // being written as we read: the next request reads it again
    if (!body || after?.mtimeMs !== before.mtimeMs || body.length !== after.size) return null;
    const file: HeldFile = {
      body,
      type: typeOf(path),
      etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
      modified: after.mtime.toUTCString(),
      size: after.size,
      mtimeMs: after.mtimeMs
    };
    build.bytes += file.size - (build.files.get(path)?.size ?? 0);
    build.files.set(path, file);
    return file;
  }
}

/** A held file as @fastify/static would send it (validators, no caching without revalidation). */
function send(req: FastifyRequest, reply: FastifyReply, file: HeldFile): FastifyReply {
  reply
    .header('content-type', file.type)
    .header('etag', file.etag)
    .header('last-modified', file.modified)
    .header('cache-control', 'public, max-age=0');
  const match = req.headers['if-none-match'];
  if (match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === file.etag)) {
    return reply.code(304).send();
  }
  return reply.send(file.body);
}

/** a page read while it is being written (or whose writing stopped) has no end yet */
function complete(index: Buffer): boolean {
  return index.length > 0 && index.includes('</html>');
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm'
};

function typeOf(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** what tells one index.html from another: a rewrite in place changes the time, a new file the inode */
function stampOf(file: string | Stats | null): string | null {
  const s = typeof file === 'string' ? statOrNull(file) : file;
  return s && `${s.ino}:${s.size}:${s.mtimeMs}`;
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

async function readOrNull(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch {
    return null;
  }
}
