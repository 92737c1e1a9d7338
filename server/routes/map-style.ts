import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { StyleSpecification } from '@maplibre/maplibre-gl-style-spec';
import { composeStyle, MAP_THEMES, type MapTheme } from '../../shared/map-style.ts';
import { bodyOf } from '../../shared/result.ts';
import { validate } from '../../shared/validate.ts';
import { ROUTE_ACCESS } from '../access/permissions.ts';
import { basemapPart, type Basemap } from '../basemap/basemap.ts';

const StyleQuery = Type.Object({
  theme: Type.Optional(Type.Union(MAP_THEMES.map((t) => Type.Literal(t))))
});

/**
 * `GET /api/map-style?theme=dark|light`: the one MapLibre style every screen loads, the configured basemap under
 * our district layers (shared/map-style.ts). Public, like the district it draws: the field app keeps it for
 * offline use. Dark for desks and walls, light for phones by day.
 */
export default async function mapStyleRoutes(
  app: FastifyInstance,
  opts: { basemap: Basemap }
): Promise<void> {
  // the basemap is fixed while the server runs: each theme's style is made once
  const styles = new Map<MapTheme, StyleSpecification>();
  const styleFor = (theme: MapTheme) => {
    let style = styles.get(theme);
    if (!style) {
      style = composeStyle({ theme, basemap: basemapPart(opts.basemap, theme) });
      styles.set(theme, style);
    }
    return style;
  };
  app.get('/api/map-style', { config: { access: ROUTE_ACCESS.public } }, async (req, reply) => {
    const q = validate(StyleQuery, req.query);
    if (!q.ok) return reply.code(400).send(bodyOf(q));
    // small, and may change with the configuration at a restart: asked again each time, kept offline by the field app
    reply.header('cache-control', 'no-cache');
    return styleFor(q.data.theme ?? 'dark');
  });
}
