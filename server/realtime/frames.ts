import type { LiveRegistry } from '../live/registry.ts';
import { DISTRICT_ROOM, townRoom } from '../access/scope.ts';

/**
 * Splits each tick's moved units into one frame per room, by the same jurisdiction the Scope applies: the
 * district room gets every unit; a town room gets the units whose fix lies in the town or who work an incident
 * there. A unit's own room gets no frames: its phone knows where it is, and echoing every fix back to thousands of
 * phones would cost more than all the screens together. A unit that stops being visible in a town room is sent there once
 * more as GONE, so no screen keeps a stale marker of a unit it may no longer see.
 */
export class FrameRouter {
  readonly #live: LiveRegistry;
  /** town rooms each unit was last sent to */
  readonly #shownIn = new Map<number, string[]>();

  constructor(live: LiveRegistry) {
    this.#live = live;
  }

  /** The frames of one tick, per room. Empty when nothing moved. */
  compose(time: number): Map<string, ArrayBuffer> {
    const dirty = this.#live.takeDirty();
    const out = new Map<string, ArrayBuffer>();
    if (dirty.length === 0) return out;
    const lists = new Map<string, number[]>();
    const gone = new Map<string, number[]>();
    const add = (m: Map<string, number[]>, room: string, i: number) => {
      const l = m.get(room);
      if (l) l.push(i);
      else m.set(room, [i]);
    };
    for (const i of dirty) {
      const w = this.#live.whereabouts(i);
      add(lists, DISTRICT_ROOM, i);
      const towns: string[] = [];
      if (w.fixTown) towns.push(townRoom(w.fixTown));
      if (w.incidentTown && w.incidentTown !== w.fixTown) towns.push(townRoom(w.incidentTown));
      for (const room of towns) add(lists, room, i);
      for (const room of this.#shownIn.get(i) ?? []) if (!towns.includes(room)) add(gone, room, i);
      if (towns.length) this.#shownIn.set(i, towns);
      else this.#shownIn.delete(i);
    }
    for (const room of new Set([...lists.keys(), ...gone.keys()])) {
      out.set(room, this.#live.frame(time, lists.get(room) ?? [], gone.get(room) ?? []));
    }
    return out;
  }
}
