import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClientDir, startServer } from '../../fixtures/server.ts';

type Server = Awaited<ReturnType<typeof startServer>>;
const body = {
  category: 'public_order',
  priority: 3,
  lng: 118.8745,
  lat: 31.3235,
  source: 'hotline',
  description: '夜间喧哗'
};

describe('HTTP API', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startServer({ units: 20, clientDir: fakeClientDir() });
  });
  afterAll(async () => server.close());

  it('answers health with the current seq and unit count', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, units: 20 });
  });

  it('serves the district as one FeatureCollection of every layer', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/district' });
    expect(res.statusCode).toBe(200);
    const layers = new Set(
      res.json().features.map((f: { properties: { layer: string } }) => f.properties.layer)
    );
    expect([...layers].sort()).toEqual(['community', 'district', 'grid', 'town']);
  });

  it('creates an incident with grid and town derived from its location', async () => {
    const res = await server.as('dispatcher', {
      method: 'POST',
      url: '/api/incidents',
      payload: body
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      townCode: '320118001',
      status: 'reported',
      source: 'hotline'
    });
    expect(res.json().gridCode).toMatch(/^320118001-\d{3}-\d{2}$/);
  });

  it('ignores grid and town sent by a client: they are not part of the schema', async () => {
    const res = await server.as('dispatcher', {
      method: 'POST',
      url: '/api/incidents',
      payload: { ...body, townCode: '320118006' }
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/townCode|additional/i);
  });

  it('creates one incident for the same Idempotency-Key sent twice', async () => {
    const before = (await server.as('dispatcher', { method: 'GET', url: '/api/incidents' })).json()
      .length;
    const headers = { 'idempotency-key': 'hotline-call-000123' };
    const a = await server.as('dispatcher', {
      method: 'POST',
      url: '/api/incidents',
      payload: body,
      headers
    });
    const b = await server.as('dispatcher', {
      method: 'POST',
      url: '/api/incidents',
      payload: body,
      headers
    });
    expect(a.json().id).toBe(b.json().id);
    expect(
      (await server.as('dispatcher', { method: 'GET', url: '/api/incidents' })).json()
    ).toHaveLength(before + 1);
  });

  it('answers bad input with 400 and a message that names the field, and changes nothing', async () => {
    const seq = server.app.gridwatch.dispatch.seq;
    const cases: Array<[string, object | string, RegExp]> = [
      ['application/json', { ...body, lat: 123 }, /\/lat/],
      ['application/json', { ...body, priority: 0 }, /\/priority/],
      ['application/json', { ...body, category: undefined }, /category/],
      ['application/json', '{"category": ', /JSON/i],
      ['application/json', '[]', /object/i],
      ['text/plain', 'hello', /expected object/i]
    ];
    for (const [type, payload, message] of cases) {
      const res = await server.as('dispatcher', {
        method: 'POST',
        url: '/api/incidents',
        headers: { 'content-type': type },
        payload: typeof payload === 'string' ? payload : JSON.stringify(payload)
      });
      expect(res.statusCode, JSON.stringify(payload)).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.json().message).toMatch(message);
    }
    const badKey = await server.as('dispatcher', {
      method: 'POST',
      url: '/api/incidents',
      payload: body,
      headers: { 'idempotency-key': 'no spaces!' }
    });
    expect(badKey.statusCode).toBe(400);
    expect(server.app.gridwatch.dispatch.seq).toBe(seq);
  });

  it('answers a location outside the district with 422', async () => {
    const res = await server.as('dispatcher', {
      method: 'POST',
      url: '/api/incidents',
      payload: { ...body, lng: 116.4, lat: 39.9 }
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ error: 'OUTSIDE_DISTRICT' });
  });

  it('serves the client’s index for a screen route and 404s an unknown API path', async () => {
    const page = await server.app.inject({ method: 'GET', url: '/dispatch' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('网格指挥');
    const asset = await server.app.inject({ method: 'GET', url: '/assets/app.js' });
    expect(asset.statusCode).toBe(200);
    const api = await server.app.inject({ method: 'GET', url: '/api/nothing' });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ error: 'NOT_FOUND' });
  });

  it('lists units with their last fix', async () => {
    const units = (await server.as('dispatcher', { method: 'GET', url: '/api/units' })).json();
    expect(units).toHaveLength(20);
    expect(units[0]).toHaveProperty('fix', null);
  });
});
