import type { Incident } from '../../shared/domain.ts';
import type { Store } from '../store/store.ts';
import { DAY_MS, dayStart, hourOf, WEEK_DAYS } from './day.ts';

/**
 * The incidents the figures count by the day they were reported: today's as they stand now, read from the store on
 * every request, and for each of the 7 days before only its count per town and Shanghai hour, read once and kept.
 * A past day's counts cannot change: an incident's creation time is the server's clock when it was reported, and
 * its town is fixed then. The kept days roll with `now`: past midnight the day that was today is read once more,
 * and a day more than 7 back is dropped.
 *
 * A command timed just before midnight may still be committing just after it (commands queue behind one another),
 * so a day is kept only once it has been over for `SETTLE_MS`; until then it is read with today's incidents.
 */

/** incidents reported in each Shanghai hour (24 counts), by town code */
export type TownHours = ReadonlyMap<string, readonly number[]>;

export interface Reported {
  /** incidents reported from today's midnight on, as they stand now */
  today: Incident[];
  /** the 7 days before today added up: incidents reported per town and Shanghai hour */
  week: TownHours;
}

/** how long after midnight a day's last commands may still be landing in the store */
export const SETTLE_MS = 5 * 60_000;

export class ReportedDays {
  readonly #store: Pick<Store, 'incidentsCreated'>;
  /** a past day's midnight → its counts; a promise, so requests arriving together read a day once */
  readonly #days = new Map<number, Promise<TownHours>>();

  constructor(store: Pick<Store, 'incidentsCreated'>) {
    this.#store = store;
  }

  /** the past days' midnights whose counts are kept now, oldest first */
  get keptDays(): number[] {
    return [...this.#days.keys()].sort((a, b) => a - b);
  }

  async read(now: number): Promise<Reported> {
    const start = dayStart(now);
    const oldest = start - WEEK_DAYS * DAY_MS;
    for (const day of this.#days.keys()) if (day < oldest || day >= start) this.#days.delete(day);

    const settled = (day: number) => day + DAY_MS + SETTLE_MS <= now;
    const missing: number[] = [];
    for (let day = oldest; day < start; day += DAY_MS)
      if (settled(day) && !this.#days.has(day)) missing.push(day);
    if (missing.length > 0) this.#load(missing);

    // this request's kept days, taken before it waits: a request just after midnight may prune the map meanwhile
    const kept = [...this.#days.values()];
    // today, and yesterday while it has not settled
    const from = settled(start - DAY_MS) ? start : start - DAY_MS;
    const live = await this.#store.incidentsCreated(from, start + DAY_MS);
    const today = live.filter((i) => i.createdAt >= start);
    const parts = await Promise.all(kept);
    parts.push(countHours(live.filter((i) => i.createdAt < start)));
    return { today, week: addUp(parts) };
  }

  /** reads the missing days in one query (they are consecutive but for a restart mid-week) */
  #load(days: readonly number[]): void {
    const from = days[0];
    const to = days[days.length - 1] + DAY_MS;
    const read = this.#store.incidentsCreated(from, to);
    for (const day of days) {
      const counts = read.then((list) =>
        countHours(list.filter((i) => i.createdAt >= day && i.createdAt < day + DAY_MS))
      );
      this.#days.set(day, counts);
      // a failed read is not kept: the next request tries again
      counts.catch(() => {
        if (this.#days.get(day) === counts) this.#days.delete(day);
      });
    }
  }
}

/** The incidents' counts per town and Shanghai hour. */
export function countHours(incidents: readonly Incident[]): TownHours {
  const out = new Map<string, number[]>();
  for (const i of incidents) {
    let hours = out.get(i.townCode);
    if (!hours) out.set(i.townCode, (hours = new Array<number>(24).fill(0)));
    hours[hourOf(i.createdAt)]++;
  }
  return out;
}

/** The counts per hour of the towns `sees` keeps, all added up (24 counts). */
export function hoursOf(week: TownHours, sees: (townCode: string) => boolean): number[] {
  const out = new Array<number>(24).fill(0);
  for (const [town, hours] of week) if (sees(town)) for (let h = 0; h < 24; h++) out[h] += hours[h];
  return out;
}

function addUp(parts: readonly TownHours[]): TownHours {
  const out = new Map<string, number[]>();
  for (const part of parts) {
    for (const [town, hours] of part) {
      const sum = out.get(town) ?? new Array<number>(24).fill(0);
      for (let h = 0; h < 24; h++) sum[h] += hours[h];
      out.set(town, sum);
    }
  }
  return out;
}
