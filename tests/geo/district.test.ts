import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Flatbush from 'flatbush';
import { area, booleanPointInPolygon, featureCollection, intersect, kinks } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import type { AreaFeature, DistrictCollection } from '../../shared/district.ts';
import { buildDistrict, serialize } from '../../geo/build/district.ts';

const FILE = fileURLToPath(new URL('../../geo/data/gaochun.json', import.meta.url));
const text = readFileSync(FILE, 'utf8');
const district = JSON.parse(text) as DistrictCollection;
const features = district.features;

const TOWNS: Record<string, string> = {
  '320118001': '淳溪街道',
  '320118002': '古柏街道',
  '320118003': '漆桥街道',
  '320118004': '固城街道',
  '320118005': '东坝街道',
  '320118006': '桠溪街道',
  '320118101': '阳江镇',
  '320118102': '砖墙镇'
};

const layer = (l: string) => features.filter((f) => f.properties.layer === l);
const comprehensive = features.filter((f) => f.properties.gridKind === 'comprehensive');
const specialised = features.filter((f) => f.properties.gridKind === 'specialised');
const townByCode = new Map(layer('town').map((t) => [t.properties.code, t]));
const asTurf = (f: AreaFeature) => f as unknown as Feature<Polygon | MultiPolygon>;

function bbox(f: AreaFeature): [number, number, number, number] {
  const b = [Infinity, Infinity, -Infinity, -Infinity] as [number, number, number, number];
  const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  for (const p of polys)
    for (const [x, y] of p[0]) {
      b[0] = Math.min(b[0], x);
      b[1] = Math.min(b[1], y);
      b[2] = Math.max(b[2], x);
      b[3] = Math.max(b[3], y);
    }
  return b;
}

describe('reference district geo/data/gaochun.json', () => {
  it('has exactly one district feature: 高淳区, code 320118', () => {
    const d = layer('district');
    expect(d).toHaveLength(1);
    expect(d[0].properties).toMatchObject({ code: '320118', name: '高淳区', townCode: '320118' });
  });

  it('has the 8 real towns of 高淳区 with their official codes and names', () => {
    const towns = layer('town').map((t) => [t.properties.code, t.properties.name]);
    expect(Object.fromEntries(towns)).toEqual(TOWNS);
    expect(towns).toHaveLength(8);
  });

  it('gives every town communities, each coded under and lying inside its own town', () => {
    const communities = layer('community');
    expect(communities.length).toBeGreaterThanOrEqual(8);
    for (const code of Object.keys(TOWNS))
      expect(communities.some((c) => c.properties.townCode === code)).toBe(true);
    for (const c of communities) {
      const town = townByCode.get(c.properties.townCode);
      expect(town, c.properties.code).toBeDefined();
      expect(c.properties.code.startsWith(c.properties.townCode)).toBe(true);
      expect(c.properties.name).not.toMatch(/(居委会|村委会)$/);
      const inside = intersect(featureCollection([asTurf(c), asTurf(town!)]));
      expect(inside ? area(inside) / area(asTurf(c)) : 0, c.properties.name).toBeGreaterThan(
        0.9999
      );
    }
  });

  it('gives every community at least one comprehensive grid, and every grid a community of its own town', () => {
    const communities = new Map(layer('community').map((c) => [c.properties.code, c]));
    const perCommunity = new Map<string, number>();
    for (const g of comprehensive) {
      const c = communities.get(g.properties.communityCode ?? '');
      expect(c, g.properties.code).toBeDefined();
      expect(c!.properties.townCode, g.properties.code).toBe(g.properties.townCode);
      perCommunity.set(c!.properties.code, (perCommunity.get(c!.properties.code) ?? 0) + 1);
    }
    for (const code of communities.keys())
      expect(perCommunity.get(code) ?? 0, code).toBeGreaterThanOrEqual(1);
  });

  it('has exactly 704 comprehensive and 18 specialised grids, 722 in all', () => {
    expect(comprehensive).toHaveLength(704);
    expect(specialised).toHaveLength(18);
    expect(layer('grid')).toHaveLength(722);
    for (const s of specialised) {
      expect(s.properties.code).toMatch(/^320118-S(0[1-9]|1[0-8])$/);
      expect([
        'school',
        'hospital',
        'market',
        'industrial',
        'scenic',
        'lakeshore',
        'border',
        'old_street'
      ]).toContain(s.properties.theme);
    }
  });

  it('gives every grid a valid polygon: closed rings of at least 4 positions and no kinks', () => {
    for (const g of layer('grid')) {
      expect(g.geometry.type, g.properties.code).toBe('Polygon');
      for (const ring of g.geometry.coordinates as number[][][]) {
        expect(ring.length, g.properties.code).toBeGreaterThanOrEqual(4);
        expect(ring[ring.length - 1], g.properties.code).toEqual(ring[0]);
      }
      expect(kinks(asTurf(g)).features, g.properties.code).toHaveLength(0);
    }
  });

  it('uses every code once, and grid codes follow town-community-number', () => {
    const codes = features.map((f) => f.properties.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const g of comprehensive) {
      const { code, townCode, communityCode } = g.properties;
      expect(code).toMatch(/^\d{9}-\d{3}-\d{2}$/);
      expect(code).toBe(`${townCode}-${communityCode!.slice(-3)}-${code.slice(-2)}`);
    }
  });

  it('tiles the district: comprehensive grid areas sum to the district area within 0.1%', () => {
    const districtArea = area(asTurf(layer('district')[0]));
    const gridArea = comprehensive.reduce((s, g) => s + area(asTurf(g)), 0);
    const diffPercent = (Math.abs(gridArea - districtArea) / districtArea) * 100;
    console.log(
      `grid area sum vs district: ${diffPercent.toExponential(2)} % of ${(districtArea / 1e6).toFixed(1)} km²`
    );
    expect(diffPercent).toBeLessThan(0.1);
  });

  it('never lets two comprehensive grids overlap by more than 1 m²', () => {
    const boxes = comprehensive.map(bbox);
    const index = new Flatbush(boxes.length);
    for (const b of boxes) index.add(b[0], b[1], b[2], b[3]);
    index.finish();
    let pairs = 0;
    let worst = 0;
    let worstPair = '';
    boxes.forEach((b, i) => {
      for (const j of index.search(b[0], b[1], b[2], b[3])) {
        if (j <= i) continue;
        pairs++;
        const overlap = intersect(
          featureCollection([asTurf(comprehensive[i]), asTurf(comprehensive[j])])
        );
        const m2 = overlap ? area(overlap) : 0;
        if (m2 > worst) {
          worst = m2;
          worstPair = `${comprehensive[i].properties.code} / ${comprehensive[j].properties.code}`;
        }
      }
    });
    console.log(
      `overlap check: ${pairs} candidate pairs, largest overlap ${worst.toFixed(3)} m² ${worstPair}`
    );
    expect(pairs).toBeGreaterThan(704);
    expect(worst, worstPair).toBeLessThanOrEqual(1);
  }, 120_000);

  it('puts every comprehensive grid in its own town: its label point lies in the town with its townCode', () => {
    for (const g of comprehensive) {
      const town = townByCode.get(g.properties.townCode);
      expect(town, g.properties.code).toBeDefined();
      expect(booleanPointInPolygon(g.properties.labelAt, asTurf(g)), g.properties.code).toBe(true);
      expect(booleanPointInPolygon(g.properties.labelAt, asTurf(town!)), g.properties.code).toBe(
        true
      );
      for (const other of townByCode.values())
        if (other !== town)
          expect(
            booleanPointInPolygon(g.properties.labelAt, asTurf(other), { ignoreBoundary: true })
          ).toBe(false);
    }
  });

  it('labels every feature at a point inside it', () => {
    for (const f of features)
      expect(booleanPointInPolygon(f.properties.labelAt, asTurf(f)), f.properties.code).toBe(true);
  });

  it('has a district outline without self-intersections', () => {
    expect(kinks(asTurf(layer('district')[0])).features).toHaveLength(0);
  });

  it('rounds every coordinate to 6 decimals and stays well under 3 MB', () => {
    expect(Buffer.byteLength(text)).toBeLessThan(2 * 1024 * 1024);
    expect(text).not.toMatch(/\d\.\d{7,}/);
  });

  it('regenerates byte-identical output: the in-process build matches the file written by main.ts', () => {
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    expect(sha(serialize(buildDistrict().collection))).toBe(sha(text));
  }, 120_000);
});
