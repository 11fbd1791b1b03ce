import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { photoApi } from './photo-api.js';
import { serve } from './route.js';
import type { Language } from '@payam/core';
import { holdsToken, isPrivate, staffMay } from '../access/index.js';
import { sha256 } from '../config/catalog.js';
import type { ServerContext } from '../engine/context.js';
import { PhotoRefused, preparePhoto, PHOTO_TYPES } from '../photos/prepare.js';
import { MAX_PHOTOS_PER_MESSAGE, photoFileName, type PhotoRecord, type PhotoStore } from '../photos/store.js';
import { requireApiKey } from './api-key.js';
import type { Credentials } from './credentials.js';
import { text } from './i18n.js';
import { problem } from './problems.js';
import type { RateLimits } from './rate-limits.js';
import { send } from './respond.js';

/** The most bytes one photo may have as sent (default of `photos.maxBytes`). */
export const MAX_PHOTO_BYTES = 8 * 1024 * 1024;

/** The path photos are uploaded to, whose body limit is the photos'. */
export const PHOTO_UPLOAD_PATH = /^\/open311\/v2\/media(\.json)?$/;

/** The body limit of an upload: {@link MAX_PHOTOS_PER_MESSAGE} photos and the form around them. */
export function uploadBodyLimit(maxPhotoBytes: number): number {
  return MAX_PHOTOS_PER_MESSAGE * maxPhotoBytes + 64 * 1024;
}

/** A photo's public URL. */
export function photoUrl(ctx: ServerContext, photo: Pick<PhotoRecord, 'id' | 'format'>): string {
  return ctx.address.url(`/open311/v2/media/${photoFileName(photo)}`);
}

/**
 * The photos a registration names (`mediaIds`, read by core's registration codec: at most
 * {@link MAX_PHOTOS_PER_MESSAGE}, each once), checked before the message is written: each uploaded
 * with the same API key and attached to no message yet, or (a retry with the same Idempotency-Key)
 * to the message the first attempt registered, which `retriedMessage` looks up. The photos are
 * kept from `at` for the cleanup's whole period ({@link PhotoStore.attachable}).
 */
export async function photosOfRegistration(store: PhotoStore, ids: readonly string[] | undefined, apiKeyHash: string, lang: Language, at: Date, retriedMessage: () => Promise<string | null>): Promise<PhotoRecord[]> {
  if (!ids || ids.length === 0) return [];
  const photos = await store.attachable(ids, apiKeyHash, at);
  const attached = new Set(photos?.flatMap((p) => (p.messageId === null ? [] : [p.messageId])));
  const retried = attached.size === 1 ? await retriedMessage() : null;
  if (!photos || (attached.size > 0 && (retried === null || !attached.has(retried)))) throw problem(400, text(lang, 'photosUnknown'), { field: 'media_ids' });
  return photos;
}

interface PhotoMessageRow {
  id: string;
  system: string;
  service_code: string | null;
  private: boolean;
  unit_id: string;
  citizen_token_hash: string;
}

/**
 * Photos under `/open311/v2`: `POST media` (multipart, field `photo`, one to three JPEG, PNG or
 * WebP images, with an API key) re-encodes them without metadata and answers their ids, URLs and
 * EXIF positions; `GET media/{id}.{jpg|png|webp}` serves a photo as its message is served (a
 * private message's only to its citizen token or staff who may see it); `GET
 * requests/{id}/media.json` lists a message's photos.
 */
export function photoRoutes(ctx: ServerContext, store: PhotoStore, credentials: Credentials, limits: RateLimits, maxPhotoBytes = MAX_PHOTO_BYTES): Hono {
  const app = new Hono();

  /** Whether the caller may see this message's photos: a public message, its citizen, or staff who may see it. */
  async function mayRead(c: Context, message: PhotoMessageRow): Promise<boolean> {
    if (!isPrivate(ctx.catalog, { system: message.system, serviceCode: message.service_code, private: message.private })) return true;
    if (holdsToken(c.req.header('x-citizen-token'), message.citizen_token_hash)) return true;
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const staff = bearer ? await credentials.staffTokens.find(sha256(bearer)) : null;
    return !!staff && staffMay(ctx.catalog, staff, 'see', { system: message.system, serviceCode: message.service_code, unitId: message.unit_id, private: message.private });
  }

  async function readableMessage(c: Context, id: string | null): Promise<PhotoMessageRow | null> {
    if (!id) return null;
    const [row] = await ctx.db.query<PhotoMessageRow>('SELECT id, system, service_code, private, unit_id, citizen_token_hash FROM messages WHERE id = $1', [id]);
    return row && (await mayRead(c, row)) ? row : null;
  }

  const upload = async (c: Context, { lang }: { lang: Language }) => {
    const apiKeyHash = await requireApiKey(c, credentials.apiKeys, lang);
    const type = (c.req.header('content-type') ?? '').toLowerCase();
    if (!type.startsWith('multipart/form-data')) throw problem(415, text(lang, 'photoMissing'), { field: 'photo' });
    let form: Record<string, string | File | (string | File)[]>;
    try {
      form = await c.req.parseBody({ all: true });
    } catch {
      throw problem(400, text(lang, 'photoMissing'), { field: 'photo' });
    }
    const files = [form.photo ?? []].flat().filter((f): f is File => typeof f !== 'string');
    if (files.length === 0) throw problem(400, text(lang, 'photoMissing'), { field: 'photo' });
    if (files.length > MAX_PHOTOS_PER_MESSAGE) throw problem(400, text(lang, 'photoTooMany', { max: String(MAX_PHOTOS_PER_MESSAGE) }), { field: 'photo' });
    const maxMb = String(Math.round((maxPhotoBytes / 1024 / 1024) * 10) / 10);
    if (files.some((f) => f.size > maxPhotoBytes)) throw problem(413, text(lang, 'photoTooLarge', { max: maxMb }), { field: 'photo' });
    // All are read and checked before any is kept: one bad file refuses the upload, nothing half kept.
    const prepared = [];
    for (const file of files) {
      try {
        prepared.push(await preparePhoto(new Uint8Array(await file.arrayBuffer())));
      } catch (error) {
        if (error instanceof PhotoRefused) throw problem(error.reason === 'type' ? 415 : 400, text(lang, error.reason === 'type' ? 'photoType' : 'photoUnreadable'), { field: 'photo' });
        throw error;
      }
    }
    const answers = [];
    for (const photo of prepared) {
      const saved = await store.save(photo, apiKeyHash, ctx.now());
      answers.push({ media_id: saved.id, media_url: photoUrl(ctx, saved), content_type: PHOTO_TYPES[saved.format], size: saved.size, position: photo.position });
    }
    return send(c, 'json', 'media', answers, 201);
  };
  const limitUploads: MiddlewareHandler = async (c, next) => {
    await limits.spendForAddress(c, 'uploadsPerAddress');
    await next();
  };
  serve(app, photoApi.upload, upload, { before: [limitUploads] });
  serve(app, photoApi.uploadJson, upload, { before: [limitUploads] });

  serve(app, photoApi.photo, async (c, { params, lang }) => {
    const name = /^([A-Za-z0-9_-]{1,64})\.(jpg|png|webp)$/.exec(params.file);
    const photo = name ? await store.find(name[1]!) : null;
    // A photo not attached yet, or of a message the caller may not read, is as one that does not exist.
    const message = photo && photoFileName(photo) === name?.[0] ? await readableMessage(c, photo.messageId) : null;
    const bytes = photo && message ? await store.bytes(photo.id) : null;
    if (!photo || !message || !bytes) throw problem(404, text(lang, 'photoNotFound'));
    const confidential = isPrivate(ctx.catalog, { system: message.system, serviceCode: message.service_code, private: message.private });
    return c.body(new Uint8Array(bytes), 200, {
      'content-type': PHOTO_TYPES[photo.format],
      'cache-control': confidential ? 'private, no-store' : 'public, max-age=3600',
      'content-disposition': 'inline',
      'cross-origin-resource-policy': 'cross-origin',
    });
  });

  const limitLookups: MiddlewareHandler = async (c, next) => {
    await limits.spendForAddress(c, 'lookupsPerAddress');
    await next();
  };
  serve(app, photoApi.ofMessage, async (c, { params, lang }) => {
    const message = await readableMessage(c, params.id);
    if (!message) throw problem(404, text(lang, 'requestNotFound'));
    const photos = await store.ofMessage(message.id);
    return send(c, 'json', 'media', photos.map((p) => ({ media_id: p.id, media_url: photoUrl(ctx, p), content_type: PHOTO_TYPES[p.format], size: p.size })));
  }, { before: [limitLookups] });

  return app;
}

