/** What a reader hands on: features as the file has them, before any mapping or conversion. */

export interface RawFeature {
  /** position in the file, from 0, for messages */
  index: number;
  properties: Record<string, unknown>;
  /** as read; checked later */
  geometry: unknown;
}

export interface RawImport {
  /** `district` is our own /api/district format: features carry `properties.layer` */
  format: 'geojson' | 'district' | 'shapefile';
  features: RawFeature[];
  /** attribute names, in file order */
  fields: string[];
  /** the .prj text of a shapefile */
  prj?: string;
  /** the `crs` member of a GeoJSON */
  geojsonCrs?: unknown;
  /** how the attribute text was decoded, e.g. `gbk (no .cpg: default)` */
  encoding?: string;
  /** the layer read from a zip, e.g. `grids/网格.shp` */
  layer?: string;
}

/**
 * The file cannot be read at all: the message and reason go into the one `unreadable` problem. The reason is a
 * token /admin words in its own language (`no_shp`, `bad_zip`, `unknown_crs`…); the message is English detail.
 */
export class UnreadableError extends Error {
  override name = 'UnreadableError';
  readonly reason: string;

  constructor(reason: string, message: string) {
    super(message);
    this.reason = reason;
  }
}
