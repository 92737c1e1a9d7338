import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { PhotoId } from '../../shared/commands.ts';
import { ErrorCode, failure } from '../../shared/result.ts';
import { checker } from '../../shared/validate.ts';
import { ROUTE_ACCESS } from '../access/permissions.ts';

/**
 * Photos from the field. A phone uploads each photo as the raw request body (it downscales them first) and gets an
 * id; a command then attaches the ids to an incident (`unit:status` when done, `incident:create`). The uploader may
 * always fetch a photo; once attached, so may whoever may see the incident. Photos never attached are purged after
 * a day (live/history-purge.ts). The bytes must be the image the
 * Content-Type says, so nothing else is ever served back as an image.
 */

const MAX_BYTES = 5 * 1024 * 1024;
/** the first bytes of each accepted format */
const SIGNATURES: Record<string, (b: Buffer) => boolean> = {
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10])),
  'image/webp': (b) =>
    b.subarray(0, 4).toString('latin1') === 'RIFF' &&
    b.subarray(8, 12).toString('latin1') === 'WEBP'
};

export default async function photoRoutes(app: FastifyInstance): Promise<void> {
  const { store, dispatch } = app.gridwatch;
  const isPhotoId = checker(PhotoId);

  app.addContentTypeParser(
    Object.keys(SIGNATURES),
    { parseAs: 'buffer', bodyLimit: MAX_BYTES },
    (_req, body, done) => done(null, body)
  );

  app.post(
    '/api/photos',
    { config: { access: ROUTE_ACCESS.deskOrField, action: 'photo.upload' }, bodyLimit: MAX_BYTES },
    async (req, reply) => {
      const mime = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      const body = req.body;
      if (!(mime in SIGNATURES) || !Buffer.isBuffer(body)) {
        return reply.code(415).send(failure(ErrorCode.INVALID, 'photo_type'));
      }
      if (body.length < 12 || !SIGNATURES[mime](body)) {
        return reply.code(400).send(failure(ErrorCode.INVALID, 'photo_not_image', { mime }));
      }
      const id = randomBytes(16).toString('hex');
      await store.putPhoto(
        { id, accountId: req.session!.account.id, mime, createdAt: Date.now() },
        body
      );
      return reply.code(201).send({ id });
    }
  );

  app.get<{ Params: { id: string } }>(
    '/api/photos/:id',
    { config: { access: ROUTE_ACCESS.anyone } },
    async (req, reply) => {
      const notFound = () =>
        reply
          .code(404)
          .send(failure(ErrorCode.NOT_FOUND, 'not_found', { kind: 'photo', id: req.params.id }));
      if (!isPhotoId.Check(req.params.id)) return notFound();
      const photo = await store.photo(req.params.id);
      if (!photo) return notFound();
      const session = req.session!;
      // the dispatch service holds open and recent incidents; an older one is read from the store
      const incident = photo.incidentId
        ? (dispatch.incident(photo.incidentId) ?? (await store.incident(photo.incidentId)))
        : undefined;
      // the uploader keeps seeing their own photos (a unit that resolved an incident no longer works it)
      const maySee =
        photo.accountId === session.account.id ||
        (incident !== undefined && session.scope.seesIncident(incident));
      if (!maySee) return notFound();
      const bytes = await store.photoBytes(photo.id);
      if (!bytes) return notFound();
      return reply
        .header('Content-Type', photo.mime)
        .header('Cache-Control', 'private, max-age=86400, immutable')
        .send(bytes);
    }
  );
}
