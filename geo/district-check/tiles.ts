import type { BBox } from '../bbox.ts';

/**
 * A uniform grid of tiles over the district, square in metres, sized to hold a few grids each, with a "dirty"
 * flag per tile. A tile is dirty when an uncancelled edge touches its closed box. Clean tiles that touch one
 * another form components over which the coverage count (grids covering a point − district covering it) is
 * constant, since no uncancelled edge, where alone the count changes, passes through them; one point decides a
 * whole component, and a component whose count is not 0 (a missing grid larger than a tile, a duplicated grid)
 * is dirty too.
 */

/** target comprehensive grids per tile: small enough that a dirty tile's boolean operations stay cheap */
const GRIDS_PER_TILE = 3;
/** tiles along an axis at most (a 10,000-grid district needs about 60) */
const MAX_TILES_PER_AXIS = 512;

export class TileGrid {
  readonly nx: number;
  readonly ny: number;
  readonly #x0: number;
  readonly #y0: number;
  readonly #w: number;
  readonly #h: number;
  readonly #dirty: Uint8Array;

  constructor(extent: BBox, gridCount: number) {
    const [minX, minY, maxX, maxY] = extent;
    const kx = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
    const widthM = Math.max((maxX - minX) * kx, 1e-9);
    const heightM = Math.max(maxY - minY, 1e-9);
    const target = Math.max(1, Math.ceil(gridCount / GRIDS_PER_TILE));
    const side = Math.sqrt((widthM * heightM) / target);
    this.nx = clamp(Math.ceil(widthM / side), 1, MAX_TILES_PER_AXIS);
    this.ny = clamp(Math.ceil(heightM / side), 1, MAX_TILES_PER_AXIS);
    this.#x0 = minX;
    this.#y0 = minY;
    // a hair wider than the extent, so the east and north edges fall inside the last tile
    this.#w = ((maxX - minX) * (1 + 1e-9) || 1e-9) / this.nx;
    this.#h = ((maxY - minY) * (1 + 1e-9) || 1e-9) / this.ny;
    this.#dirty = new Uint8Array(this.nx * this.ny);
  }

  get count(): number {
    return this.nx * this.ny;
  }

  /** The tile's box; neighbours compute their common edge with the same expression, so it matches exactly. */
  box(t: number): BBox {
    const i = t % this.nx;
    const j = Math.floor(t / this.nx);
    return [
      this.#x0 + i * this.#w,
      this.#y0 + j * this.#h,
      this.#x0 + (i + 1) * this.#w,
      this.#y0 + (j + 1) * this.#h
    ];
  }

  /** Marks every tile whose closed box meets the given box (a shade wider, so a tile edge counts on both sides). */
  markBox(minX: number, minY: number, maxX: number, maxY: number): void {
    const i0 = clamp(Math.floor((minX - this.#x0) / this.#w - 1e-7), 0, this.nx - 1);
    const i1 = clamp(Math.floor((maxX - this.#x0) / this.#w + 1e-7), 0, this.nx - 1);
    const j0 = clamp(Math.floor((minY - this.#y0) / this.#h - 1e-7), 0, this.ny - 1);
    const j1 = clamp(Math.floor((maxY - this.#y0) / this.#h + 1e-7), 0, this.ny - 1);
    for (let j = j0; j <= j1; j++) for (let i = i0; i <= i1; i++) this.#dirty[j * this.nx + i] = 1;
  }

  /**
   * Marks dirty every component of clean tiles where `countAt` (at one point of one tile) is not 0. The point is
   * off-centre by an irrational fraction so it does not sit on an edge placed on a round coordinate.
   */
  markWrongComponents(countAt: (x: number, y: number) => number): void {
    const seen = new Uint8Array(this.#dirty.length);
    const stack: number[] = [];
    const component: number[] = [];
    for (let t = 0; t < this.#dirty.length; t++) {
      if (this.#dirty[t] || seen[t]) continue;
      component.length = 0;
      stack.push(t);
      seen[t] = 1;
      while (stack.length) {
        const u = stack.pop()!;
        component.push(u);
        const i = u % this.nx;
        const j = Math.floor(u / this.nx);
        const next = [
          i > 0 ? u - 1 : -1,
          i + 1 < this.nx ? u + 1 : -1,
          j > 0 ? u - this.nx : -1,
          j + 1 < this.ny ? u + this.nx : -1
        ];
        for (const v of next)
          if (v >= 0 && !seen[v] && !this.#dirty[v]) {
            seen[v] = 1;
            stack.push(v);
          }
      }
      const [x0, y0, x1, y1] = this.box(t);
      const f = 0.5 + 0.0123 * Math.SQRT2;
      if (countAt(x0 + f * (x1 - x0), y0 + f * (y1 - y0)) !== 0)
        for (const u of component) this.#dirty[u] = 1;
    }
  }

  *dirtyTiles(): Generator<number> {
    for (let t = 0; t < this.#dirty.length; t++) if (this.#dirty[t]) yield t;
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
