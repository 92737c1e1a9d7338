import { UnreadableError, type RawFeature, type RawImport } from './raw.ts';

/**
 * GeoJSON: a FeatureCollection, a single Feature or a bare Polygon/MultiPolygon. A collection whose features
 * carry `properties.layer` (district, town, community, grid) is our own /api/district format and is imported as
 * it is. Geometry is not checked here: a feature with a point or no geometry still becomes a raw feature, so
 * the report can name it.
 */

const LAYERS = new Set(['district', 'town', 'community', 'grid']);

export function readGeoJson(text: string): RawImport {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UnreadableError(
      'bad_json',
      `not valid JSON: ${e instanceof Error ? e.message : String(e)}`
    );
  }
  const obj = doc as { type?: unknown; features?: unknown; crs?: unknown };
  let list: unknown[];
  if (obj?.type === 'FeatureCollection') {
    if (!Array.isArray(obj.features))
      throw new UnreadableError('not_geojson', 'the FeatureCollection has no features array');
    list = obj.features;
  } else if (obj?.type === 'Feature') list = [obj];
  else if (obj?.type === 'Polygon' || obj?.type === 'MultiPolygon')
    list = [{ type: 'Feature', properties: {}, geometry: obj }];
  else
    throw new UnreadableError(
      'not_geojson',
      `not GeoJSON: expected a FeatureCollection, Feature or Polygon, found type ${JSON.stringify(obj?.type ?? null)}`
    );
  if (!list.length) throw new UnreadableError('no_features', 'the GeoJSON holds no features');

  const fields: string[] = [];
  const seen = new Set<string>();
  const features: RawFeature[] = list.map((raw, index) => {
    const f = raw as { properties?: unknown; geometry?: unknown } | null;
    const properties =
      f && typeof f.properties === 'object' && f.properties !== null && !Array.isArray(f.properties)
        ? (f.properties as Record<string, unknown>)
        : {};
    for (const k of Object.keys(properties))
      if (!seen.has(k)) {
        seen.add(k);
        fields.push(k);
      }
    return { index, properties, geometry: f?.geometry ?? null };
  });
  const ours = features.some((f) => LAYERS.has(String(f.properties.layer)));
  return {
    format: ours ? 'district' : 'geojson',
    features,
    fields,
    geojsonCrs: obj.crs ?? undefined
  };
}
