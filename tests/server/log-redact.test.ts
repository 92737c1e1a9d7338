import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import { logRequest, redactUrl, type LoggedRequest } from '../../server/log-redact.ts';
import { startServer } from '../fixtures/server.ts';

/** The request log keeps paths and leaves out the secrets some URLs and headers carry. */

const DEVICE = 'tracker-7f3a91c2';
const KIOSK = 'kiosk-secret-Zq8xW2pLm4';
const API_KEY = 'gwk_live_5ad0c3b9e1';

describe('redactUrl', () => {
  it('hides the device id on /osmand in both of its names, and keeps the fix', () => {
    expect(redactUrl(`/osmand?id=${DEVICE}&lat=31.32&lon=118.87`)).toBe(
      '/osmand?id=[redacted]&lat=31.32&lon=118.87'
    );
    expect(redactUrl(`/osmand/?lat=31.32&deviceid=${DEVICE}`)).toBe(
      '/osmand/?lat=31.32&deviceid=[redacted]'
    );
  });

  it('hides a device id sent to a near miss of /osmand, which is logged all the same', () => {
    expect(redactUrl(`//OsmAnd?id=${DEVICE}`)).toBe('//OsmAnd?id=[redacted]');
    expect(redactUrl(`/osm%61nd?id=${DEVICE}`)).toBe('/osm%61nd?id=[redacted]');
  });

  it('keeps an id elsewhere: it names a unit or an incident, not a credential', () => {
    expect(redactUrl('/api/units/U-0007/track?id=U-0007&from=1')).toBe(
      '/api/units/U-0007/track?id=U-0007&from=1'
    );
  });

  it('hides kiosk, tk, token, key, apiKey and password on any path', () => {
    const url = `/wall?kiosk=${KIOSK}&tk=a&token=b&key=c&apiKey=d&password=e&towns=320118001`;
    expect(redactUrl(url)).toBe(
      '/wall?kiosk=[redacted]&tk=[redacted]&token=[redacted]&key=[redacted]&apiKey=[redacted]' +
        '&password=[redacted]&towns=320118001'
    );
  });

  it('reads keys decoded and in any case, and every copy of a repeated key', () => {
    expect(redactUrl(`/wall?%6Biosk=${KIOSK}&KIOSK=${KIOSK}&kiosk=${KIOSK}`)).toBe(
      '/wall?%6Biosk=[redacted]&KIOSK=[redacted]&kiosk=[redacted]'
    );
  });

  it('leaves a URL without secrets, without a query, or with a broken escape as it is', () => {
    for (const url of [
      '/api/kpis',
      '/api/incidents?limit=50&before=12',
      '/x?%E0%A4%A=1',
      '/wall?kiosk'
    ])
      expect(redactUrl(url)).toBe(url);
  });
});

describe('the request log', () => {
  let app: FastifyInstance;
  const lines: string[] = [];

  beforeAll(async () => {
    // the logger options the server uses, writing to a stream the test reads
    app = Fastify({
      logger: {
        level: 'info',
        serializers: { req: logRequest },
        stream: { write: (line: string) => void lines.push(line) }
      }
    });
    await app.register(formbody);
    app.get('/osmand', async () => ({ accepted: true }));
    app.post('/osmand', async () => ({ accepted: true }));
    app.get('/wall', async () => 'wall');
    app.post('/api/incidents', async () => ({ ok: true }));
  });
  afterAll(async () => app.close());

  it('prints the path of each request without the device id, the kiosk secret or the API key', async () => {
    await app.inject({ method: 'GET', url: `/osmand?id=${DEVICE}&lat=31.32&lon=118.87` });
    await app.inject({
      method: 'POST',
      url: '/osmand',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `id=${DEVICE}&lat=31.32&lon=118.87`
    });
    await app.inject({ method: 'GET', url: `/wall?kiosk=${KIOSK}` });
    await app.inject({
      method: 'POST',
      url: '/api/incidents',
      headers: { 'x-api-key': API_KEY, 'idempotency-key': 'k-1' },
      payload: { category: 'dispute' }
    });
    const log = lines.join('');
    const urls = lines
      .map((l) => JSON.parse(l) as { req?: { url: string } })
      .flatMap((l) => (l.req ? [l.req.url] : []));
    expect(urls).toEqual([
      '/osmand?id=[redacted]&lat=31.32&lon=118.87',
      '/osmand',
      '/wall?kiosk=[redacted]',
      '/api/incidents'
    ]);
    for (const secret of [DEVICE, KIOSK, API_KEY]) expect(log).not.toContain(secret);
  });

  it('is how the server logs requests', async () => {
    const server = await startServer({ units: 2 });
    try {
      const serializers = (server.app.log as unknown as Record<symbol, Record<string, unknown>>)[
        Symbol.for('pino.serializers')
      ];
      const req = serializers.req as (r: LoggedRequest) => { url?: string };
      expect(req({ method: 'GET', url: `/wall?kiosk=${KIOSK}`, headers: {} }).url).toBe(
        '/wall?kiosk=[redacted]'
      );
    } finally {
      await server.close();
    }
  });
});
