import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { DistrictVersionInfo } from '../../shared/district-import.ts';
import { ApplyImport, ImportOptions } from '../../shared/district-import.ts';
import { CommandError, ErrorCode, failure } from '../../shared/result.ts';
import { validate } from '../../shared/validate.ts';
import { ROUTE_ACCESS } from '../access/permissions.ts';
import { answer } from './answer.ts';

/**
 * The district in force (public: it is the map everyone draws on, the login page included) and its versions
 * (admin): import a file into a checked candidate, apply it, put a kept version back in force.
 */

/** surveyed districts are large: 722 dense grids as a zipped Shapefile run to tens of MB */
const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
const IMPORT_TYPES = ['application/zip', 'application/geo+json', 'application/json'];

const VersionParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,9}$' }) });
const ImportParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{24}$' }) });
/** the options, plus the file's own name for the version list */
const ImportQuery = Type.Composite(
  [
    Type.Omit(ImportOptions, ['sliverM2']),
    Type.Object({
      sliverM2: Type.Optional(Type.String({ pattern: '^[0-9]{1,7}(\\.[0-9]+)?$' })),
      file: Type.Optional(Type.String({ maxLength: 200 }))
    })
  ],
  { additionalProperties: false }
);

export default async function districtRoutes(app: FastifyInstance): Promise<void> {
  const { districts } = app.gridwatch;
  const admin = (action: string) => ({ config: { access: ROUTE_ACCESS.admin, action } });
  const who = (req: { session?: { account: { username: string } } | null; ip: string }) => ({
    actor: req.session!.account.username,
    source: req.ip
  });

  app.get('/api/district', { config: { access: ROUTE_ACCESS.public } }, async (req, reply) => {
    const d = app.gridwatch.district;
    // a version never changes once kept: its number is its tag, and a screen revalidates each time it loads
    const etag = `"district-v${d.version}"`;
    reply.header('cache-control', 'no-cache').header('etag', etag);
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type('application/json; charset=utf-8').send(d.json);
  });

  app.get(
    '/api/district/versions',
    admin('district.versions'),
    async (): Promise<DistrictVersionInfo[]> => districts.versions()
  );

  app.post<{ Params: { id: string } }>(
    '/api/district/imports/:id/apply',
    admin('district.apply'),
    async (req, reply) =>
      answer(reply, 200, async () => {
        const params = validate(ImportParams, req.params);
        if (!params.ok) throw CommandError.of(params);
        const body = validate(ApplyImport, req.body ?? {});
        if (!body.ok) throw CommandError.of(body);
        return districts.apply(params.data.id, body.data.note ?? '', who(req));
      })
  );

  app.post<{ Params: { id: string } }>(
    '/api/district/versions/:id/activate',
    admin('district.activate'),
    async (req, reply) =>
      answer(reply, 200, async () => {
        const params = validate(VersionParams, req.params);
        if (!params.ok) throw CommandError.of(params);
        return districts.activate(Number(params.data.id), who(req));
      })
  );

  // the upload reads its body raw, JSON included: its own context, so the other routes keep parsing JSON
  await app.register(async (raw) => {
    raw.removeContentTypeParser('application/json');
    raw.addContentTypeParser(
      IMPORT_TYPES,
      { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES },
      (_req, body, done) => done(null, body)
    );
    raw.post(
      '/api/district/imports',
      { ...admin('district.import'), bodyLimit: MAX_IMPORT_BYTES },
      async (req, reply) => {
        const mime = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
        if (!IMPORT_TYPES.includes(mime) || !Buffer.isBuffer(req.body))
          return reply.code(415).send(failure(ErrorCode.INVALID, 'district_import_type'));
        return answer(reply, 200, async () => {
          const q = validate(ImportQuery, req.query ?? {});
          if (!q.ok) throw CommandError.of(q);
          const { file, sliverM2, ...options } = q.data;
          return districts.prepare(
            new Uint8Array(req.body as Buffer),
            { ...options, ...(sliverM2 === undefined ? {} : { sliverM2: Number(sliverM2) }) },
            file ?? (mime === 'application/zip' ? 'district.zip' : 'district.geojson')
          );
        });
      }
    );
  });
}
