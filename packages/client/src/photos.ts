/**
 * Photos a citizen attaches to a message: uploaded before the registration, which names them by
 * their ids (`mediaIds`, at most three).
 */
import * as z from '@payam/core/zod';
import type { Transport } from './transport.js';

/** One uploaded photo. */
export interface UploadedPhoto {
  /** Name it in the registration's `mediaIds`. */
  id: string;
  /** Where the photo is served once its message is registered. */
  url: string;
  /** `image/jpeg`, `image/png` or `image/webp`: the server re-encodes every photo without metadata. */
  contentType: string;
  /** Bytes after re-encoding. */
  size: number;
  /** Where the photo says it was taken (its EXIF GPS position), to offer as the message's location; the server does not keep it. */
  position: { lat: number; long: number } | null;
}

/** Options of `photos.upload`. */
export interface UploadOptions {
  /** Cancels the upload. */
  signal?: AbortSignal;
  /** Time limit of the upload in ms. Default 60 000 (a photo on a slow phone line). */
  timeoutMs?: number;
}

const uploadedSchema = z.array(
  z.object({
    media_id: z.string(),
    media_url: z.string(),
    content_type: z.string(),
    size: z.number(),
    position: z.nullable(z.object({ lat: z.number(), long: z.number() })),
  }),
);

/** The most photos one message may have, as the server takes them. */
export const MAX_PHOTOS = 3;

/**
 * Uploads one to {@link MAX_PHOTOS} photos (JPEG, PNG or WebP) in one multipart request with the
 * API key. Never retried by itself: a retry would keep a second copy until the server drops
 * photos no message names.
 */
export async function uploadPhotos(transport: Transport, apiKey: string, photos: readonly Blob[], options: UploadOptions = {}): Promise<UploadedPhoto[]> {
  const form = new FormData();
  for (const photo of photos) form.append('photo', photo, photo instanceof File ? photo.name : 'photo');
  const answer = await transport.json(
    {
      path: 'open311/v2/media.json',
      headers: { 'X-Api-Key': apiKey },
      form,
      signal: options.signal,
      timeoutMs: options.timeoutMs ?? 60_000,
    },
    uploadedSchema,
  );
  return answer.map((p) => ({ id: p.media_id, url: p.media_url, contentType: p.content_type, size: p.size, position: p.position }));
}
