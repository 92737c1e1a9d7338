import type { DecodedFrame } from '../../../shared/position-codec.ts';
import { UnitTrails } from './unit-trails.ts';

/**
 * The units' trails on one screen, recorded only while a map shows them: recording every mover's points costs on
 * every position frame, and a desk starts with its trails layer off. Started, the recorder listens to the frames
 * and the trails start from then: the frames before were not kept, so a unit's trail grows from its next moves.
 * Stopped, it stops listening, and what it recorded is dropped with its memory.
 */

/** subscribes to the applied position frames; the answer unsubscribes (LiveLink.onFrame) */
export type FrameSource = (listener: (frame: DecodedFrame) => void) => () => void;

export class TrailRecorder {
  /** the recorded trails, which the map draws */
  readonly data: UnitTrails;
  readonly #frames: FrameSource;
  #stop: (() => void) | null = null;

  constructor(frames: FrameSource, data = new UnitTrails()) {
    this.#frames = frames;
    this.data = data;
  }

  get recording(): boolean {
    return this.#stop !== null;
  }

  start(): void {
    if (this.#stop) return;
    // trails age on this page's own clock: the map asks for them with Date.now() too
    this.#stop = this.#frames((frame) => this.data.record(frame, Date.now()));
  }

  stop(): void {
    if (!this.#stop) return;
    this.#stop();
    this.#stop = null;
    this.data.clear();
  }
}
