import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeFrame } from '../../../shared/position-codec.ts';
import { startServer, nextEvent } from '../../fixtures/server.ts';

const routes = vi.hoisted(() => [] as string[]);
vi.mock('fastify', async (importOriginal) => {
  const mod = await importOriginal<typeof import('fastify')>();
  const wrapped = ((opts: object) => {
    const app = mod.default(opts);
    app.addHook('onRoute', (r) => {
      routes.push(`${String(r.method)} ${r.url} ${JSON.stringify(r.config?.access)}`);
    });
    return app;
  }) as unknown as typeof mod.default;
  return { ...mod, default: wrapped };
});

describe('scratch', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer({ units: 40 });
  });
  afterAll(async () => server.close());
  it('routes', async () => {
    console.log(routes);
    console.log(server.app.printRoutes({ commonPrefix: false }));
    const yaxi = server.app.gridwatch.district.collection.features.filter((f) => f.properties.layer === 'grid' && f.properties.townCode === '320118006');
    const p = yaxi[0].properties.labelAt;
    const { socket } = await server.client('leader-yaxi');
    const frames: string[] = [];
    socket.on('units:moved', (b) => {
      const buf = b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array((b as Uint8Array).buffer, (b as Uint8Array).byteOffset, (b as Uint8Array).byteLength);
      const c = buf.slice();
      const v = new DataView(c.buffer);
      const n = v.getUint32(4, true);
      for (let i = 0; i < n; i++) frames.push(`${v.getUint32(16 + 4 * i, true)} ${v.getInt32(16 + 4 * n + 4 * i, true) / 1e6} ${v.getInt32(16 + 8 * n + 4 * i, true) / 1e6} ${c[16 + 20 * n + i]}`);
      void decodeFrame;
    });
    const live = server.app.gridwatch.live;
    const u = live.all()[3];
    live.report({ unitId: u.id, lng: p[0], lat: p[1], time: Date.now() }, Date.now());
    await new Promise((r) => setTimeout(r, 200));
    live.report({ unitId: u.id, lng: 118.8745, lat: 31.3235, time: Date.now() }, Date.now());
    await new Promise((r) => setTimeout(r, 200));
    console.log(frames);
    expect(1).toBe(1);
    void nextEvent;
  });
});
