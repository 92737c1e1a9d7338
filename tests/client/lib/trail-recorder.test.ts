import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, type DecodedFrame } from '../../../shared/position-codec.ts';
import { TrailRecorder } from '../../../client/src/lib/trail-recorder.ts';
import { UnitTrails } from '../../../client/src/lib/unit-trails.ts';

/**
 * The trails are recorded only while started: a stand-in for LiveLink.onFrame shows who listens, and real encoded
 * frames move one unit north a step a second.
 */

/** LiveLink.onFrame's contract: subscribe, and the answer unsubscribes */
class Frames {
  listeners = new Set<(f: DecodedFrame) => void>();
  subscribe = (l: (f: DecodedFrame) => void) => {
    this.listeners.add(l);
    return () => void this.listeners.delete(l);
  };
  /** unit 1 at step k, about 111 m north of step k − 1 */
  send(k: number): void {
    const time = Date.now();
    const row = {
      idx: 1,
      lng: 118.9,
      lat: 31.3 + k * 0.001,
      time,
      speedMps: 5,
      headingDeg: 0,
      status: 'available' as const
    };
    const f = decodeFrame(encodeFrame([row], time));
    for (const l of this.listeners) l(f);
  }
}

const fresh = () => {
  const frames = new Frames();
  const rec = new TrailRecorder(frames.subscribe, new UnitTrails({ rebuildMs: 0 }));
  return { frames, rec };
};

describe('TrailRecorder', () => {
  it('does not listen to frames until started', () => {
    const { frames, rec } = fresh();
    expect(rec.recording).toBe(false);
    expect(frames.listeners.size).toBe(0);
    frames.send(0);
    frames.send(1);
    expect(rec.data.activeUnits).toBe(0);
    expect(rec.data.bytes).toBe(0);
  });

  it('records from the moment it starts: the frames before are not kept', () => {
    const { frames, rec } = fresh();
    frames.send(0);
    rec.start();
    rec.start();
    expect(frames.listeners.size).toBe(1);
    // the first frame after the start only places the unit; its next move draws the trail
    frames.send(1);
    expect(rec.data.activeUnits).toBe(0);
    frames.send(2);
    frames.send(3);
    expect(rec.data.activeUnits).toBe(1);
    expect(rec.data.data(Date.now()).length).toBe(1);
  });

  it('stops listening when stopped and drops the trails with their memory', () => {
    const { frames, rec } = fresh();
    rec.start();
    for (let k = 0; k < 4; k++) frames.send(k);
    expect(rec.data.bytes).toBeGreaterThan(0);
    rec.stop();
    expect(rec.recording).toBe(false);
    expect(frames.listeners.size).toBe(0);
    expect(rec.data.bytes).toBe(0);
    expect(rec.data.data(Date.now()).length).toBe(0);
    frames.send(4);
    frames.send(5);
    expect(rec.data.bytes).toBe(0);
    // stopping again is harmless
    rec.stop();
  });
});
