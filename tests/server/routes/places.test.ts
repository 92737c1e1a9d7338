import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Place } from '../../../shared/district.ts';
import { startServer } from '../../fixtures/server.ts';
import { CHUNXI, YAXI } from '../access/support.ts';

/** `GET /api/places` over a running server: a town leader finds only her towns' places, a district desk all. */

type Server = Awaited<ReturnType<typeof startServer>>;

describe('GET /api/places', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startServer({ units: 0 });
  });
  afterAll(async () => server.close());

  const search = async (username: string, q: string) => {
    const res = await server.as(username, {
      method: 'GET',
      url: `/api/places?q=${encodeURIComponent(q)}`
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Place[];
  };

  it('answers a town leader of 桠溪 nothing of 淳溪, by name or by initials', async () => {
    expect(await search('leader-yaxi', '淳溪')).toEqual([]);
    expect(await search('leader-yaxi', 'cxjd')).toEqual([]);
  });

  it("answers a town leader her own town's places, with their bounding boxes", async () => {
    const hits = await search('leader-yaxi', '桠溪');
    expect(hits[0]).toMatchObject({ code: YAXI, layer: 'town', name: '桠溪街道' });
    expect(hits[0].bbox).toHaveLength(4);
    expect(hits.every((h) => h.townCode === YAXI)).toBe(true);
  });

  it('answers the commander and the dispatcher every town', async () => {
    for (const username of ['commander', 'dispatcher']) {
      expect((await search(username, 'cxjd'))[0], username).toMatchObject({ code: CHUNXI });
      expect((await search(username, '桠溪'))[0], username).toMatchObject({ code: YAXI });
    }
  });
});
