import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestSocket } from '../../fixtures/server.ts';
import { ask, cid, CHUNXI, pointIn } from '../access/support.ts';
import { north } from '../../fixtures/dispatch.ts';

/**
 * `GET /metrics` in the Prometheus text format, read the way a scraper reads it: the GPS filter's rejections by
 * reason and intake path, accepted and late fixes, and the gauges, each moving when the real paths move them.
 */

type Server = Awaited<ReturnType<typeof startServer>>;

let server: Server;
let field: TestSocket;
let fieldUnit: string;

beforeAll(async () => {
  server = await startServer({ units: 10 });
  fieldUnit = server.demo.field.unitId!;
  field = (await server.client('field')).socket;
});
afterAll(async () => server.close());

interface Scrape {
  type: string;
  text: string;
  /** `name{label="v",…}` exactly as printed → value */
  samples: Map<string, number>;
}

async function scrape(): Promise<Scrape> {
  const res = await server.app.inject({ method: 'GET', url: '/metrics' });
  expect(res.statusCode).toBe(200);
  const samples = new Map<string, number>();
  for (const line of res.body.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    samples.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return { type: String(res.headers['content-type']), text: res.body, samples };
}

const rejected = (reason: string, source: string) =>
  `gridwatch_positions_rejected_total{reason="${reason}",source="${source}"}`;

describe('GET /metrics', () => {
  it('answers without a session in the Prometheus text format, with help and type for each metric', async () => {
    const m = await scrape();
    expect(m.type).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const [name, type] of [
      ['gridwatch_positions_accepted_total', 'counter'],
      ['gridwatch_positions_late_total', 'counter'],
      ['gridwatch_positions_rejected_total', 'counter'],
      ['gridwatch_requests_rate_limited_total', 'counter'],
      ['gridwatch_units', 'gauge'],
      ['gridwatch_event_seq', 'gauge'],
      ['gridwatch_event_loop_delay_p99_seconds', 'gauge']
    ]) {
      expect(m.text).toContain(`# HELP ${name} `);
      expect(m.text).toContain(`# TYPE ${name} ${type}`);
    }
    expect(m.samples.get('gridwatch_units')).toBe(10);
    // every sample is a number a scraper can read
    for (const [k, v] of m.samples) expect(Number.isFinite(v), k).toBe(true);
  });

  it('counts a [0,0] fix from a phone as null_island on the socket path, and an unknown OsmAnd device', async () => {
    const before = await scrape();
    expect(before.samples.has(rejected('null_island', 'socket'))).toBe(false);
    const res = await ask(field, 'unit:report', {
      unitId: fieldUnit,
      lng: 0,
      lat: 0,
      time: Date.now()
    });
    expect(res).toMatchObject({ ok: false, error: 'INVALID' });
    server.app.gridwatch.live.countRejected('unknown_device', 'osmand');

    const m = await scrape();
    expect(m.text).toContain(`${rejected('null_island', 'socket')} 1\n`);
    expect(m.text).toContain(`${rejected('unknown_device', 'osmand')} 1\n`);
    // the same reason on another path is another line
    expect(m.samples.has(rejected('null_island', 'osmand'))).toBe(false);

    // a real tracker with an id nobody registered moves the same line
    const tracker = await server.app.inject({
      method: 'GET',
      url: `/osmand?id=nobody-registered-this&lat=31.3235&lon=118.8745&timestamp=${Math.floor(Date.now() / 1000)}`
    });
    expect(tracker.statusCode).toBe(404);
    expect((await scrape()).samples.get(rejected('unknown_device', 'osmand'))).toBe(2);
  });

  it('moves the accepted and late counters with the fixes that moved a marker or went into history', async () => {
    const before = await scrape();
    const accepted = before.samples.get('gridwatch_positions_accepted_total')!;
    const late = before.samples.get('gridwatch_positions_late_total')!;
    const here = pointIn(server.app.gridwatch.district, CHUNXI, 4);
    const now = Date.now();
    for (const [p, time] of [
      [north(here, -100), now - 40_000],
      [here, now - 1000]
    ] as const) {
      expect(
        await ask(field, 'unit:report', { unitId: fieldUnit, lng: p[0], lat: p[1], time })
      ).toEqual({
        ok: true,
        data: null
      });
    }
    // sent after an outage: older than the last fix, so history only
    const backlog = await ask(field, 'unit:backlog', [
      { unitId: fieldUnit, lng: north(here, -50)[0], lat: north(here, -50)[1], time: now - 20_000 }
    ]);
    expect(backlog).toMatchObject({ ok: true, data: { live: 0, history: 1 } });

    const m = await scrape();
    expect(m.samples.get('gridwatch_positions_accepted_total')).toBe(accepted + 2);
    expect(m.samples.get('gridwatch_positions_late_total')).toBe(late + 1);
  });

  it('reads the same values on every scrape: counters are not added up again', async () => {
    server.app.gridwatch.live.countRejected('invalid', 'socket');
    const a = await scrape();
    const b = await scrape();
    for (const name of [
      'gridwatch_positions_accepted_total',
      'gridwatch_positions_late_total',
      rejected('invalid', 'socket'),
      rejected('null_island', 'socket')
    ]) {
      expect(b.samples.get(name), name).toBe(a.samples.get(name));
    }
    expect(a.samples.get(rejected('invalid', 'socket'))).toBe(
      server.app.gridwatch.live.rejected.count('invalid', 'socket')
    );
  });

  it('follows the event log’s seq', async () => {
    const desk = (await server.client('dispatcher')).socket;
    const [lng, lat] = pointIn(server.app.gridwatch.district, CHUNXI, 9);
    const created = await ask(desk, 'incident:create', {
      commandId: cid('metrics'),
      category: 'dispute',
      priority: 3,
      lng,
      lat,
      source: 'hotline',
      description: '噪音'
    });
    expect(created.ok).toBe(true);
    const m = await scrape();
    expect(m.samples.get('gridwatch_event_seq')).toBe(server.app.gridwatch.dispatch.seq);
    expect(server.app.gridwatch.dispatch.seq).toBeGreaterThan(0);
  });

  it('agrees with /healthz on the rejections by reason', async () => {
    const m = await scrape();
    const health = (await server.app.inject({ method: 'GET', url: '/healthz' })).json() as {
      positions: { rejected: Record<string, number> };
    };
    const byReason = new Map<string, number>();
    for (const [k, v] of m.samples) {
      const hit = /^gridwatch_positions_rejected_total\{reason="([a-z_]+)",source="[a-z]+"\}$/.exec(
        k
      );
      if (hit) byReason.set(hit[1], (byReason.get(hit[1]) ?? 0) + v);
    }
    for (const [reason, n] of Object.entries(health.positions.rejected)) {
      expect(byReason.get(reason) ?? 0, reason).toBe(n);
    }
  });
});
