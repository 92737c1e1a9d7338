import type { AreaFeature } from '../../shared/district.ts';
import {
  INCIDENT_SOURCES,
  type IncidentCategory,
  type IncidentSource,
  type Priority
} from '../../shared/domain.ts';
import type { Rng } from '../../geo/random.ts';
import type { Land } from '../../geo/land.ts';
import type { DispatchService } from '../dispatch/service.ts';
import type { Logger } from '../logger.ts';
import { randomLandPointIn, weightedPick } from './sampler.ts';
import { Scope } from '../access/scope.ts';

/**
 * Incidents at a realistic rate, placed by population (so denser in 淳溪), with the category and priority mix of
 * a county district's grid work. The simulator also plays a second dispatcher: a simulated incident nobody has
 * dispatched after a while goes to its best-ranked unit, so the demo keeps moving without a person at the desk.
 */

const PER_HOUR = 90;
const SIM = Scope.system('sim');
/** a fresh district starts with a few incidents in its first seconds, so a newcomer sees the loop at once */
const WARM_UP = 6;
const WARM_UP_GAP_MS = 1500;
const AUTO_DISPATCH_AFTER_MS: [number, number] = [45_000, 120_000];

const CATEGORY_MIX: Array<[IncidentCategory, number]> = [
  ['dispute', 30],
  ['safety_hazard', 20],
  ['public_order', 15],
  ['traffic', 12],
  ['petition', 8],
  ['fraud', 6],
  ['injury', 6],
  ['fire', 3]
];
const PRIORITY_MIX: Array<[Priority, number]> = [
  [1, 5],
  [2, 20],
  [3, 45],
  [4, 30]
];
const DESCRIPTIONS: Record<IncidentCategory, string[]> = {
  dispute: ['邻里因宅基地边界发生争执', '家庭纠纷，需要调解', '商户与顾客发生口角'],
  safety_hazard: ['路边电线杆倾斜', '小区消防通道被占用', '河道护栏破损'],
  public_order: ['夜间聚集喧哗', '有人在街头滋事', '市场内发生推搡'],
  traffic: ['两车轻微剐蹭，占用车道', '路口信号灯故障', '电动车与行人相撞'],
  petition: ['村民反映土地补偿问题', '居民集体反映物业问题'],
  fraud: ['老人疑似遭遇电信诈骗', '有人上门推销可疑保健品'],
  injury: ['老人在家中摔倒', '路人突发身体不适'],
  fire: ['农田秸秆起火', '居民楼冒烟']
};
/** sources a simulated incident may come from (a dispatcher's own entries are the real dispatcher's) */
const SIM_SOURCES = INCIDENT_SOURCES.filter((s) => s !== 'dispatcher') as IncidentSource[];

export class IncidentGenerator {
  readonly #dispatch: DispatchService;
  readonly #rng: Rng;
  readonly #log: Logger;
  #grids: readonly AreaFeature[];
  #land: Land;
  readonly #commandId: () => string;
  /** simulated incidents and when the simulated dispatcher takes them if nobody has */
  readonly #autoAt = new Map<string, number>();
  #nextAt: number;
  #warmUp: number;

  constructor(opts: {
    grids: readonly AreaFeature[];
    land: Land;
    dispatch: DispatchService;
    rng: Rng;
    log: Logger;
    commandId: () => string;
  }) {
    this.#dispatch = opts.dispatch;
    this.#rng = opts.rng;
    this.#log = opts.log;
    this.#grids = opts.grids;
    this.#land = opts.land;
    this.#commandId = opts.commandId;
    const open = this.#dispatch.incidents().filter((i) => i.status !== 'resolved').length;
    this.#warmUp = Math.max(0, WARM_UP - open);
    this.#nextAt = Date.now() + (this.#warmUp ? WARM_UP_GAP_MS : this.#gap());
  }

  /** Another district version is in force: place incidents on its grids. */
  useGrids(grids: readonly AreaFeature[], land: Land): void {
    this.#grids = grids;
    this.#land = land;
  }

  step(now: number): void {
    if (now >= this.#nextAt) {
      if (this.#warmUp > 0) this.#warmUp--;
      this.#nextAt = now + (this.#warmUp ? WARM_UP_GAP_MS : this.#gap());
      this.#create(now);
    }
    for (const [id, at] of this.#autoAt) {
      if (now < at) continue;
      this.#autoAt.delete(id);
      this.#autoDispatch(id);
    }
  }

  /** exponential gaps: a Poisson process at PER_HOUR */
  #gap(): number {
    return (-Math.log(1 - this.#rng.next()) * 3600_000) / PER_HOUR;
  }

  #create(now: number): void {
    const rng = this.#rng;
    const grid = weightedPick(this.#grids, (g) => g.properties.population ?? 1, rng);
    // a grid that is all lake has no place for an incident: the next one comes at the next gap
    const at = randomLandPointIn(grid, rng, this.#land);
    if (!at) return;
    const [lng, lat] = at;
    const category = weightedPick(CATEGORY_MIX, ([, w]) => w, rng)[0];
    const priority = category === 'fire' ? 1 : weightedPick(PRIORITY_MIX, ([, w]) => w, rng)[0];
    const texts = DESCRIPTIONS[category];
    this.#dispatch
      .create(
        {
          commandId: this.#commandId(),
          category,
          priority,
          lng,
          lat,
          source: SIM_SOURCES[Math.floor(rng.next() * SIM_SOURCES.length)],
          description: texts[Math.floor(rng.next() * texts.length)]
        },
        SIM
      )
      .then((res) => {
        if (res.ok) this.#autoAt.set(res.data.id, now + rng.range(...AUTO_DISPATCH_AFTER_MS));
        else this.#log.warn({ res }, 'simulated incident refused');
      })
      .catch((e: unknown) => this.#log.error({ err: e }, 'simulated incident failed'));
  }

  #autoDispatch(id: string): void {
    const inc = this.#dispatch.incident(id);
    if (!inc || inc.status !== 'reported') return;
    this.#dispatch
      .recommend(id, 1, SIM)
      .then((recs) => {
        if (!recs.ok || recs.data.length === 0) return;
        const cmd = { commandId: this.#commandId(), incidentId: id, unitId: recs.data[0].unitId };
        return this.#dispatch.assign(cmd, SIM);
      })
      .catch((e: unknown) => this.#log.error({ err: e }, 'simulated dispatch failed'));
  }
}
