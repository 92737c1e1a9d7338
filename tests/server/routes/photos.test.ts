import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type { Incident } from '../../../shared/domain.ts';
import type { IncidentChanged, UnitInfo } from '../../../shared/protocol.ts';
import { must } from '../../fixtures/dispatch.ts';
import { nextEvent, startServer, type TestSocket } from '../../fixtures/server.ts';
import { GIF, JPEG, PNG, WEBP } from '../../fixtures/images.ts';
import { ask, cid, CHUNXI, pointIn } from '../access/support.ts';

/**
 * Photos from the field over the real app: the upload checks (type, bytes, size), who may fetch a photo before and
 * after a command attaches it, and the commands that attach them (`unit:status` when a unit reports done,
 * `incident:create` by a field unit) over real sockets, with the refusals that must change nothing.
 */

type Server = Awaited<ReturnType<typeof startServer>>;

const MAX_BYTES = 5 * 1024 * 1024;
/** each incident at another grid of 淳溪街道, so none looks like a duplicate of the one before */
let spot = 0;
const nextSpot = () => pointIn(server.app.gridwatch.district, CHUNXI, spot++ * 7);

let server: Server;
let fieldUnit: string;
let field: TestSocket;
let desk: TestSocket;

beforeAll(async () => {
  server = await startServer({ units: 20 });
  fieldUnit = server.demo.field.unitId!;
  field = (await server.client('field')).socket;
  desk = (await server.client('dispatcher')).socket;
});
afterAll(async () => server.close());

function upload(username: string, mime: string, body: Buffer | string) {
  return server.as(username, {
    method: 'POST',
    url: '/api/photos',
    headers: { 'content-type': mime },
    payload: body
  });
}

/** uploads and returns the id; the upload must succeed */
async function photoOf(
  username: string,
  mime = 'image/jpeg',
  body: Buffer = JPEG
): Promise<string> {
  const res = await upload(username, mime, body);
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

function fetchPhoto(username: string, id: string) {
  return server.as(username, { method: 'GET', url: `/api/photos/${id}` });
}

/** how many photos the store holds, read from the SQLite file itself */
function storedPhotos(): number {
  const db = new Database(join(server.dataDir, 'gridwatch.sqlite'), { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM photos').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

const incident = (id: string) => server.app.gridwatch.dispatch.incident(id)!;
const unitStatus = () => server.app.gridwatch.live.get(fieldUnit)!.status;

/**
 * A 淳溪 incident with the demo field unit on scene, the way it happens: a dispatcher offers it, the unit accepts,
 * sets off and arrives.
 */
async function onScene(): Promise<Incident> {
  const [lng, lat] = nextSpot();
  const created = must(
    await ask<Incident>(desk, 'incident:create', {
      commandId: cid('photo'),
      category: 'dispute',
      priority: 3,
      lng,
      lat,
      source: 'hotline',
      description: '邻里纠纷'
    })
  );
  expect(created.townCode).toBe(CHUNXI);
  must(
    await ask(desk, 'dispatch:assign', {
      commandId: cid('photo'),
      incidentId: created.id,
      unitId: fieldUnit
    })
  );
  must(
    await ask(field, 'offer:respond', {
      commandId: cid('photo'),
      incidentId: created.id,
      unitId: fieldUnit,
      accept: true
    })
  );
  for (const status of ['en_route', 'on_scene']) {
    must(await ask(field, 'unit:status', { commandId: cid('photo'), unitId: fieldUnit, status }));
  }
  expect(incident(created.id).status).toBe('on_scene');
  expect(unitStatus()).toBe('on_scene');
  return incident(created.id);
}

/** the field unit's "done" command for the incident it is on */
const done = (over: Record<string, unknown> = {}) => ({
  commandId: cid('done'),
  unitId: fieldUnit,
  status: 'available',
  note: '已调解',
  ...over
});

describe('uploading a photo', () => {
  it('takes a JPEG, a PNG and a WebP as the raw body and answers 201 with a 32-hex id', async () => {
    const ids = new Set<string>();
    for (const [mime, body] of [
      ['image/jpeg', JPEG],
      ['image/png', PNG],
      ['image/webp', WEBP]
    ] as const) {
      const res = await upload('field', mime, body);
      expect(res.statusCode, `${mime}: ${res.body}`).toBe(201);
      const { id } = res.json() as { id: string };
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      ids.add(id);
      const back = await fetchPhoto('field', id);
      expect(back.statusCode).toBe(200);
      expect(back.headers['content-type']).toBe(mime);
      expect(back.rawPayload.equals(body)).toBe(true);
    }
    expect(ids.size).toBe(3);
  });

  it('reads the type from a Content-Type with parameters and in capitals', async () => {
    expect((await upload('field', 'image/png; name=photo.png', PNG)).statusCode).toBe(201);
    expect((await upload('field', 'Image/JPEG', JPEG)).statusCode).toBe(201);
  });

  it('takes a photo from every desk role and refuses a wall (403) and a visitor (401)', async () => {
    for (const who of ['admin', 'commander', 'dispatcher', 'leader-yaxi']) {
      expect((await upload(who, 'image/jpeg', JPEG)).statusCode, who).toBe(201);
    }
    const before = storedPhotos();
    expect((await upload('wall', 'image/jpeg', JPEG)).statusCode).toBe(403);
    const anonymous = await server.app.inject({
      method: 'POST',
      url: '/api/photos',
      headers: { 'content-type': 'image/jpeg' },
      payload: JPEG
    });
    expect(anonymous.statusCode).toBe(401);
    expect(storedPhotos()).toBe(before);
  });

  it('answers 415 to anything but a JPEG, PNG or WebP body, and stores nothing', async () => {
    const before = storedPhotos();
    const cases: Array<[string, Buffer | string]> = [
      ['image/gif', GIF],
      ['image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'],
      ['text/plain', 'hello'],
      ['application/json', JSON.stringify({ photo: JPEG.toString('base64') })],
      ['application/octet-stream', JPEG],
      ['multipart/form-data; boundary=x', `--x\r\nContent-Type: image/jpeg\r\n\r\n--x--`]
    ];
    for (const [mime, body] of cases) {
      const res = await upload('field', mime, body);
      expect(res.statusCode, `${mime}: ${res.body}`).toBe(415);
      expect(res.json().error).toBe('INVALID');
    }
    const bare = await server.as('field', { method: 'POST', url: '/api/photos' });
    expect(bare.statusCode).toBe(415);
    expect(storedPhotos()).toBe(before);
  });

  it('answers 400 when the bytes are not the image the Content-Type declares, and stores nothing', async () => {
    const before = storedPhotos();
    const wave = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WAVEfmt ')]);
    const cases: Array<[string, Buffer]> = [
      ['image/jpeg', PNG],
      ['image/png', JPEG],
      ['image/webp', JPEG],
      ['image/png', Buffer.from('<html><script>alert(1)</script></html>')],
      // a RIFF file that is not a WebP (a WAV)
      ['image/webp', wave],
      // the JPEG signature and too little after it to be an image
      ['image/jpeg', JPEG.subarray(0, 11)],
      ['image/jpeg', Buffer.alloc(64)]
    ];
    for (const [mime, body] of cases) {
      const res = await upload('field', mime, body);
      expect(res.statusCode, `${mime} ${body.subarray(0, 8).toString('hex')}`).toBe(400);
      expect(res.json()).toMatchObject({ error: 'INVALID' });
      expect(res.json().message).toContain(mime);
    }
    expect(storedPhotos()).toBe(before);
  });

  it('answers an empty body declared as an image with 400 and stores nothing', async () => {
    const before = storedPhotos();
    const res = await upload('field', 'image/jpeg', Buffer.alloc(0));
    expect(res.statusCode).toBe(400);
    expect(storedPhotos()).toBe(before);
  });

  it('takes exactly 5 MB and answers 413 to one byte more over real HTTP, then keeps serving', async () => {
    const { cookie } = await server.login('field');
    const post = (body: Buffer) =>
      fetch(`${server.url}/api/photos`, {
        method: 'POST',
        headers: { 'content-type': 'image/jpeg', cookie: `gw_session=${cookie}` },
        body: Uint8Array.from(body)
      });
    const big = Buffer.alloc(MAX_BYTES, 0x20);
    JPEG.copy(big, 0, 0, 64);
    const fits = await post(big);
    expect(fits.status).toBe(201);
    const before = storedPhotos();
    const tooBig = await post(Buffer.concat([big, Buffer.from([0xd9])]));
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toMatchObject({ error: 'INVALID' });
    expect(storedPhotos()).toBe(before);
    // the server is fine: health answers and a normal upload still works over the same origin
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await post(JPEG)).status).toBe(201);
  });
  it('answers 413 to a chunked upload, with no length given, once it grows past 5 MB', async () => {
    const { cookie } = await server.login('field');
    const { hostname, port } = new URL(server.url);
    const before = storedPhotos();
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: hostname,
          port,
          path: '/api/photos',
          method: 'POST',
          headers: {
            'content-type': 'image/jpeg',
            cookie: `gw_session=${cookie}`,
            'transfer-encoding': 'chunked'
          }
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        }
      );
      // the server may stop reading once it has answered; that is its right
      req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' ? undefined : reject(e)));
      req.write(JPEG);
      for (let i = 0; i < 6; i++) req.write(Buffer.alloc(1024 * 1024, 0x20));
      req.end();
    });
    expect(status).toBe(413);
    expect(storedPhotos()).toBe(before);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe('fetching a photo before it is attached', () => {
  it('shows the photo to its uploader only; everyone else gets 404', async () => {
    const id = await photoOf('field');
    expect((await fetchPhoto('field', id)).statusCode).toBe(200);
    for (const who of [
      'admin',
      'commander',
      'dispatcher',
      'leader-chunxi',
      'leader-yaxi',
      'wall'
    ]) {
      const res = await fetchPhoto(who, id);
      expect(res.statusCode, who).toBe(404);
      expect(res.rawPayload.includes(JPEG.subarray(0, 16))).toBe(false);
    }
    const anonymous = await server.app.inject({ method: 'GET', url: `/api/photos/${id}` });
    expect(anonymous.statusCode).toBe(401);
  });

  it('answers 404 to an id that is malformed or unknown', async () => {
    for (const id of [
      'nope',
      'A'.repeat(32),
      '0'.repeat(31),
      '0'.repeat(32),
      `${'0'.repeat(32)}x`
    ]) {
      expect((await fetchPhoto('field', id)).statusCode, id).toBe(404);
    }
  });

  it('tells browsers not to guess the type of what it serves', async () => {
    const id = await photoOf('field', 'image/png', PNG);
    const res = await fetchPhoto('field', id);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(String(res.headers['cache-control'])).toMatch(/private/);
  });
});

describe('attaching photos when the unit reports done', () => {
  let resolved: Incident;
  let photos: string[];
  let pressedAt: number;
  let first: { commandId: string; result: unknown };
  /** what the dispatcher's screen got */
  let broadcast: IncidentChanged;

  beforeAll(async () => {
    const inc = await onScene();
    photos = [
      await photoOf('field', 'image/jpeg', JPEG),
      await photoOf('field', 'image/webp', WEBP)
    ];
    // pressed a few minutes ago, while the phone had no connection
    pressedAt = Date.now() - 5 * 60_000;
    const cmd = done({ photos, pressedAt });
    const seen = nextEvent(desk, 'incident:changed', (c) => c.incident.id === inc.id);
    const res = await ask<UnitInfo>(field, 'unit:status', cmd);
    [broadcast] = await seen;
    first = { commandId: cmd.commandId, result: must(res) };
    resolved = incident(inc.id);
  });

  it('resolves the incident with the note, the photos and pressedAt on its timeline entry', () => {
    expect(resolved.status).toBe('resolved');
    expect(unitStatus()).toBe('available');
    const entry = resolved.timeline.at(-1)!;
    expect(entry).toMatchObject({
      type: 'resolved',
      status: 'resolved',
      note: { key: 'said', values: { text: '已调解' } },
      photos,
      pressedAt,
      actor: 'field',
      // the field account's display name (its unit's), recorded as it was then
      actorName: expect.stringMatching(/[\u4e00-\u9fff]/)
    });
    // the person's time is kept beside the server's, not instead of it
    expect(entry.at).toBeGreaterThan(pressedAt);
    // only the entry this command made carries them
    expect(resolved.timeline.slice(0, -1).some((e) => e.photos || e.pressedAt)).toBe(false);
    // and the dispatcher's screen got the same entry
    expect(broadcast.type).toBe('resolved');
    expect(broadcast.incident.timeline.at(-1)).toEqual(entry);
  });

  it('lets a dispatcher and the town’s leader fetch the photos, byte for byte', async () => {
    for (const who of ['dispatcher', 'commander', 'admin', 'leader-chunxi']) {
      const jpeg = await fetchPhoto(who, photos[0]);
      expect(jpeg.statusCode, who).toBe(200);
      expect(jpeg.headers['content-type']).toBe('image/jpeg');
      expect(jpeg.rawPayload.equals(JPEG)).toBe(true);
      const webp = await fetchPhoto(who, photos[1]);
      expect(webp.headers['content-type']).toBe('image/webp');
      expect(webp.rawPayload.equals(WEBP)).toBe(true);
    }
  });

  it('hides the photos from another town’s leader', async () => {
    expect(resolved.townCode).toBe(CHUNXI);
    for (const id of photos) expect((await fetchPhoto('leader-yaxi', id)).statusCode).toBe(404);
  });

  it('returns the first result to the same command sent again, not INVALID', async () => {
    const seq = server.app.gridwatch.dispatch.seq;
    const again = await ask<UnitInfo>(
      field,
      'unit:status',
      done({ commandId: first.commandId, photos, pressedAt })
    );
    expect(again).toEqual({ ok: true, data: first.result });
    expect(server.app.gridwatch.dispatch.seq).toBe(seq);
    expect(incident(resolved.id).timeline).toHaveLength(resolved.timeline.length);
  });

  it('refuses an attached photo in another command with INVALID and changes nothing', async () => {
    const inc = await onScene();
    const seq = server.app.gridwatch.dispatch.seq;
    const res = await ask(field, 'unit:status', done({ photos: [photos[0]] }));
    expect(res).toMatchObject({ ok: false, error: 'INVALID' });
    expect(!res.ok && res.message).toMatch(/already attached/);
    expect(server.app.gridwatch.dispatch.seq).toBe(seq);
    expect(incident(inc.id).status).toBe('on_scene');
    expect(unitStatus()).toBe('on_scene');
    const [lng, lat] = nextSpot();
    const create = await ask(field, 'incident:create', {
      commandId: cid('reuse'),
      category: 'safety_hazard',
      priority: 4,
      lng,
      lat,
      source: 'grid_worker',
      description: '垃圾堆放',
      photos: [photos[1]]
    });
    expect(create).toMatchObject({ ok: false, error: 'INVALID' });
    expect(server.app.gridwatch.dispatch.seq).toBe(seq);
    // the photo still belongs to the first incident
    expect((await fetchPhoto('dispatcher', photos[1])).statusCode).toBe(200);
    // the unit can still finish the job without it
    must(await ask(field, 'unit:status', done()));
    expect(incident(inc.id).status).toBe('resolved');
  });

  it('refuses a photo another account uploaded with INVALID, and the photo stays its uploader’s', async () => {
    const inc = await onScene();
    const theirs = await photoOf('dispatcher', 'image/png', PNG);
    const seq = server.app.gridwatch.dispatch.seq;
    const res = await ask(field, 'unit:status', done({ photos: [theirs] }));
    expect(res).toMatchObject({ ok: false, error: 'INVALID' });
    expect(!res.ok && res.message).toMatch(/\/photos\/0/);
    expect(server.app.gridwatch.dispatch.seq).toBe(seq);
    expect(unitStatus()).toBe('on_scene');
    expect((await fetchPhoto('dispatcher', theirs)).statusCode).toBe(200);
    expect((await fetchPhoto('field', theirs)).statusCode).toBe(404);
    // one of the unit's own photos beside it does not make it acceptable
    const mine = await photoOf('field');
    const mixed = await ask(field, 'unit:status', done({ photos: [mine, theirs] }));
    expect(mixed).toMatchObject({ ok: false, error: 'INVALID' });
    expect(!mixed.ok && mixed.message).toMatch(/\/photos\/1/);
    expect(server.app.gridwatch.dispatch.seq).toBe(seq);
    // neither was attached: the unit's own photo still goes with its next command
    must(await ask(field, 'unit:status', done({ photos: [mine] })));
    expect(incident(inc.id).timeline.at(-1)!.photos).toEqual([mine]);
  });

  it('refuses a photo id that was never uploaded, a malformed one, or the same one twice', async () => {
    const inc = await onScene();
    const mine = await photoOf('field');
    const seq = server.app.gridwatch.dispatch.seq;
    for (const list of [
      ['f'.repeat(32)],
      ['not-a-photo'],
      [mine, mine],
      Array.from({ length: 7 }, () => mine)
    ]) {
      const res = await ask(field, 'unit:status', done({ photos: list }));
      expect(res, JSON.stringify(list)).toMatchObject({ ok: false, error: 'INVALID' });
    }
    expect(server.app.gridwatch.dispatch.seq).toBe(seq);
    must(await ask(field, 'unit:status', done({ photos: [mine] })));
    expect(incident(inc.id).status).toBe('resolved');
  });

  it('refuses a pressedAt in the future or two days ago with INVALID and changes nothing', async () => {
    const inc = await onScene();
    const mine = await photoOf('field');
    const seq = server.app.gridwatch.dispatch.seq;
    for (const pressed of [Date.now() + 10 * 60_000, Date.now() - 2 * 86_400_000]) {
      const res = await ask(field, 'unit:status', done({ photos: [mine], pressedAt: pressed }));
      expect(res, new Date(pressed).toISOString()).toMatchObject({ ok: false, error: 'INVALID' });
      expect(!res.ok && res.message).toMatch(/^\/pressedAt: /);
    }
    expect(server.app.gridwatch.dispatch.seq).toBe(seq);
    expect(incident(inc.id).status).toBe('on_scene');
    expect(unitStatus()).toBe('on_scene');
    // the refused commands attached nothing: the photo goes with a command whose time is plausible
    const pressed = Date.now() - 23 * 3600_000;
    must(await ask(field, 'unit:status', done({ photos: [mine], pressedAt: pressed })));
    expect(incident(inc.id).timeline.at(-1)).toMatchObject({ photos: [mine], pressedAt: pressed });
  });

  it('attaches a photo to one of two commands that race for it', async () => {
    const mine = await photoOf('field');
    const create = () => {
      const [lng, lat] = nextSpot();
      return ask<Incident>(field, 'incident:create', {
        commandId: cid('race'),
        category: 'safety_hazard',
        priority: 4,
        lng,
        lat,
        source: 'grid_worker',
        description: '井盖缺失',
        photos: [mine]
      });
    };
    const results = await Promise.all([create(), create()]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error === 'INVALID')).toHaveLength(1);
  });
});

describe('a field unit reporting an incident with photos', () => {
  it('puts the photos on the new incident’s first entry, for the desks of its town to see', async () => {
    const photos = [await photoOf('field', 'image/png', PNG), await photoOf('field')];
    const [lng, lat] = nextSpot();
    const report = {
      category: 'safety_hazard',
      priority: 3,
      lng,
      lat,
      source: 'grid_worker',
      description: '路灯损坏'
    };
    // a hotline call about the same spot came first, so the unit's report makes two entries
    must(
      await ask(desk, 'incident:create', { ...report, source: 'hotline', commandId: cid('call') })
    );
    const pressedAt = Date.now() - 60_000;
    const created = must(
      await ask<Incident>(field, 'incident:create', {
        ...report,
        commandId: cid('report'),
        photos,
        pressedAt
      })
    );
    expect(created).toMatchObject({ townCode: CHUNXI, reportedByUnit: fieldUnit });
    expect(created.timeline.map((e) => e.type)).toEqual(['reported', 'possible_duplicate']);
    expect(created.timeline[0]).toMatchObject({ photos, pressedAt });
    // what the person attached belongs to their own entry, not to what the server added after it
    expect(created.timeline[1].photos).toBeUndefined();
    expect(created.timeline[1].pressedAt).toBeUndefined();
    // the reporter keeps seeing its own report, and so its photos
    for (const who of ['field', 'dispatcher', 'leader-chunxi']) {
      const res = await fetchPhoto(who, photos[0]);
      expect(res.statusCode, who).toBe(200);
      expect(res.rawPayload.equals(PNG)).toBe(true);
    }
    expect((await fetchPhoto('leader-yaxi', photos[0])).statusCode).toBe(404);
  });

  it('creates no incident when a photo is not the reporter’s', async () => {
    const theirs = await photoOf('commander');
    const count = server.app.gridwatch.dispatch.incidents().length;
    const [lng, lat] = nextSpot();
    const res = await ask(field, 'incident:create', {
      commandId: cid('report'),
      category: 'safety_hazard',
      priority: 3,
      lng,
      lat,
      source: 'grid_worker',
      description: '路灯损坏',
      photos: [theirs]
    });
    expect(res).toMatchObject({ ok: false, error: 'INVALID' });
    expect(server.app.gridwatch.dispatch.incidents()).toHaveLength(count);
  });
});
