import { soundStats } from './probes.ts';

/**
 * Alert tones made on the spot with WebAudio oscillators: no audio file, nothing fetched. Browsers start audio
 * only from a user gesture, so nothing sounds until `enable()` has run inside one (a click, a key press); until
 * then screens show a button that asks for it.
 */

export type Tone = 'escalation' | 'p1' | 'offer' | 'breach' | 'warning';

/** each note as [frequency Hz, start s, duration s] */
const PATTERNS: Record<Tone, ReadonlyArray<readonly [number, number, number]>> = {
  // two-tone, twice: the sound of something that must be acknowledged
  escalation: [
    [880, 0, 0.18],
    [660, 0.22, 0.18],
    [880, 0.44, 0.18],
    [660, 0.66, 0.18]
  ],
  // two short high beeps: a new P1 came in
  p1: [
    [1046, 0, 0.12],
    [1046, 0.18, 0.12]
  ],
  // a rising ring: an offer waits for this unit's answer
  offer: [
    [784, 0, 0.15],
    [988, 0.18, 0.15],
    [1175, 0.36, 0.22]
  ],
  // three fast beeps and a low one: an SLA deadline ran out, rung until acknowledged
  breach: [
    [988, 0, 0.1],
    [988, 0.14, 0.1],
    [988, 0.28, 0.1],
    [740, 0.46, 0.3]
  ],
  // one soft falling pair, once: a deadline is near
  warning: [
    [660, 0, 0.15],
    [523, 0.2, 0.22]
  ]
};
const VOLUME = 0.2;
/** attack and release, so a note starts and ends without a click */
const RAMP_S = 0.01;

export class Alarm {
  #ctx: AudioContext | null = null;
  #enabled = $state(false);

  /** whether this browser has WebAudio at all */
  get supported(): boolean {
    return typeof window !== 'undefined' && typeof window.AudioContext === 'function';
  }

  /** whether tones can sound now */
  get enabled(): boolean {
    return this.#enabled;
  }

  /** Starts audio; call it from a user gesture. Harmless to call again. */
  enable(): void {
    if (!this.supported || this.#enabled) return;
    if (!this.#ctx) {
      const ctx = new AudioContext();
      ctx.onstatechange = () => this.#setEnabled(ctx.state === 'running');
      this.#ctx = ctx;
    }
    const ctx = this.#ctx;
    void ctx.resume().then(
      () => this.#setEnabled(ctx.state === 'running'),
      () => this.#setEnabled(false)
    );
  }

  /** Plays one tone; false when audio is not enabled yet. */
  play(tone: Tone): boolean {
    const ctx = this.#ctx;
    if (!ctx || ctx.state !== 'running') return false;
    const t0 = ctx.currentTime + 0.02;
    for (const [hz, start, dur] of PATTERNS[tone]) {
      const osc = new OscillatorNode(ctx, { type: 'sine', frequency: hz });
      const gain = new GainNode(ctx, { gain: 0 });
      const on = t0 + start;
      gain.gain.setValueAtTime(0, on);
      gain.gain.linearRampToValueAtTime(VOLUME, on + RAMP_S);
      gain.gain.setValueAtTime(VOLUME, on + dur - RAMP_S);
      gain.gain.linearRampToValueAtTime(0, on + dur);
      osc.connect(gain).connect(ctx.destination);
      osc.start(on);
      osc.stop(on + dur + RAMP_S);
    }
    soundStats.tones[tone]++;
    return true;
  }

  /**
   * Plays `tone` now and every `everyMs` until the returned function is called (an escalation rings until it is
   * acknowledged, an offer until it is answered). Ticks before audio is enabled are silent, not queued.
   */
  repeat(tone: Tone, everyMs: number, alongside: () => void = () => {}): () => void {
    const ring = () => {
      if (this.play(tone)) alongside();
    };
    ring();
    const timer = setInterval(ring, everyMs);
    return () => clearInterval(timer);
  }

  close(): void {
    void this.#ctx?.close().catch(() => undefined);
    this.#ctx = null;
    this.#setEnabled(false);
  }

  #setEnabled(on: boolean): void {
    this.#enabled = on;
    soundStats.enabled = on;
  }
}

/** Buzzes the phone where the browser can (Android; iOS Safari cannot); only after a user gesture. */
export function vibrate(pattern: number[]): void {
  if (typeof navigator !== 'undefined' && typeof navigator.vibrate === 'function') {
    navigator.vibrate(pattern);
  }
}
