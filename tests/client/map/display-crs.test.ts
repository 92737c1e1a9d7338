import { describe, expect, it } from 'vitest';
import gcoord from 'gcoord';
import type { DistrictCollection, LngLat } from '../../../shared/district.ts';
import { displayShift } from '../../../client/src/map/display-crs.ts';
import { UnitStore } from '../../../client/src/lib/units.svelte.ts';
import type { DecodedFrame } from '../../../shared/position-codec.ts';

/** Drawing in GCJ-02 over AMap-style tiles while the data stays WGS-84. */

const gcj = displayShift('gcj02');
const wgs = displayShift('wgs84');

/** metres between two WGS-84 points, near enough for a few metres at this latitude */
function metres(a: LngLat, b: LngLat): number {
  const dx = (a[0] - b[0]) * 111_320 * Math.cos((a[1] * Math.PI) / 180);
  const dy = (a[1] - b[1]) * 110_540;
  return Math.hypot(dx, dy);
}

describe('display shift', () => {
  it('moves a Gaochun point by the GCJ-02 offset, some hundreds of metres', () => {
    const p: LngLat = [118.875, 31.327];
    const d = gcj.toDisplay(p);
    expect(d).toEqual([...gcoord.transform(p, gcoord.WGS84, gcoord.GCJ02)]);
    expect(metres(p, d)).toBeGreaterThan(300);
    expect(metres(p, d)).toBeLessThan(800);
  });

  it('comes back to WGS-84 within half a metre across the district', () => {
    let worst = 0;
    for (let lng = 118.7; lng <= 119.3; lng += 0.05) {
      for (let lat = 31.1; lat <= 31.5; lat += 0.05) {
        const p: LngLat = [lng, lat];
        worst = Math.max(worst, metres(p, gcj.fromDisplay(gcj.toDisplay(p))));
      }
    }
    expect(worst).toBeLessThan(0.5);
  });

  it('hands WGS-84 input back untouched', () => {
    const p: LngLat = [118.9, 31.3];
    expect(wgs.toDisplay(p)).toBe(p);
    expect(wgs.fromDisplay(p)).toBe(p);
    const fc = { type: 'FeatureCollection', features: [] } as DistrictCollection;
    expect(wgs.collection(fc)).toBe(fc);
  });

  it('shifts every ring and label point of the district once, leaving the input as it was', () => {
    const ring: LngLat[] = [
      [118.8, 31.3],
      [118.9, 31.3],
      [118.9, 31.4],
      [118.8, 31.3]
    ];
    const fc: DistrictCollection = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: {
            layer: 'town',
            code: 't',
            name: '镇',
            townCode: 't',
            labelAt: [118.85, 31.33]
          },
          geometry: { type: 'Polygon', coordinates: [ring] }
        },
        {
          type: 'Feature',
          properties: {
            layer: 'grid',
            code: 'g',
            name: '网格',
            townCode: 't',
            labelAt: [118.85, 31.33]
          },
          geometry: { type: 'MultiPolygon', coordinates: [[ring]] }
        }
      ]
    };
    const before = JSON.stringify(fc);
    const shifted = gcj.collection(fc);
    expect(JSON.stringify(fc)).toBe(before);
    expect(gcj.collection(fc)).toBe(shifted);
    const poly = shifted.features[0].geometry;
    expect(poly.type === 'Polygon' && poly.coordinates[0][1]).toEqual(gcj.toDisplay([118.9, 31.3]));
    const multi = shifted.features[1].geometry;
    expect(multi.type === 'MultiPolygon' && multi.coordinates[0][0][2]).toEqual(
      gcj.toDisplay([118.9, 31.4])
    );
    expect(shifted.features[0].properties.labelAt).toEqual(gcj.toDisplay([118.85, 31.33]));
  });

  it('shifts binary paths into a new array, once per input', () => {
    const value = new Float64Array([118.8, 31.3, 118.81, 31.31]);
    const data = { length: 1, attributes: { getPath: { value, size: 2 as const } } };
    const shifted = gcj.binaryPaths(data);
    expect(gcj.binaryPaths(data)).toBe(shifted);
    expect(value[0]).toBe(118.8);
    expect([...shifted.attributes.getPath.value.subarray(2, 4)]).toEqual(
      gcj.toDisplay([118.81, 31.31])
    );
  });

  it('shifts the bounds the camera fits', () => {
    const b = gcj.bounds([118.7, 31.1, 119.3, 31.5]);
    expect([b[0], b[1]]).toEqual(gcj.toDisplay([118.7, 31.1]));
    expect([b[2], b[3]]).toEqual(gcj.toDisplay([119.3, 31.5]));
  });
});

describe('units drawn over GCJ-02 tiles', () => {
  const frame = (lng: number, lat: number): DecodedFrame => ({
    time: 1_700_000_000_000,
    count: 1,
    idx: new Uint32Array([2]),
    lng: new Float64Array([lng]),
    lat: new Float64Array([lat]),
    fixTime: new Float64Array([1_700_000_000_000]),
    speedMps: new Float32Array([0]),
    headingDeg: new Float32Array([0]),
    status: new Uint8Array([1])
  });
  const drawnAt = (units: UnitStore): LngLat => {
    const v = units.layerData().attributes.getPosition.value;
    return [v[4], v[5]];
  };

  it('draws each unit at its GCJ-02 place while the store answers in WGS-84', () => {
    const units = new UnitStore();
    units.applyFrame(frame(118.9, 31.3));
    units.setDisplay(gcj.write);
    // a unit known before the shift is drawn shifted at once, and so is every later frame
    expect(metres(drawnAt(units), gcj.toDisplay([118.9, 31.3]))).toBeLessThan(0.01);
    units.applyFrame(frame(118.95, 31.35));
    expect(metres(drawnAt(units), gcj.toDisplay([118.95, 31.35]))).toBeLessThan(0.01);
    const [u] = units.drawnUnits();
    expect([u.lng, u.lat]).toEqual([118.95, 31.35]);
    // back to WGS-84 tiles: the layer reads the store's own positions
    units.setDisplay(null);
    expect(drawnAt(units)).toEqual([118.95, 31.35]);
  });
});
