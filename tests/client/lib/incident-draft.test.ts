import { describe, expect, it } from 'vitest';
import type { IncidentCreate } from '../../../shared/commands.ts';
import type { Place } from '../../../shared/district.ts';
import { loadDistrict } from '../../../server/district.ts';
import { PlaceIndex } from '../../../server/places.ts';
import type { Api } from '../../../client/src/lib/api.ts';
import { msg } from '../../../client/src/lib/i18n.ts';
import { IncidentDraft } from '../../../client/src/lib/incident-draft.svelte.ts';
import type { LiveLink } from '../../../client/src/lib/live.svelte.ts';

/**
 * The new-incident form's location against the real district: a place found by name frames the map and waits
 * for a point inside it; a click outside is refused; only an exact point is ever sent.
 */

const district = loadDistrict();
const index = new PlaceIndex(district.collection);
const find = (q: string, layer: Place['layer']): Place => {
  const hit = index.search(q).find((p) => p.layer === layer);
  if (!hit) throw new Error(`no ${layer} for ${q}`);
  return hit;
};
const YAXI = find('桠溪', 'town');
const CHUNXI = find('淳溪', 'town');

function rig() {
  const sent: IncidentCreate[] = [];
  const live = {
    createIncident: async (cmd: IncidentCreate) => {
      sent.push(cmd);
      return { ok: false, error: 'OFFLINE', message: 'offline' };
    }
  } as unknown as LiveLink;
  const draft = new IncidentDraft(live, {} as Api, () => district.collection);
  draft.start();
  return { draft, sent };
}

describe('IncidentDraft and a place found by name', () => {
  it('leaves the location unset and frames the map on a chosen town', () => {
    const { draft } = rig();
    draft.pick(118.9, 31.3);
    draft.pickPlace(YAXI);
    expect(draft.hasLocation).toBe(false);
    expect(draft.lng).toBeNull();
    expect(draft.awaitingPoint).toBe(true);
    expect(draft.frame).toEqual({ code: YAXI.code, bbox: YAXI.bbox });
    expect(draft.placeName).toBe('桠溪街道');
  });

  it('frames each choice anew, even of the same place', () => {
    const { draft } = rig();
    draft.pickPlace(YAXI);
    const first = draft.frame;
    draft.pickPlace(YAXI);
    expect(draft.frame).not.toBe(first);
  });

  it('takes a click inside the chosen town', () => {
    const { draft } = rig();
    draft.pickPlace(YAXI);
    expect(draft.pick(YAXI.labelAt[0], YAXI.labelAt[1])).toBe(true);
    expect([draft.lng, draft.lat]).toEqual(YAXI.labelAt.map((v) => Math.round(v * 1e6) / 1e6));
    expect(draft.awaitingPoint).toBe(false);
    expect(draft.refusal).toBe('');
  });

  it('refuses a click outside the chosen town, inside its bounding box or in another town', () => {
    const { draft } = rig();
    draft.pickPlace(YAXI);
    expect(draft.pick(CHUNXI.labelAt[0], CHUNXI.labelAt[1])).toBe(false);
    expect(draft.hasLocation).toBe(false);
    expect(draft.refusal).toBe(msg.form.placeOutside('桠溪街道'));
    // a corner of the box lies outside a town that is not a rectangle
    const [w, s, e, n] = YAXI.bbox;
    const corners: Array<[number, number]> = [
      [w, s],
      [w, n],
      [e, s],
      [e, n]
    ];
    for (const [lng, lat] of corners) expect(draft.pick(lng + 1e-6, lat + 1e-6)).toBe(false);
    // a later click inside clears the refusal
    expect(draft.pick(YAXI.labelAt[0], YAXI.labelAt[1])).toBe(true);
    expect(draft.refusal).toBe('');
  });

  it('places a chosen grid at its label point for now, framed, until a click in the grid', () => {
    const { draft } = rig();
    const grid = find('凤岭社区第', 'grid');
    draft.pickPlace(grid);
    expect(draft.hasLocation).toBe(true);
    expect(draft.provisional).toBe(true);
    expect(draft.frame?.bbox).toEqual(grid.bbox);
    expect(draft.pick(YAXI.labelAt[0], YAXI.labelAt[1])).toBe(false);
    expect(draft.provisional).toBe(true);
    expect(draft.pick(grid.labelAt[0] + 1e-7, grid.labelAt[1])).toBe(true);
    expect(draft.provisional).toBe(false);
  });

  it('picks anywhere once the place is cleared, and on a fresh form', () => {
    const { draft } = rig();
    draft.pickPlace(YAXI);
    draft.releasePlace();
    expect(draft.pick(CHUNXI.labelAt[0], CHUNXI.labelAt[1])).toBe(true);
    draft.pickPlace(YAXI);
    draft.cancel();
    draft.start();
    expect(draft.frame).toBeNull();
    expect(draft.pick(CHUNXI.labelAt[0], CHUNXI.labelAt[1])).toBe(true);
  });

  it('sends nothing while the exact point is missing or typed outside the place', async () => {
    const { draft, sent } = rig();
    draft.pickPlace(YAXI);
    expect(await draft.submit()).toBeNull();
    expect(draft.error).toBe(msg.form.placePointPrompt('桠溪街道'));
    draft.lng = CHUNXI.labelAt[0];
    draft.lat = CHUNXI.labelAt[1];
    draft.typedLocation();
    expect(await draft.submit()).toBeNull();
    expect(draft.error).toBe(msg.form.placeOutside('桠溪街道'));
    expect(sent).toEqual([]);
    draft.pick(YAXI.labelAt[0], YAXI.labelAt[1]);
    await draft.submit();
    expect(sent).toHaveLength(1);
    expect([sent[0].lng, sent[0].lat]).toEqual([draft.lng, draft.lat]);
  });
});
