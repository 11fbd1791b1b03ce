/**
 * The photo routes under `/open311/v2`, defined once: uploading photos before a registration names
 * them, serving a photo, and listing a message's photos. `photos.ts` serves them; the OpenAPI
 * document describes them.
 */
import { z } from 'zod';
import { PHOTO_TYPES } from '../photos/prepare.js';
import { MAX_PHOTOS_PER_MESSAGE } from '../photos/store.js';
import { defineRoute, type RouteSpec } from './route.js';

const RATE_LIMITED = 429;
const mayBePrivate = { name: 'X-Citizen-Token', description: 'Needed for a private message' };

/** One uploaded photo as the upload answers it. */
export const uploadedPhotoSchema = z.object({
  media_id: z.string().describe('Name it in `media_ids` when registering the message.'),
  media_url: z.string().describe('Where the photo is served once its message is registered.'),
  content_type: z.enum(Object.values(PHOTO_TYPES) as [string, ...string[]]),
  size: z.number().int().describe('Bytes after re-encoding.'),
  position: z.object({ lat: z.number(), long: z.number() }).nullable().describe('Where the photo says it was taken (EXIF GPS): offer it as the location; it is not kept.'),
});

/** One photo of a message, as its list answers it. */
export const messagePhotoSchema = uploadedPhotoSchema.omit({ position: true });

/** The multipart body of an upload: one to three files in the field `photo`. */
export const photoUploadBodySchema = z.object({
  photo: z.array(z.file()).min(1).max(MAX_PHOTOS_PER_MESSAGE).describe('JPEG, PNG or WebP images'),
});

const upload = (path: string) =>
  defineRoute({
    method: 'post',
    path,
    summary: 'Upload one to three photos (JPEG, PNG, WebP), re-encoded without metadata; name them in media_ids when registering',
    headers: [{ name: 'X-Api-Key', description: 'The API key (or query api_key)' }],
    query: z.object({ api_key: z.string().optional().describe('The API key, instead of X-Api-Key') }),
    localized: true,
    body: { schema: photoUploadBodySchema, media: ['multipart'] },
    answers: { 201: { description: 'The photos, with the position their EXIF gave (not kept)', schema: z.array(uploadedPhotoSchema) } },
    errors: [400, 403, 413, 415, RATE_LIMITED],
  });

/** The photo routes. */
export const photoApi = {
  upload: upload('/media'),
  uploadJson: upload('/media.json'),
  photo: defineRoute({
    method: 'get',
    path: '/media/{file}',
    summary: 'A photo of a message (a private message’s only with its citizen token or a staff bearer token)',
    params: z.object({ file: z.string().describe('The photo id and suffix (.jpg, .png, .webp)') }),
    headers: [mayBePrivate, { name: 'Authorization', description: 'Bearer staff token, for a private message' }],
    answers: { 200: { description: 'The image', media: 'image/*' } },
    errors: [404],
  }),
  ofMessage: defineRoute({
    method: 'get',
    path: '/requests/{id}/media.json',
    summary: 'The photos of a message, in order',
    params: z.object({ id: z.string().describe('The tracking id') }),
    headers: [mayBePrivate],
    localized: true,
    answers: { 200: { description: 'The photos', schema: z.array(messagePhotoSchema) } },
    errors: [404, RATE_LIMITED],
  }),
} satisfies Record<string, RouteSpec>;
