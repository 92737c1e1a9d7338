import type { UnitAlert } from '../../shared/unit-alerts.ts';
import { alertsOf, isAway, isLow, type AlertLimits } from './unit-alerts.ts';
import type { LiveRegistry } from './registry.ts';

/**
 * Sweeps the live registry for units that went quiet or strayed (the rules: unit-alerts.ts) and holds the result
 * until the next sweep. Between sweeps it keeps, per unit, the three times the rules count from: when the unit came
 * on duty, when it left its home town off task, when its battery went low. A cause that goes away clears its time,
 * so the alert is gone from the next sweep on: nothing is acknowledged, nothing is stored.
 */
export class UnitAlertMonitor {
  readonly #live: LiveRegistry;
  readonly #limits: AlertLimits;
  readonly #startedAt: number;
  /** per unit idx: NaN = not set */
  #dutySince = new Float64Array(0);
  #awaySince = new Float64Array(0);
  #lowSince = new Float64Array(0);
  #offDuty = new Uint8Array(0);
  #at = 0;
  #alerts: readonly UnitAlert[] = [];

  constructor(live: LiveRegistry, limits: AlertLimits, startedAt: number) {
    this.#live = live;
    this.#limits = limits;
    this.#startedAt = startedAt;
  }

  get limits(): AlertLimits {
    return this.#limits;
  }

  /** server time of the last sweep, epoch ms; 0 before the first */
  get at(): number {
    return this.#at;
  }

  /** every active alert as of the last sweep, ordered by unit id, then kind */
  get alerts(): readonly UnitAlert[] {
    return this.#alerts;
  }

  sweep(now: number): readonly UnitAlert[] {
    const live = this.#live;
    this.#grow(live.size);
    const out: UnitAlert[] = [];
    for (const unit of live.all()) {
      const i = unit.idx;
      if (unit.status === 'off_duty') {
        this.#offDuty[i] = 1;
        this.#awaySince[i] = NaN;
        this.#lowSince[i] = NaN;
        continue;
      }
      if (this.#offDuty[i]) {
        // came on duty since the last sweep: its phone starts sharing now
        this.#offDuty[i] = 0;
        this.#dutySince[i] = now;
      }
      // the cheap tests first, on what the registry keeps in arrays: most units raise nothing, and a sweep of the
      // whole force runs every second, so only a unit that may raise something gets its facts gathered
      const fixTime = live.fixTime(i);
      const fixTown = live.fixTown(i);
      const battery = live.battery(i);
      const facts = { unit, fixTime, fixTown, battery };
      this.#awaySince[i] = isAway(facts) ? since(this.#awaySince[i], now) : NaN;
      this.#lowSince[i] = isLow(facts, this.#limits) ? since(this.#lowSince[i], now) : NaN;
      const dutySince = Math.max(this.#startedAt, this.#dutySince[i] || 0);
      const quiet =
        now - Math.max(fixTime ?? -Infinity, dutySince) >= this.#limits.quietMs[unit.travel];
      if (!quiet && Number.isNaN(this.#awaySince[i]) && Number.isNaN(this.#lowSince[i])) continue;
      for (const alert of alertsOf(
        {
          unit,
          fixTime,
          fixTown,
          battery,
          dutySince,
          awaySince: orNull(this.#awaySince[i]),
          lowSince: orNull(this.#lowSince[i])
        },
        this.#limits,
        now
      ))
        out.push(alert);
    }
    out.sort((a, b) => (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0));
    this.#at = now;
    this.#alerts = out;
    return out;
  }

  #grow(n: number): void {
    if (n <= this.#dutySince.length) return;
    const grown = (a: Float64Array) => {
      const b = new Float64Array(n).fill(NaN);
      b.set(a);
      return b;
    };
    this.#dutySince = grown(this.#dutySince);
    this.#awaySince = grown(this.#awaySince);
    this.#lowSince = grown(this.#lowSince);
    const off = new Uint8Array(n);
    off.set(this.#offDuty);
    this.#offDuty = off;
  }
}

function since(kept: number, now: number): number {
  return Number.isNaN(kept) ? now : kept;
}

function orNull(t: number): number | null {
  return Number.isNaN(t) ? null : t;
}
