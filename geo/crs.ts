import gcoord from 'gcoord';

/**
 * Coordinate systems a position source may declare. Gridwatch stores and computes in WGS-84; many Chinese phone
 * SDKs and car trackers report GCJ-02 (the offset datum Chinese map services use), which is converted on intake.
 * The conversion is gcoord's: GCJ-02 → WGS-84 has no closed form, so it iterates the forward formula until the
 * residual is under 1e-6° (about 0.1 m). Points outside China's bounding box pass through unchanged (GCJ-02 is
 * defined only inside China).
 */

export const CRS_LIST = ['wgs84', 'gcj02'] as const;
export type Crs = (typeof CRS_LIST)[number];

/** [lng, lat] in WGS-84 for a point given in `crs`; never mutates, throws on a non-finite coordinate. */
export function toWgs84(lng: number, lat: number, crs: Crs): [number, number] {
  if (!Number.isFinite(lng) || !Number.isFinite(lat))
    throw new Error(`toWgs84: coordinate [${lng}, ${lat}] is not a pair of finite numbers`);
  if (crs === 'wgs84') return [lng, lat];
  const [x, y] = gcoord.transform([lng, lat], gcoord.GCJ02, gcoord.WGS84);
  return [x, y];
}
