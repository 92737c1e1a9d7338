import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/result.ts';
import { startServer, type TestSocket } from '../../fixtures/server.ts';
import { CHUNXI, pointIn, type Server } from '../access/support.ts';

/**
 * How a socket request's arguments are read, over real sockets: the answer goes to the last argument when it is a
 * function, whatever comes before it, and that holds for refusals by the guards as much as for answers.
 */

/** a refusal of a request that came without a payload: the schema's own words */
const NO_PAYLOAD = {
  ok: false,
  error: 'INVALID',
  detail: { key: expect.stringMatching(/^invalid_(payload|field)$/) }
};

/** Emits `args` and an ack after them; resolves with the answer, rejects when none comes in time. */
function call<T = unknown>(
  socket: TestSocket,
  event: string,
  args: unknown[],
  ms = 3000
): Promise<Result<T>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer to ${event} within ${ms} ms`)), ms);
    (socket.emit as (...a: unknown[]) => void)(event, ...args, (res: Result<T>) => {
      clearTimeout(timer);
      resolve(res);
    });
  });
}

describe('socket request arguments', () => {
  let server: Server;
  const healthz = async () =>
    (await server.app.inject({ method: 'GET', url: '/healthz' })).json() as {
      positions: { rejected: { invalid: number } };
      sockets: { withoutAck: number; rateLimited: number };
    };

  beforeAll(async () => {
    server = await startServer({ units: 10 });
  });
  afterAll(async () => server.close());

  it('answers a request sent without a payload INVALID, a command without running it', async () => {
    const { socket } = await server.client('dispatcher');
    const seq = server.app.gridwatch.dispatch.seq;
    expect(await call(socket, 'dispatch:recommend', [])).toMatchObject(NO_PAYLOAD);
    expect(await call(socket, 'incident:create', [])).toMatchObject(NO_PAYLOAD);
    expect(server.app.gridwatch.dispatch.seq).toBe(seq);
    socket.close();
  });

  it('answers a position report without a payload INVALID and counts it as an invalid fix', async () => {
    const { socket } = await server.client('field');
    const before = (await healthz()).positions.rejected.invalid;
    expect(await call(socket, 'unit:report', [])).toMatchObject(NO_PAYLOAD);
    expect(await call(socket, 'unit:backlog', [])).toMatchObject(NO_PAYLOAD);
    expect((await healthz()).positions.rejected.invalid).toBe(before + 2);
    socket.close();
  });

  it('answers on the last argument when an extra one comes between the payload and the ack', async () => {
    const { socket } = await server.client('dispatcher');
    expect(
      await call(socket, 'dispatch:recommend', [{ incidentId: 'none' }, 'extra', 42])
    ).toMatchObject({ ok: false, error: 'NOT_FOUND' });
    const [lng, lat] = pointIn(server.app.gridwatch.district, CHUNXI);
    const created = await call(socket, 'incident:create', [
      {
        commandId: `args-${Date.now()}`,
        category: 'dispute',
        priority: 3,
        lng,
        lat,
        source: 'hotline',
        description: '一个多余的参数'
      },
      { extra: true }
    ]);
    expect(created).toMatchObject({ ok: true, data: { category: 'dispute' } });
    socket.close();
  });

  it('answers a request the role may not send FORBIDDEN, with or without a payload', async () => {
    const { socket } = await server.client('field');
    for (const args of [[], [{ incidentId: 'none' }, 'extra']]) {
      expect(await call(socket, 'dispatch:recommend', args), JSON.stringify(args)).toMatchObject({
        ok: false,
        error: 'FORBIDDEN',
        detail: { key: 'role_may_not_event' }
      });
    }
    socket.close();
  });

  it('answers requests without a payload over the socket’s budget RATE_LIMITED, each on its ack', async () => {
    const { socket } = await server.client('dispatcher');
    const before = (await healthz()).sockets.rateLimited;
    const answers = await Promise.all(
      Array.from({ length: 80 }, () => call(socket, 'dispatch:recommend', []))
    );
    const limited = answers.filter((r) => !r.ok && r.error === 'RATE_LIMITED').length;
    const invalid = answers.filter((r) => !r.ok && r.error === 'INVALID').length;
    expect(limited + invalid).toBe(80);
    // a burst of 40, and a few refilled while the 80 went out
    expect(invalid).toBeGreaterThanOrEqual(40);
    expect(limited).toBeGreaterThanOrEqual(20);
    expect((await healthz()).sockets.rateLimited).toBe(before + limited);
    socket.close();
  });

  it('drops a request sent without an ack, counts it, and answers the next one', async () => {
    const { socket } = await server.client('dispatcher');
    const seq = server.app.gridwatch.dispatch.seq;
    const before = (await healthz()).sockets.withoutAck;
    const [lng, lat] = pointIn(server.app.gridwatch.district, CHUNXI);
    (socket.emit as (...a: unknown[]) => void)('incident:create', {
      commandId: `no-ack-${Date.now()}`,
      category: 'dispute',
      priority: 3,
      lng,
      lat,
      source: 'hotline',
      description: '没有人等这个回答'
    });
    (socket.emit as (...a: unknown[]) => void)('dispatch:recommend', { incidentId: 'none' });
    // a socket's requests are read in order: once this one is answered, the two before it were read
    expect(await call(socket, 'dispatch:recommend', [{ incidentId: 'none' }])).toMatchObject({
      error: 'NOT_FOUND'
    });
    expect((await healthz()).sockets.withoutAck).toBe(before + 2);
    expect(server.app.gridwatch.dispatch.seq).toBe(seq);
    socket.close();
  });

  it('takes a position report without an ack, as the protocol allows', async () => {
    const { socket } = await server.client('field');
    const unitId = server.demo.field.unitId!;
    const [lng, lat] = pointIn(server.app.gridwatch.district, CHUNXI, 3);
    const time = Date.now();
    (socket.emit as (...a: unknown[]) => void)('unit:report', { unitId, lng, lat, time });
    // answered in order after the report before it
    await call(socket, 'dispatch:recommend', [{ incidentId: 'none' }]);
    const { live } = server.app.gridwatch;
    expect(live.fix(live.get(unitId)!.idx)).toMatchObject({ lng, lat, time });
    socket.close();
  });
});
