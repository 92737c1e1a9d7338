import { describe, expect, it } from 'vitest';
import gcoord from 'gcoord';
import { toWgs84 } from '../../geo/crs.ts';
import { distanceM } from '../../geo/unit-index.ts';

// the reference pair every GCJ-02 implementation is checked against (Beijing, 天安门 east)
const WGS: [number, number] = [116.404, 39.915];
const GCJ: [number, number] = [116.41024449916938, 39.91640428150164];

describe('toWgs84', () => {
  it('takes the reference GCJ-02 point back to its WGS-84 point within 0.1 m', () => {
    const [lng, lat] = toWgs84(GCJ[0], GCJ[1], 'gcj02');
    expect(distanceM(lng, lat, WGS[0], WGS[1])).toBeLessThan(0.1);
  });

  it('moves a 淳溪 point by the few hundred metres GCJ-02 shifts it, and round-trips within a metre', () => {
    const wgs: [number, number] = [118.8745, 31.3235];
    const gcj = gcoord.transform([...wgs], gcoord.WGS84, gcoord.GCJ02);
    expect(distanceM(gcj[0], gcj[1], wgs[0], wgs[1])).toBeGreaterThan(100);
    const back = toWgs84(gcj[0], gcj[1], 'gcj02');
    expect(distanceM(back[0], back[1], wgs[0], wgs[1])).toBeLessThan(1);
  });

  it('passes a WGS-84 point through unchanged', () => {
    expect(toWgs84(118.8745, 31.3235, 'wgs84')).toEqual([118.8745, 31.3235]);
  });

  it('leaves a point outside China as it is, even when declared GCJ-02', () => {
    expect(toWgs84(2.2945, 48.8584, 'gcj02')).toEqual([2.2945, 48.8584]);
  });

  it('refuses a non-finite coordinate', () => {
    expect(() => toWgs84(Number.NaN, 31, 'gcj02')).toThrow(/not a pair of finite numbers/);
    expect(() => toWgs84(118, Number.POSITIVE_INFINITY, 'wgs84')).toThrow(/finite/);
  });
});
