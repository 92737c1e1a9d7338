import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../../shared/domain.ts';
import type { Result } from '../../../shared/result.ts';
import { maskName, maskPhone } from '../../../server/dispatch/incident-plans.ts';
import { nextEvent, startServer, type TestSocket } from '../../fixtures/server.ts';

type Server = Awaited<ReturnType<typeof startServer>>;
const PHONE = '13912345678';
const NAME = '王秀英';

function ask<T>(socket: TestSocket, event: string, payload: unknown): Promise<Result<T>> {
  return new Promise((resolve) =>
    (socket.emit as (...a: unknown[]) => void)(event, payload, resolve)
  );
}

describe('reporter contact', () => {
  let server: Server;
  let incident: Incident;
  let seenByLeader: Incident;
  beforeAll(async () => {
    server = await startServer({ units: 20 });
    const dispatcher = await server.client('dispatcher');
    const leader = await server.client('leader-chunxi');
    const pushed = nextEvent(leader.socket, 'incident:changed');
    const res = await ask<Incident>(dispatcher.socket, 'incident:create', {
      commandId: `contact-${Date.now()}`,
      category: 'dispute',
      priority: 3,
      lng: 118.8745,
      lat: 31.3235,
      source: 'hotline',
      description: '邻居装修噪音',
      reporter: { name: NAME, phone: PHONE }
    });
    if (!res.ok) throw new Error(res.message);
    incident = res.data;
    [{ incident: seenByLeader }] = await pushed;
  });
  afterAll(async () => server.close());

  it('masks the name and phone on the incident itself, in acks and broadcasts alike', () => {
    expect(incident.reporter).toEqual({ name: '王**', phone: '139****5678' });
    expect(seenByLeader.reporter).toEqual(incident.reporter);
  });

  it('keeps the full phone out of the event log and the incident projection', async () => {
    const { store } = server.app.gridwatch;
    expect(JSON.stringify(await store.eventsSince(0, 100))).not.toContain(PHONE);
    expect(JSON.stringify(await store.incidents(3600_000, Date.now()))).not.toContain(PHONE);
    // it is stored once, apart
    expect(await store.contact(incident.id)).toEqual({ name: NAME, phone: PHONE });
  });

  it('gives the full contact to a dispatcher and records who asked', async () => {
    const d = await server.client('dispatcher');
    const res = await ask(d.socket, 'incident:contact', { incidentId: incident.id });
    expect(res).toEqual({ ok: true, data: { name: NAME, phone: PHONE } });
    const log = await server.as('admin', { method: 'GET', url: '/api/audit?limit=20' });
    expect(log.json()).toContainEqual(
      expect.objectContaining({
        actor: 'dispatcher',
        action: 'incident.contact',
        target: incident.id,
        outcome: 'ok'
      })
    );
  });

  it('refuses the full contact to a town leader and a wall, and hides the incident from a unit not on it', async () => {
    const leader = await server.client('leader-chunxi');
    expect(await ask(leader.socket, 'incident:contact', { incidentId: incident.id })).toMatchObject(
      {
        ok: false,
        error: 'FORBIDDEN'
      }
    );
    const wall = await server.client('wall');
    expect(await ask(wall.socket, 'incident:contact', { incidentId: incident.id })).toMatchObject({
      ok: false,
      error: 'FORBIDDEN'
    });
    const field = await server.client('field');
    expect(await ask(field.socket, 'incident:contact', { incidentId: incident.id })).toMatchObject({
      ok: false,
      error: 'NOT_FOUND'
    });
  });

  it('masks names and numbers of every length', () => {
    expect(maskName('李')).toBe('李*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskPhone('025-57312345')).toBe('025****2345');
    expect(maskPhone('57312345')).toBe('5***2345');
    expect(maskPhone('12345')).toBe('*2345');
    expect(maskPhone('1234')).toBe('****');
  });
});
