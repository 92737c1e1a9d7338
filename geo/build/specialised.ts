/**
 * The 18 specialised grids (专属网格) laid over the comprehensive ones: the old street, industrial parks,
 * schools, hospitals, markets, scenic areas, lakeshores and the provincial/county borders. Places are
 * real; their footprints are simple shapes (circles, rectangles, buffered lines) at approximate locations,
 * clipped to the district. They overlap comprehensive grids on purpose.
 */
import { buffer, circle, kinks, lineString, polygon, simplify } from '@turf/turf';
import type { Polygon } from 'geojson';
import type { LngLat } from '../../shared/district.ts';
import { intersectPolys } from './clip.ts';
import { cleanRing, KX, M_PER_DEG, orient, polyArea, round6, type Poly } from './rings.ts';

export type Theme =
  | 'school'
  | 'hospital'
  | 'market'
  | 'industrial'
  | 'scenic'
  | 'lakeshore'
  | 'border'
  | 'old_street';

type Shape =
  | { kind: 'circle'; at: LngLat; radius: number }
  | { kind: 'rect'; at: LngLat; width: number; height: number; rotate: number }
  | { kind: 'strip'; line: LngLat[]; width: number }
  /** the district edge inside a lng/lat box, as a strip `width` metres deep */
  | { kind: 'edge'; box: [number, number, number, number]; width: number };

interface Spec {
  name: string;
  theme: Theme;
  shape: Shape;
}

/** sizes in metres; rotate in degrees counter-clockwise from east */
const SPECS: Spec[] = [
  {
    name: '高淳老街',
    theme: 'old_street',
    shape: { kind: 'rect', at: [118.873, 31.323], width: 750, height: 150, rotate: 8 }
  },
  {
    name: '高淳经济开发区',
    theme: 'industrial',
    shape: { kind: 'rect', at: [118.935, 31.326], width: 3000, height: 2000, rotate: 15 }
  },
  {
    name: '东坝工业集中区',
    theme: 'industrial',
    shape: { kind: 'rect', at: [119.03, 31.29], width: 1600, height: 1100, rotate: -10 }
  },
  {
    name: '江苏省高淳高级中学',
    theme: 'school',
    shape: { kind: 'circle', at: [118.885, 31.336], radius: 300 }
  },
  {
    name: '南京市淳辉高级中学',
    theme: 'school',
    shape: { kind: 'circle', at: [118.862, 31.318], radius: 250 }
  },
  {
    name: '高淳区实验小学',
    theme: 'school',
    shape: { kind: 'circle', at: [118.878, 31.329], radius: 180 }
  },
  {
    name: '南京市高淳人民医院',
    theme: 'hospital',
    shape: { kind: 'circle', at: [118.893, 31.33], radius: 250 }
  },
  {
    name: '南京市高淳中医院',
    theme: 'hospital',
    shape: { kind: 'circle', at: [118.869, 31.333], radius: 200 }
  },
  {
    name: '淳溪农贸市场',
    theme: 'market',
    shape: { kind: 'rect', at: [118.881, 31.325], width: 260, height: 200, rotate: 0 }
  },
  {
    name: '东坝农贸市场',
    theme: 'market',
    shape: { kind: 'rect', at: [119.041, 31.281], width: 220, height: 180, rotate: 0 }
  },
  {
    name: '桠溪国际慢城',
    theme: 'scenic',
    shape: { kind: 'rect', at: [119.085, 31.385], width: 6000, height: 4000, rotate: 20 }
  },
  {
    name: '游子山国家森林公园',
    theme: 'scenic',
    shape: { kind: 'circle', at: [118.985, 31.325], radius: 1300 }
  },
  {
    name: '漆桥古村落',
    theme: 'scenic',
    shape: { kind: 'circle', at: [118.972, 31.372], radius: 350 }
  },
  {
    name: '固城湖湖滨',
    theme: 'lakeshore',
    shape: {
      kind: 'strip',
      width: 500,
      line: [
        [118.868, 31.262],
        [118.876, 31.285],
        [118.895, 31.298],
        [118.925, 31.296],
        [118.945, 31.282]
      ]
    }
  },
  {
    name: '石臼湖湖滨',
    theme: 'lakeshore',
    // The district's north-west edge is the southern shore of 石臼湖 (the lake itself lies beyond it).
    shape: { kind: 'edge', box: [118.74, 31.36, 118.86, 31.43], width: 600 }
  },
  // 高淳 borders Anhui (当涂/宣州 to the west, 郎溪 to the south) and 溧阳 (Changzhou) to the east.
  {
    name: '苏皖交界（阳江段）',
    theme: 'border',
    shape: { kind: 'edge', box: [118.6, 31.2, 118.76, 31.4], width: 800 }
  },
  {
    name: '苏皖交界（固城段）',
    theme: 'border',
    shape: { kind: 'edge', box: [118.88, 31.2, 119.02, 31.25], width: 800 }
  },
  {
    name: '高溧交界（桠溪段）',
    theme: 'border',
    shape: { kind: 'edge', box: [119.15, 31.3, 119.3, 31.42], width: 800 }
  }
];

export const SPECIALISED_COUNT = SPECS.length;

/** metres east/north of `at` to [lng, lat] */
function offset(at: LngLat, east: number, north: number): LngLat {
  return [at[0] + east / (M_PER_DEG * KX), at[1] + north / M_PER_DEG];
}

/** the longest run of the district's outer ring inside `box`, as a line to buffer */
function edgeLine(district: Poly, box: [number, number, number, number]): LngLat[] {
  const ring = district[0].slice(0, -1);
  const inBox = (p: LngLat) => p[0] >= box[0] && p[0] <= box[2] && p[1] >= box[1] && p[1] <= box[3];
  // Start the scan at a vertex outside the box so a run never wraps around the ring's seam.
  const start = Math.max(
    0,
    ring.findIndex((p) => !inBox(p))
  );
  let best: LngLat[] = [];
  let run: LngLat[] = [];
  for (let k = 0; k <= ring.length; k++) {
    const p = ring[(start + k) % ring.length];
    if (k < ring.length && inBox(p)) run.push(p);
    else {
      if (run.length > best.length) best = run;
      run = [];
    }
  }
  if (best.length < 2) throw new Error(`no district edge inside box ${box.join(',')}`);
  return best;
}

function footprint(shape: Shape, district: Poly): Poly {
  switch (shape.kind) {
    case 'circle':
      return circle(shape.at, shape.radius, { units: 'meters', steps: 32 }).geometry
        .coordinates as Poly;
    case 'rect': {
      const a = (shape.rotate * Math.PI) / 180;
      const corners = [
        [-1, -1],
        [1, -1],
        [1, 1],
        [-1, 1]
      ].map(([u, v]) => {
        const e = (u * shape.width) / 2;
        const n = (v * shape.height) / 2;
        return offset(
          shape.at,
          e * Math.cos(a) - n * Math.sin(a),
          e * Math.sin(a) + n * Math.cos(a)
        );
      });
      return [[...corners, corners[0]]];
    }
    case 'strip':
    case 'edge': {
      const line = shape.kind === 'strip' ? shape.line : edgeLine(district, shape.box);
      const b = buffer(lineString(line), shape.width / 2, { units: 'meters', steps: 4 });
      if (!b) throw new Error('buffer failed');
      return (b.geometry as Polygon).coordinates as Poly;
    }
  }
}

/** rounds to the output precision; simplifies harder until turf.kinks is satisfied */
function finish(p: Poly, name: string): Poly {
  for (const tol of [0, 0.00005, 0.0001, 0.0002, 0.0004]) {
    const s = tol
      ? (simplify(polygon(p), { tolerance: tol, highQuality: true }).geometry.coordinates as Poly)
      : p;
    const r = orient(
      s
        .map((ring) => cleanRing(ring.map(([x, y]) => [round6(x), round6(y)] as LngLat)))
        .filter((ring) => ring.length >= 4)
    );
    if (r.length && kinks(polygon(r)).features.length === 0) return r;
  }
  throw new Error(`specialised grid ${name} keeps self-intersecting after rounding`);
}

export interface SpecialisedArea {
  code: string;
  name: string;
  theme: Theme;
  poly: Poly;
}

export function buildSpecialised(district: Poly[]): SpecialisedArea[] {
  return SPECS.map((spec, i) => {
    const pieces = intersectPolys(district, [footprint(spec.shape, district[0])]);
    if (!pieces.length) throw new Error(`specialised grid ${spec.name} lies outside the district`);
    // A strip clipped to a ragged edge can fall apart; the largest piece is the zone.
    const main = pieces.reduce((m, p) => (polyArea(p) > polyArea(m) ? p : m));
    return {
      code: `320118-S${String(i + 1).padStart(2, '0')}`,
      name: spec.name,
      theme: spec.theme,
      poly: finish(main, spec.name)
    };
  });
}
