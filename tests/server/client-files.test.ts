import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clientIndex, fakeClientDir, startServer, writeClientBuild } from '../fixtures/server.ts';

/**
 * The built client while `vite build` rewrites its folder: the folder emptied, the new files appearing, the page
 * cut short, then complete. Each step is what Vite was seen doing to dist/client; every screen route answers the
 * last complete build throughout and the new one once it has settled.
 */

type Server = Awaited<ReturnType<typeof startServer>>;

const OLD_CODE = 'console.log(1)';
const NEW = { script: 'app-2.js', code: 'console.log(2)', title: '网格指挥 v2' };

let server: Server | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function serve(dir: string): Promise<Server> {
  server = await startServer({ units: 5, clientDir: dir });
  return server;
}

/** what `emptyOutDir` does: the folder stays, everything in it goes */
function empty(dir: string): void {
  rmSync(join(dir, 'index.html'), { force: true });
  rmSync(join(dir, 'assets'), { recursive: true, force: true });
}

/** a file as Vite leaves it, dated `ageMs` ago */
function write(path: string, text: string, ageMs = 60_000): void {
  writeFileSync(path, text);
  age(path, ageMs);
}

function age(path: string, ageMs: number): void {
  const at = (Date.now() - ageMs) / 1000;
  utimesSync(path, at, at);
}

describe('the built client while it is rebuilt', () => {
  it('answers every screen route with the last complete index.html while the folder is emptied', async () => {
    const dir = fakeClientDir();
    const { app } = await serve(dir);
    const before = await app.inject({ method: 'GET', url: '/login' });
    expect(before.statusCode).toBe(200);
    empty(dir);
    for (const url of ['/login', '/dispatch', '/wall', '/field?unit=1', '/index.html']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toBe(before.body);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    }
  });

  it('serves the script the last index.html names after the folder lost it', async () => {
    const dir = fakeClientDir();
    const { app } = await serve(dir);
    expect((await app.inject({ method: 'GET', url: '/login' })).body).toContain('/assets/app.js');
    empty(dir);
    const res = await app.inject({ method: 'GET', url: '/assets/app.js' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(OLD_CODE);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await app.inject({ method: 'GET', url: '/assets/other.js' })).statusCode).toBe(404);
  });

  it('keeps the last build while the new files appear and the new index.html is cut short', async () => {
    const dir = fakeClientDir();
    const { app } = await serve(dir);
    const old = (await app.inject({ method: 'GET', url: '/login' })).body;
    empty(dir);
    writeClientBuild(dir, NEW);
    const full = clientIndex(NEW.script, NEW.title);
    // settled long ago but without its end: a write that stopped half way
    write(join(dir, 'index.html'), full.slice(0, full.indexOf('<body>')));
    expect((await app.inject({ method: 'GET', url: '/login' })).body).toBe(old);
    write(join(dir, 'index.html'), '');
    expect((await app.inject({ method: 'GET', url: '/login' })).body).toBe(old);
    // complete, but written this very moment: Vite may still be writing the files beside it
    write(join(dir, 'index.html'), full, 0);
    expect((await app.inject({ method: 'GET', url: '/login' })).body).toBe(old);
    expect((await app.inject({ method: 'GET', url: '/assets/app.js' })).body).toBe(OLD_CODE);
  });

  it('serves the new build once its index.html is complete and settled', async () => {
    const dir = fakeClientDir();
    const { app } = await serve(dir);
    await app.inject({ method: 'GET', url: '/login' });
    empty(dir);
    writeClientBuild(dir, { ...NEW, ageMs: 0 });
    age(join(dir, 'index.html'), 5_000);
    const page = await app.inject({ method: 'GET', url: '/login' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toBe(clientIndex(NEW.script, NEW.title));
    const script = await app.inject({ method: 'GET', url: '/assets/app-2.js' });
    expect(script.statusCode).toBe(200);
    expect(script.body).toBe(NEW.code);
    // a page loaded on the build before may still ask for its files
    expect((await app.inject({ method: 'GET', url: '/assets/app.js' })).body).toBe(OLD_CODE);
  });

  it('follows a file written after its build was taken up, as sw.js is', async () => {
    const dir = fakeClientDir();
    const { app } = await serve(dir);
    expect((await app.inject({ method: 'GET', url: '/sw.js' })).statusCode).toBe(404);
    writeFileSync(join(dir, 'sw.js'), 'self.__WB_MANIFEST');
    expect((await app.inject({ method: 'GET', url: '/sw.js' })).body).toBe('self.__WB_MANIFEST');
    writeFileSync(join(dir, 'sw.js'), 'precache(["/assets/app.js"])');
    expect((await app.inject({ method: 'GET', url: '/sw.js' })).body).toBe(
      'precache(["/assets/app.js"])'
    );
  });

  it('answers 304 to the ETag it gave, from the folder and from memory alike', async () => {
    const dir = fakeClientDir();
    const { app } = await serve(dir);
    const first = await app.inject({ method: 'GET', url: '/assets/app.js' });
    const etag = first.headers.etag as string;
    expect(etag).toBeTruthy();
    const again = {
      method: 'GET' as const,
      url: '/assets/app.js',
      headers: { 'if-none-match': etag }
    };
    expect((await app.inject(again)).statusCode).toBe(304);
    empty(dir);
    expect((await app.inject(again)).statusCode).toBe(304);
  });
});

describe('the built client on a first start', () => {
  it('answers 404 until a first build is there, then serves it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-client-'));
    const { app } = await serve(dir);
    const none = await app.inject({ method: 'GET', url: '/login' });
    expect(none.statusCode).toBe(404);
    expect(none.json()).toMatchObject({ error: 'NOT_FOUND' });
    writeClientBuild(dir, NEW);
    expect((await app.inject({ method: 'GET', url: '/login' })).body).toContain(NEW.title);
  });

  it('waits for a first build that is still settling rather than answering 404', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-client-'));
    writeClientBuild(dir, { ...NEW, ageMs: 0 });
    const { app } = await serve(dir);
    const page = await app.inject({ method: 'GET', url: '/login' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(NEW.title);
  });

  it('serves nothing outside the folder and no API path as a screen', async () => {
    const dir = fakeClientDir();
    const name = `${basename(dir)}.secret.txt`;
    write(join(dir, '..', name), 'the key under the mat');
    const { app } = await serve(dir);
    const out = await app.inject({ method: 'GET', url: `/..%2f${name}` });
    expect(out.statusCode).toBe(404);
    expect(out.body).not.toContain('under the mat');
    rmSync(join(dir, '..', name));
    const api = await app.inject({ method: 'GET', url: '/api/nothing' });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ error: 'NOT_FOUND' });
  });
});
