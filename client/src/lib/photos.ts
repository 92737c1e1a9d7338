import type { UploadResult } from './outbox.svelte.ts';
import { failureOf } from './api.ts';

/**
 * Photos from the phone's camera: made small before they are kept (a 12-megapixel shot is 4–8 MB; at 1600 px
 * and JPEG quality 0.8 it is a few hundred kB, which a weak mobile connection can carry), then uploaded with
 * `POST /api/photos` as the raw JPEG body, which answers `201 { id }`.
 */

export const MAX_PHOTOS = 6;
export const PHOTO_MAX_PX = 1600;
export const PHOTO_QUALITY = 0.8;

const PHOTO_ID = /^[a-f0-9]{32}$/;

/** The size to draw at: the longer side at most `maxPx`, never enlarged, the aspect kept. */
export function fitWithin(width: number, height: number, maxPx: number): [number, number] {
  const scale = Math.min(1, maxPx / Math.max(width, height, 1));
  return [Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale))];
}

/** The picture as a JPEG no larger than PHOTO_MAX_PX on its longer side, turned upright (EXIF orientation). */
export async function shrinkPhoto(file: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    const [w, h] = fitWithin(bitmap.width, bitmap.height, PHOTO_MAX_PX);
    if (typeof OffscreenCanvas !== 'undefined') {
      const canvas = new OffscreenCanvas(w, h);
      draw(canvas.getContext('2d'), bitmap, w, h);
      return await canvas.convertToBlob({ type: 'image/jpeg', quality: PHOTO_QUALITY });
    }
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    draw(canvas.getContext('2d'), bitmap, w, h);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (b) => (b ? resolve(b) : reject(new Error('photo: the browser made no JPEG'))),
        'image/jpeg',
        PHOTO_QUALITY
      )
    );
  } finally {
    bitmap.close();
  }
}

/**
 * Uploads one photo. A failure the server may get over (no network, a 5xx, the rate limit, a session to renew)
 * is kept for another try; a refusal of the photo itself (too large, not a JPEG) is final.
 */
export async function uploadPhoto(photo: Blob): Promise<UploadResult> {
  let res: Response;
  try {
    res = await fetch('/api/photos', {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'content-type': 'image/jpeg' },
      body: photo
    });
  } catch {
    // no answer at all: the network, not the photo
    return { ok: false, keep: true, error: 'OFFLINE' };
  }
  const body = (await res.json().catch(() => null)) as { id?: unknown } | null;
  if (res.status === 201 && typeof body?.id === 'string' && PHOTO_ID.test(body.id)) {
    return { ok: true, id: body.id };
  }
  const keep = res.status >= 500 || res.status === 429 || res.status === 401 || res.status === 0;
  const { error, detail } = failureOf(res.status, body);
  return { ok: false, keep, error, detail };
}

function draw(
  ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null,
  bitmap: ImageBitmap,
  w: number,
  h: number
): void {
  if (!ctx) throw new Error('photo: no 2D canvas');
  ctx.drawImage(bitmap, 0, 0, w, h);
}
