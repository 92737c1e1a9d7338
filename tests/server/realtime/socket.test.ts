import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../../shared/domain.ts';
import type { IncidentChanged } from '../../../shared/protocol.ts';
import type { Result } from '../../../shared/result.ts';
import { decodeFrame } from '../../../shared/position-codec.ts';
import { nextEvent, startServer, type TestSocket } from '../../fixtures/server.ts';

type Server = Awaited<ReturnType<typeof startServer>>;

// 高淳老街, inside 淳溪街道
const CHUNXI: [number, number] = [118.8745, 31.3235];
let k = 0;
const cid = () => `sock-test-${Date.now()}-${++k}`;

function ask<T>(socket: TestSocket, event: string, payload: unknown): Promise<Result<T>> {
  return new Promise((resolve) =>
    (socket.emit as (...a: unknown[]) => void)(event, payload, resolve)
  );
}

function collect(socket: TestSocket): IncidentChanged[] {
  const got: IncidentChanged[] = [];
  socket.on('incident:changed', (c) => got.push(c));
  return got;
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('realtime: two real clients on a real server', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startServer({ units: 60 });
  });
  afterAll(async () => server.close());

  it('sends a snapshot with every unit on first connect', async () => {
    const { sync } = await server.client();
    expect(sync.units).toHaveLength(60);
    expect(sync.incidents).toEqual([]);
    expect(sync.events).toBeNull();
    expect(new Set(sync.units.map((u) => u.idx)).size).toBe(60);
  });

  it('delivers an incident created by one client to both, with consecutive seq', async () => {
    const a = await server.client();
    const b = await server.client();
    const gotA = collect(a.socket);
    const gotB = collect(b.socket);
    const base = server.app.gridwatch.dispatch.seq;
    const r1 = await ask<Incident>(a.socket, 'incident:create', {
      commandId: cid(),
      category: 'dispute',
      priority: 2,
      lng: CHUNXI[0],
      lat: CHUNXI[1],
      source: 'hotline',
      description: '邻里纠纷'
    });
    const r2 = await ask<Incident>(a.socket, 'incident:create', {
      commandId: cid(),
      category: 'fire',
      priority: 1,
      lng: CHUNXI[0] + 0.01,
      lat: CHUNXI[1],
      source: 'camera',
      description: '冒烟'
    });
    expect(r1.ok && r2.ok).toBe(true);
    await until(() => gotA.length >= 2 && gotB.length >= 2);
    for (const got of [gotA, gotB]) {
      expect(got.map((c) => c.seq)).toEqual([base + 1, base + 2]);
      expect(got[0].incident.townCode).toBe('320118001');
    }
  });

  it('delivers a field unit’s position report to two dispatchers in the next binary frame', async () => {
    const field = await server.client('field');
    const a = await server.client();
    const b = await server.client();
    const u = a.sync.units.find((x) => x.id === server.demo.field.unitId)!;
    const lng = 118.9123;
    const lat = 31.3021;
    const seen = (s: TestSocket) =>
      nextEvent(s, 'units:moved', (frame) => {
        const f = decodeFrame(frame);
        return [...f.idx].some(
          (idx, i) =>
            idx === u.idx && Math.abs(f.lng[i] - lng) < 1e-6 && Math.abs(f.lat[i] - lat) < 1e-6
        );
      });
    const both = Promise.all([seen(a.socket), seen(b.socket)]);
    const ack = await ask<null>(field.socket, 'unit:report', {
      unitId: u.id,
      lng,
      lat,
      time: Date.now(),
      speedMps: 3,
      headingDeg: 90,
      accuracyM: 6
    });
    expect(ack).toEqual({ ok: true, data: null });
    await both;
  });

  it('answers invalid payloads with INVALID and a field name, and changes nothing', async () => {
    const a = await server.client();
    const got = collect(a.socket);
    const seq = server.app.gridwatch.dispatch.seq;
    const count = server.app.gridwatch.dispatch.incidents().length;
    const good = {
      commandId: cid(),
      category: 'dispute',
      priority: 2,
      lng: CHUNXI[0],
      lat: CHUNXI[1],
      source: 'hotline',
      description: ''
    };
    const bad: unknown[] = [
      { ...good, lat: 95 },
      { ...good, lng: 'east' },
      { ...good, priority: '1' },
      { ...good, priority: 7 },
      { ...good, category: 'alien' },
      { ...good, extra: true },
      { ...good, commandId: 'x' },
      { ...good, lat: null },
      'not an object',
      null,
      42
    ];
    for (const payload of bad) {
      const r = await ask(a.socket, 'incident:create', payload);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toBe('INVALID');
    }
    const r = await ask(a.socket, 'incident:create', { ...good, lat: 95 });
    expect(!r.ok && r.message).toMatch(/^\/lat: /);
    const rep = await ask(a.socket, 'unit:report', {
      unitId: 'PAT-00001',
      lng: Number.NaN,
      lat: 31.3,
      time: Date.now()
    });
    expect(rep.ok).toBe(false);
    expect(
      await ask(a.socket, 'dispatch:assign', {
        commandId: cid(),
        incidentId: 'nope',
        unitId: 'nope'
      })
    ).toMatchObject({ ok: false, error: 'NOT_FOUND' });
    await new Promise((r) => setTimeout(r, 100));
    expect(server.app.gridwatch.dispatch.seq).toBe(seq);
    expect(server.app.gridwatch.dispatch.incidents()).toHaveLength(count);
    expect(got).toEqual([]);
  });

  it('keeps serving when a client sends requests without an ack', async () => {
    const a = await server.client();
    (a.socket.emit as (...x: unknown[]) => void)('incident:create', { nonsense: true });
    (a.socket.emit as (...x: unknown[]) => void)('dispatch:recommend');
    const r = await ask(a.socket, 'dispatch:recommend', { incidentId: 'none' });
    expect(r).toMatchObject({ ok: false, error: 'NOT_FOUND' });
  });

  it('offers the incident to the top recommended unit and tells every client', async () => {
    const a = await server.client();
    const b = await server.client();
    const now = Date.now();
    // three units with fresh fixes near the incident (their phones would report these)
    for (const u of a.sync.units.slice(10, 13)) {
      server.app.gridwatch.live.report(
        { unitId: u.id, lng: CHUNXI[0] + 0.001 * (u.idx - 9), lat: CHUNXI[1], time: now },
        now
      );
    }
    const created = await ask<Incident>(a.socket, 'incident:create', {
      commandId: cid(),
      category: 'injury',
      priority: 1,
      lng: CHUNXI[0],
      lat: CHUNXI[1],
      source: 'walk_in',
      description: '老人摔倒'
    });
    if (!created.ok) throw new Error(created.message);
    const recs = await ask<Array<{ unitId: string }>>(a.socket, 'dispatch:recommend', {
      incidentId: created.data.id,
      limit: 3
    });
    if (!recs.ok) throw new Error(recs.message);
    expect(recs.data.length).toBeGreaterThan(0);
    const seenByB = nextEvent(
      b.socket,
      'incident:changed',
      (c) => c.incident.id === created.data.id && c.type === 'offered'
    );
    const assigned = await ask<Incident>(a.socket, 'dispatch:assign', {
      commandId: cid(),
      incidentId: created.data.id,
      unitId: recs.data[0].unitId
    });
    expect(assigned).toMatchObject({
      ok: true,
      data: { status: 'dispatched', unitIds: [recs.data[0].unitId] }
    });
    const [change] = await seenByB;
    expect(change.incident.unitIds).toEqual([recs.data[0].unitId]);
    expect(change.incident.offers).toMatchObject([
      { unitId: recs.data[0].unitId, status: 'offered' }
    ]);
  });

  it('replays only the missed events to a client that reconnects with its last seq', async () => {
    const a = await server.client();
    const before = server.app.gridwatch.dispatch.seq;
    // three categories, so none is flagged as another's possible duplicate (an extra event)
    for (const [i, category] of (['traffic', 'fraud', 'petition'] as const).entries()) {
      await ask(a.socket, 'incident:create', {
        commandId: cid(),
        category,
        priority: 3,
        lng: CHUNXI[0],
        lat: CHUNXI[1] + 0.001 * i,
        source: 'hotline',
        description: ''
      });
    }
    const back = await server.client('dispatcher', { lastSeq: before });
    expect(back.sync.incidents).toBeNull();
    expect(back.sync.events?.map((e) => e.seq)).toEqual([before + 1, before + 2, before + 3]);
    expect(back.sync.seq).toBe(before + 3);
    const fresh = await server.client('dispatcher', { lastSeq: 10_000_000 });
    expect(fresh.sync.events).toBeNull();
    expect(fresh.sync.incidents?.length).toBe(server.app.gridwatch.dispatch.incidents().length);
  });
});

describe('timeline origin', () => {
  it('records where each change came from: the socket or HTTP request’s address', async () => {
    const server = await startServer({ units: 5 });
    try {
      const a = await server.client('dispatcher');
      const bySocket = await ask<Incident>(a.socket, 'incident:create', {
        commandId: cid(),
        category: 'dispute',
        priority: 3,
        lng: CHUNXI[0],
        lat: CHUNXI[1],
        source: 'hotline',
        description: ''
      });
      expect(bySocket.ok && bySocket.data.timeline[0].via).toBe('socket 127.0.0.1');
      const byHttp = await server.as('dispatcher', {
        method: 'POST',
        url: '/api/incidents',
        payload: {
          category: 'fraud',
          priority: 3,
          lng: CHUNXI[0],
          lat: CHUNXI[1],
          source: 'hotline',
          description: ''
        }
      });
      expect(byHttp.json().timeline[0].via).toBe('http 127.0.0.1');
    } finally {
      await server.close();
    }
  });
});
