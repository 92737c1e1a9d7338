import type { AreaFeature, DistrictCollection, GridKind, LngLat } from '../../shared/district.ts';
import { OwnerIndex } from '../district-check/owners.ts';
import { cleanPolys, orientPoly, polysOf, type MultiPoly } from '../district-check/polygons.ts';
import { geometryIssue } from '../district-check/validity.ts';

/**
 * The town and community of an imported grid, from the current district. A file may name them by code
 * (320118001) or by name (淳溪街道, or just 淳溪); a grid that names none is placed where most of its area lies
 * (a specialised grid: where its label point lies, as the generator does).
 */

/** administrative suffixes a survey may leave off: 淳溪 for 淳溪街道, 凤岭 for 凤岭社区 */
const SUFFIX = /(街道办事处|街道|镇|乡|社区居委会|村民委员会|居民委员会|居委会|村委会|社区|村)$/;

export class ParentResolver {
  readonly #towns: AreaFeature[];
  readonly #communities: AreaFeature[];
  readonly #townIndex: OwnerIndex;
  readonly #communityIndex: OwnerIndex;

  constructor(current: DistrictCollection | null) {
    const usable = (layer: string) =>
      (current?.features ?? []).filter(
        (f) => f.properties.layer === layer && !geometryIssue(f.geometry)
      );
    this.#towns = usable('town');
    this.#communities = usable('community');
    this.#townIndex = new OwnerIndex(this.#towns.map(owner));
    this.#communityIndex = new OwnerIndex(this.#communities.map(owner));
  }

  get hasTowns(): boolean {
    return this.#towns.length > 0;
  }

  get hasCommunities(): boolean {
    return this.#communities.length > 0;
  }

  /** The town a value names, by code or by name; undefined when none or several match. */
  town(value: string): AreaFeature | undefined {
    return match(this.#towns, value);
  }

  /** The community a value names, looked for in the town given first. */
  community(value: string, townCode?: string): AreaFeature | undefined {
    const inTown = townCode
      ? this.#communities.filter((c) => c.properties.townCode === townCode)
      : [];
    return match(inTown, value) ?? match(this.#communities, value);
  }

  /** The town holding most of the grid (a specialised grid: its label point); '' when none does. */
  placeTown(polys: MultiPoly, labelAt: LngLat, kind: GridKind): string {
    return place(this.#townIndex, polys, labelAt, kind, () => true);
  }

  /** The community of `townCode` holding most of the grid, else any community holding most of it. */
  placeCommunity(polys: MultiPoly, labelAt: LngLat, kind: GridKind, townCode: string): string {
    const inTown = (code: string) =>
      this.#communities.find((c) => c.properties.code === code)?.properties.townCode === townCode;
    return (
      place(this.#communityIndex, polys, labelAt, kind, inTown) ||
      place(this.#communityIndex, polys, labelAt, kind, () => true)
    );
  }
}

function owner(f: AreaFeature) {
  return { code: f.properties.code, polys: cleanPolys(polysOf(f)).map(orientPoly) };
}

function place(
  index: OwnerIndex,
  polys: MultiPoly,
  labelAt: LngLat,
  kind: GridKind,
  accept: (code: string) => boolean
): string {
  if (kind === 'specialised') {
    const k = index.at(labelAt);
    if (k >= 0 && accept(index.owners[k].code)) return index.owners[k].code;
  }
  const best = index.shares(polys).find((s) => accept(index.owners[s.owner].code));
  return best ? index.owners[best.owner].code : '';
}

function match(list: readonly AreaFeature[], value: string): AreaFeature | undefined {
  const v = value.replace(/\s+/g, '');
  if (!v) return undefined;
  const byCode = list.filter((f) => f.properties.code === v);
  if (byCode.length === 1) return byCode[0];
  const byName = list.filter((f) => f.properties.name === v);
  if (byName.length === 1) return byName[0];
  const bare = v.replace(SUFFIX, '');
  if (!bare) return undefined;
  const byStem = list.filter((f) => f.properties.name.replace(SUFFIX, '') === bare);
  return byStem.length === 1 ? byStem[0] : undefined;
}
