import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../fixtures/server.ts';

type Server = Awaited<ReturnType<typeof startServer>>;
const body = {
  category: 'public_order',
  priority: 2,
  lng: 118.8745,
  lat: 31.3235,
  source: 'walk_in',
  description: '热线来电：夜间聚集'
};

describe('integration intake by API key', () => {
  let server: Server;
  let key = '';
  let id = '';
  beforeAll(async () => {
    server = await startServer({ units: 10 });
    const res = await server.as('admin', {
      method: 'POST',
      url: '/api/integrations',
      payload: { name: 'hotline-12345', source: 'hotline' }
    });
    expect(res.statusCode).toBe(201);
    key = res.json().key;
    id = res.json().integration.id;
  });
  afterAll(async () => server.close());

  it('shows a new key once and lists the integration without it', async () => {
    expect(key).toMatch(/^gw_[A-Za-z0-9_-]{20,}$/);
    const list = await server.as('admin', { method: 'GET', url: '/api/integrations' });
    expect(list.json()).toMatchObject([
      { name: 'hotline-12345', source: 'hotline', disabled: false }
    ]);
    expect(list.body).not.toContain(key);
  });

  it('creates an incident that carries the integration as actor and its source, whatever the body says', async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/incidents',
      headers: { 'x-api-key': key },
      payload: body
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ source: 'hotline', townCode: '320118001' });
    expect(res.json().timeline[0]).toMatchObject({
      actor: 'api:hotline-12345',
      note: { key: 'source', values: { source: 'hotline' } }
    });
    // an integration is no person: the screens word it, no display name is recorded
    expect(res.json().timeline[0].actorName).toBeUndefined();
  });

  it('creates one incident for the same Idempotency-Key sent twice, with a bearer key too', async () => {
    const send = () =>
      server.app.inject({
        method: 'POST',
        url: '/api/incidents',
        headers: { authorization: `Bearer ${key}`, 'idempotency-key': 'call-20261128-0007' },
        payload: { ...body, category: 'fraud' }
      });
    const a = await send();
    const b = await send();
    expect(a.statusCode).toBe(201);
    expect(b.json().id).toBe(a.json().id);
    const all = await server.as('commander', { method: 'GET', url: '/api/incidents' });
    expect(all.json().filter((i: { category: string }) => i.category === 'fraud')).toHaveLength(1);
  });

  it('keeps integrations apart: the same Idempotency-Key from a dispatcher is another command', async () => {
    const res = await server.as('dispatcher', {
      method: 'POST',
      url: '/api/incidents',
      headers: { 'idempotency-key': 'call-20261128-0007' },
      payload: { ...body, category: 'petition' }
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().category).toBe('petition');
  });

  it('refuses a wrong key and a disabled integration with 401, and a key on routes that take none', async () => {
    const wrong = await server.app.inject({
      method: 'POST',
      url: '/api/incidents',
      headers: { 'x-api-key': 'gw_not-a-key' },
      payload: body
    });
    expect(wrong.statusCode).toBe(401);
    const units = await server.app.inject({
      method: 'GET',
      url: '/api/units',
      headers: { 'x-api-key': key }
    });
    expect(units.statusCode).toBe(401);
    const off = await server.as('admin', {
      method: 'PATCH',
      url: `/api/integrations/${id}`,
      payload: { disabled: true }
    });
    expect(off.json().disabled).toBe(true);
    const refused = await server.app.inject({
      method: 'POST',
      url: '/api/incidents',
      headers: { 'x-api-key': key },
      payload: body
    });
    expect(refused.statusCode).toBe(401);
  });

  it('lets only an admin manage integrations', async () => {
    const res = await server.as('commander', {
      method: 'POST',
      url: '/api/integrations',
      payload: { name: 'camera-1', source: 'camera' }
    });
    expect(res.statusCode).toBe(403);
  });
});
