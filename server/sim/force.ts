import type { AreaFeature } from '../../shared/district.ts';
import type { Skill, TravelMode, UnitKind } from '../../shared/domain.ts';
import type { UnitInfo } from '../../shared/protocol.ts';
import { Rng } from '../../geo/random.ts';
import type { District } from '../district.ts';
import type { Store } from '../store/store.ts';
import { personName, shortTownName } from './names.ts';
import { weightedPick } from './sampler.ts';

/**
 * The simulated force of the reference district, created once in an empty store. Proportions follow a county
 * district's grid governance: a few police patrol cars, a town security team per town, grid workers at about
 * three per comprehensive grid for 2,000+ in all, and volunteers as the bulk.
 */

interface KindPlan {
  kind: UnitKind;
  share: number;
  travel: (rng: Rng) => TravelMode;
  skills: (rng: Rng) => Skill[];
}

const PLANS: KindPlan[] = [
  { kind: 'patrol', share: 0.04, travel: () => 'car', skills: () => ['first_aid', 'traffic'] },
  {
    kind: 'security',
    share: 0.06,
    travel: (r) => (r.next() < 0.6 ? 'car' : 'ebike'),
    skills: (r) => (r.next() < 0.5 ? ['fire', 'first_aid'] : ['fire'])
  },
  {
    kind: 'grid_worker',
    share: 0.22,
    travel: (r) => (r.next() < 0.7 ? 'ebike' : 'foot'),
    skills: (r) => (r.next() < 0.4 ? ['mediation'] : [])
  },
  {
    kind: 'mediator',
    share: 0.03,
    travel: (r) => (r.next() < 0.5 ? 'car' : 'ebike'),
    skills: () => ['mediation', 'legal']
  },
  {
    kind: 'volunteer',
    share: 0.65,
    travel: () => 'foot',
    skills: (r) => (r.next() < 0.12 ? ['first_aid'] : [])
  }
];

const KIND_LABEL: Record<UnitKind, string> = {
  patrol: '巡逻',
  security: '安保',
  grid_worker: '网格员',
  volunteer: '志愿者',
  mediator: '调解员'
};

/** Creates `count` units in an empty store; a store that already has units is left as it is. */
export async function ensureForce(
  store: Store,
  district: District,
  count: number,
  seed: number
): Promise<void> {
  if ((await store.units()).length > 0) return;
  await store.putUnits(makeForce(district, count, seed));
}

export function makeForce(district: District, count: number, seed: number): UnitInfo[] {
  const rng = new Rng(seed);
  const towns = district.collection.features.filter((f) => f.properties.layer === 'town');
  const grids = district.grids.comprehensiveGrids;
  const gridsOf = new Map<string, AreaFeature[]>();
  for (const g of grids) {
    const list = gridsOf.get(g.properties.townCode) ?? [];
    list.push(g);
    gridsOf.set(g.properties.townCode, list);
  }
  const townName = new Map(towns.map((t) => [t.properties.code, shortTownName(t.properties.name)]));
  const counters = new Map<string, number>();
  const units: UnitInfo[] = [];

  for (const plan of PLANS) {
    const n =
      plan === PLANS[PLANS.length - 1] ? count - units.length : Math.round(count * plan.share);
    for (let k = 0; k < n; k++) {
      // people live and work where people are: home grid weighted by its population
      const grid = weightedPick(grids, (g) => g.properties.population ?? 1, rng);
      const townCode = grid.properties.townCode;
      const key = `${plan.kind}:${townCode}`;
      const nth = (counters.get(key) ?? 0) + 1;
      counters.set(key, nth);
      const idx = units.length;
      units.push({
        id: `${plan.kind.slice(0, 3).toUpperCase()}-${String(idx + 1).padStart(5, '0')}`,
        idx,
        kind: plan.kind,
        name: unitName(plan.kind, townName.get(townCode) ?? '', nth, rng),
        homeTown: townCode,
        homeGrid: grid.properties.code,
        skills: plan.skills(rng),
        travel: plan.travel(rng),
        // a share of volunteers and grid workers are off shift at any time
        status: plan.kind === 'volunteer' && rng.next() < 0.35 ? 'off_duty' : 'available',
        incidentId: null
      });
    }
  }
  formCommittees(units, district);
  return units;
}

function unitName(kind: UnitKind, town: string, nth: number, rng: Rng): string {
  if (kind === 'patrol') return `${town}巡逻${nth}组`;
  if (kind === 'security') return `${town}安保${nth}队`;
  return `${KIND_LABEL[kind]} ${personName(rng)}`;
}

/** members of each border zone's joint-mediation committee */
const COMMITTEE_SIZE = 4;

/**
 * Each border zone has a joint-mediation committee: mediators of the zone's town first, then others, four each,
 * no mediator on two committees. Its members are told of every incident in the zone.
 */
function formCommittees(units: UnitInfo[], district: District): void {
  const zones = district.grids.specialisedGrids.filter((g) => g.properties.theme === 'border');
  const free = units.filter((u) => u.kind === 'mediator');
  for (const zone of zones) {
    free.sort(
      (a, b) =>
        Number(b.homeTown === zone.properties.townCode) -
          Number(a.homeTown === zone.properties.townCode) || a.idx - b.idx
    );
    for (const u of free.splice(0, COMMITTEE_SIZE)) u.group = zone.properties.code;
  }
}
