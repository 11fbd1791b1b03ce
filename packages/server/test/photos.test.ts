import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exifPosition } from '../src/photos/prepare.js';
import { BACKENDS, startTestServer, type TestServer } from './support/harness.js';
import { CAMERA_MAKE, exifWithGps, gif, jpegWithGps, png } from './support/photo-fixtures.js';

interface Uploaded {
  media_id: string;
  media_url: string;
  content_type: string;
  size: number;
  position: { lat: number; long: number } | null;
}

function form(files: { name?: string; bytes: Buffer; type: string; file?: string }[]): FormData {
  const data = new FormData();
  for (const f of files) data.append(f.name ?? 'photo', new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.file ?? 'photo');
  return data;
}

describe('reading the position a photo carries', () => {
  it('takes the EXIF GPS position, south and west negative, and nothing from a block without one', () => {
    expect(exifPosition(exifWithGps(35.725, 51.402).subarray(6))).toEqual({ lat: 35.725, long: 51.402 });
    expect(exifPosition(exifWithGps(-33.8688, -70.6693).subarray(6))).toEqual({ lat: -33.8688, long: -70.6693 });
    expect(exifPosition(undefined)).toBeNull();
    expect(exifPosition(Buffer.from('not exif'))).toBeNull();
  });
});

describe.each(BACKENDS)('photos through HTTP on %s', (backend) => {
  let s: TestServer;
  const upload = (data: FormData, headers: Record<string, string> = { 'x-api-key': 'demo' }) => fetch(`${s.url}/open311/v2/media?lang=en`, { method: 'POST', headers, body: data });
  beforeAll(async () => {
    s = await startTestServer(backend, { photos: { maxBytes: 400_000 } });
  }, 120_000);
  afterAll(async () => {
    await s?.close();
  });

  it('re-encodes a photo without its metadata, offers its GPS position, and serves it as the message media_url once registered', async () => {
    const original = await jpegWithGps(35.725, 51.402);
    expect(original.includes(Buffer.from(CAMERA_MAKE))).toBe(true);
    const response = await upload(form([{ bytes: original, type: 'image/jpeg' }, { bytes: await png(), type: 'image/png' }]));
    expect(response.status).toBe(201);
    const [jpeg, second] = (await response.json()) as Uploaded[];
    expect(jpeg!.position).toEqual({ lat: 35.725, long: 51.402 });
    expect(jpeg!.content_type).toBe('image/jpeg');
    expect(second!.position).toBeNull();
    expect(second!.content_type).toBe('image/png');
    // Not served before it belongs to a message: the server is no free image host.
    expect((await fetch(jpeg!.media_url)).status).toBe(404);

    const { id } = await s.submit({ media_ids: [jpeg!.media_id, second!.media_id], lat: jpeg!.position!.lat, long: jpeg!.position!.long });
    const [message] = (await (await s.get(`/open311/v2/requests/${id}.json`)).json()) as { media_url: string }[];
    expect(message!.media_url).toBe(jpeg!.media_url);
    const served = await fetch(message!.media_url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    const bytes = Buffer.from(await served.arrayBuffer());
    expect(bytes.length).toBe(jpeg!.size);
    const metadata = await sharp(bytes).metadata();
    expect(metadata.exif).toBeUndefined();
    expect(metadata.xmp).toBeUndefined();
    expect([metadata.width, metadata.height]).toEqual([640, 480]);
    expect(bytes.includes(Buffer.from(CAMERA_MAKE))).toBe(false);
    expect(bytes.includes(Buffer.from('Exif\0'))).toBe(false);
    const list = (await (await s.get(`/open311/v2/requests/${id}/media.json`)).json()) as Uploaded[];
    expect(list.map((p) => p.media_id)).toEqual([jpeg!.media_id, second!.media_id]);
    // Attached once: another message cannot take the same photos.
    const again = await s.postJson('/open311/v2/requests.json?lang=en', { api_key: 'demo', service_code: 'pothole', description: 'Again', media_ids: jpeg!.media_id });
    expect(again.status).toBe(400);
    // A retry of a registration with its Idempotency-Key names them again and gets the same message.
    const [retried] = (await (await upload(form([{ bytes: original, type: 'image/jpeg' }]))).json()) as Uploaded[];
    const body = { api_key: 'demo', service_code: 'pothole', description: 'With a retry', media_ids: [retried!.media_id] };
    const first = await s.postJson('/open311/v2/requests.json', body, { 'idempotency-key': `photo-retry-${backend}` });
    const second2 = await s.postJson('/open311/v2/requests.json', body, { 'idempotency-key': `photo-retry-${backend}` });
    expect([first.status, second2.status]).toEqual([201, 200]);
    const [a] = (await first.json()) as { service_request_id: string }[];
    const [b] = (await second2.json()) as { service_request_id: string }[];
    expect(b!.service_request_id).toBe(a!.service_request_id);
    expect(((await (await s.get(`/open311/v2/requests/${a!.service_request_id}/media.json`)).json()) as Uploaded[]).map((p) => p.media_id)).toEqual([retried!.media_id]);
  });

  it('refuses what is not a photo, too many or too large photos, unknown ids and a missing key, with 4xx Open311 errors', async () => {
    const jpeg = await jpegWithGps(35.7, 51.4);
    const expectError = async (response: Response, status: number, pattern: RegExp) => {
      expect(response.status).toBe(status);
      const [error] = (await response.json()) as { code: number; description: string }[];
      expect(error!.code).toBe(status);
      expect(error!.description).toMatch(pattern);
    };
    await expectError(await upload(form([0, 1, 2, 3].map(() => ({ bytes: jpeg, type: 'image/jpeg' })))), 400, /At most 3/);
    await expectError(await upload(form([{ bytes: await gif(), type: 'image/gif' }])), 415, /JPEG, PNG and WebP/);
    await expectError(await upload(form([{ bytes: Buffer.from('just text, not an image'), type: 'image/jpeg' }])), 400, /not a readable/);
    await expectError(await upload(form([{ bytes: Buffer.alloc(500_000, 7), type: 'image/jpeg' }])), 413, /at most 0.4 MB/);
    await expectError(await upload(form([{ name: 'file', bytes: jpeg, type: 'image/jpeg' }])), 400, /named photo/);
    await expectError(await upload(form([{ bytes: jpeg, type: 'image/jpeg' }]), {}), 403, /API key/);
    await expectError(await fetch(`${s.url}/open311/v2/media?lang=en`, { method: 'POST', headers: { 'x-api-key': 'demo', 'content-type': 'application/json' }, body: '{}' }), 415, /multipart/);
    // Over the upload's own body limit: refused before it is read.
    await expectError(await upload(form([0, 1, 2, 3].map(() => ({ bytes: Buffer.alloc(400_000, 1), type: 'image/jpeg' })))), 413, /./);
    const unknown = await s.postJson('/open311/v2/requests.json?lang=en', { api_key: 'demo', service_code: 'pothole', description: 'x', media_ids: ['nope'] });
    await expectError(unknown, 400, /media_ids/);
    const fa = await s.postJson('/open311/v2/requests.json', { api_key: 'demo', service_code: 'pothole', description: 'x', media_ids: 'a,b,c,d' });
    expect(fa.status).toBe(400);
    expect(((await fa.json()) as { description: string }[])[0]!.description).toMatch(/[\u0600-\u06FF]/);
  });

  it('serves the photos of a private (1888) message only to its citizen and to staff who may read it', async () => {
    const [photo] = (await (await upload(form([{ bytes: await jpegWithGps(35.7, 51.4), type: 'image/jpeg' }]))).json()) as Uploaded[];
    const created = await s.postJson('/open311/v2/requests.json', { api_key: 'demo', jurisdiction_id: '1888', description: 'An inspector asked me for money.', media_ids: [photo!.media_id] });
    expect(created.status).toBe(201);
    const [{ service_request_id: id, citizen_token: token }] = (await created.json()) as { service_request_id: string; citizen_token: string }[] as [{ service_request_id: string; citizen_token: string }];
    const get = (headers: Record<string, string>) => fetch(photo!.media_url, { headers });
    const nobody = await get({});
    expect(nobody.status).toBe(404);
    const missing = await fetch(`${s.url}/open311/v2/media/AAAAAAAAAAAAAAAAAAAAAAAA.jpg`);
    expect(await nobody.text()).toBe(await missing.text());
    expect((await get({ 'x-citizen-token': 'wrong' })).status).toBe(404);
    expect((await get({ authorization: 'Bearer demo-analyst' })).status).toBe(404);
    expect((await get({ authorization: 'Bearer demo-handler' })).status).toBe(404);
    const citizen = await get({ 'x-citizen-token': token });
    expect(citizen.status).toBe(200);
    expect(citizen.headers.get('cache-control')).toContain('no-store');
    expect((await get({ authorization: 'Bearer demo-supervisor' })).status).toBe(200);
    expect((await s.get(`/open311/v2/requests/${id}/media.json`)).status).toBe(404);
    expect((await s.get(`/open311/v2/requests/${id}/media.json`, { 'x-citizen-token': token })).status).toBe(200);
  });
});

describe('photos kept in a folder', () => {
  it('writes the re-encoded photo as a file and serves it from there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'payam-photos-'));
    const s = await startTestServer('pglite', { photos: { dir } });
    try {
      const response = await fetch(`${s.url}/open311/v2/media`, { method: 'POST', headers: { 'x-api-key': 'demo' }, body: form([{ bytes: await jpegWithGps(35.7, 51.4), type: 'image/jpeg' }]) });
      const [photo] = (await response.json()) as Uploaded[];
      expect(readdirSync(dir)).toEqual([photo!.media_id]);
      const kept = readFileSync(join(dir, photo!.media_id));
      expect(kept.includes(Buffer.from(CAMERA_MAKE))).toBe(false);
      await s.submit({ media_ids: photo!.media_id });
      const served = Buffer.from(await (await fetch(photo!.media_url)).arrayBuffer());
      expect(served.equals(kept)).toBe(true);
    } finally {
      await s.close();
    }
  }, 120_000);
});
