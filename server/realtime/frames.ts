import type { LiveRegistry } from '../live/registry.ts';
import { unitViewFor, viewSeesUnit, type UnitWhereabouts } from '../access/scope.ts';
import type { UnitInfo } from '../../shared/protocol.ts';

/**
 * Splits each tick's moved units into one frame per view, by the same jurisdiction the Scope applies. A view is
 * a set of towns (null: the whole district) and one room that every socket with that scope joins, so each socket
 * gets exactly one frame a tick — volatile packets to several rooms of one socket would drop all but the first.
 * A view gets the units whose fix lies in one of its towns or who work an incident there; a unit that stops being
 * visible to a view is sent there once more as GONE, so no screen keeps a stale marker of a unit it may no longer
 * see; GONE frames go reliably (a dropped one would leave a ghost). A unit that comes into a town view is
 * announced there with `unit:changed`, so the screen can name it. Phones get no frames: a phone knows where it is, and echoing every fix back to thousands of phones would
 * cost more than all the screens together.
 */
export class FrameRouter {
  readonly #live: LiveRegistry;
  /**
   * where each unit was at the last tick that moved it: a view that saw it there and does not see it now gets
   * GONE, whether or not that view's room existed then (a screen that connected since got it in its sync)
   */
  readonly #was = new Map<number, UnitWhereabouts>();

  constructor(live: LiveRegistry) {
    this.#live = live;
  }

  /** The frames of one tick, per view room. Empty when nothing moved. */
  compose(
    time: number,
    views: ReadonlyMap<string, ReadonlySet<string> | null>
  ): Map<string, ViewFrame> {
    const dirty = this.#live.takeDirty();
    const out = new Map<string, ViewFrame>();
    if (dirty.length === 0) return out;
    const lists = new Map<string, number[]>();
    const gone = new Map<string, number[]>();
    const entered = new Map<string, UnitInfo[]>();
    for (const i of dirty) {
      const w = this.#live.whereabouts(i);
      const was = this.#was.get(i);
      for (const [room, towns] of views) {
        if (viewSeesUnit(towns, w)) {
          push(lists, room, i);
          if (towns !== null && !(was && viewSeesUnit(towns, was))) {
            push(entered, room, unitViewFor(towns, this.#live.byIdx(i)!, w));
          }
        } else if (was && viewSeesUnit(towns, was)) push(gone, room, i);
      }
      this.#was.set(i, w);
    }
    for (const room of new Set([...lists.keys(), ...gone.keys()])) {
      const g = gone.get(room) ?? [];
      out.set(room, {
        frame: this.#live.frame(time, lists.get(room) ?? [], g),
        reliable: g.length > 0,
        entered: entered.get(room) ?? []
      });
    }
    return out;
  }
}

export interface ViewFrame {
  frame: ArrayBuffer;
  /** holds GONE rows: must not be dropped */
  reliable: boolean;
  /** units that came into this view this tick, as the view may see them */
  entered: UnitInfo[];
}

function push<T>(m: Map<string, T[]>, room: string, i: T): void {
  const l = m.get(room);
  if (l) l.push(i);
  else m.set(room, [i]);
}
