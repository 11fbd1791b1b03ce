/**
 * The client against the real reference server (in-memory PGlite, demo data, loopback): every
 * method, the error paths, safe retries of registration, pagination, and a message taken from
 * registration through the staff's answer to the citizen's feedback.
 */
import { startServer } from '@payam/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createClient,
  createStaffClient,
  PayamApiError,
  PayamTimeoutError,
  type CreatedMessage,
  type PayamClient,
  type PayamStaffClient,
} from '../src/index.js';
import { startProxy, type Proxy } from './proxy.js';

let server: Awaited<ReturnType<typeof startServer>>;
let proxy: Proxy;
let payam: PayamClient;
let payamEn: PayamClient;
let supervisor: PayamStaffClient;
let clockOffsetMs = 0;

beforeAll(async () => {
  // The server's clock can be moved forward (to close a feedback window); its worker runs only
  // when a test asks, so a moved clock fires nothing behind a test's back.
  server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir: null,
    demo: true,
    quiet: true,
    now: () => new Date(Date.now() + clockOffsetMs),
    workerIntervalMs: 0,
    // More than a thousand registrations come from this one loopback address (the paging test):
    // the abuse limits would stop them, and are tested in the server's own suite.
    rateLimits: false,
    // Alike messages here are linked by staff, as the tests say; the server's own links at
    // registration are tested in its duplicate-search suite.
    autoLinkDuplicates: false,
  });
  proxy = await startProxy(server.url);
  payam = createClient({ baseUrl: server.url, apiKey: 'demo' });
  payamEn = createClient({ baseUrl: server.url, apiKey: 'demo', lang: 'en' });
  supervisor = createStaffClient({ baseUrl: server.url, token: 'demo-supervisor', lang: 'en' });
}, 60_000);

afterAll(async () => {
  await proxy?.close();
  await server?.close();
});

const pothole = (description: string) => ({ system: '137', serviceCode: 'pothole', description, region: '6' });

/** Takes a message through triage, referral and start to an answer, as staff do. */
async function answer(id: string, text: string): Promise<void> {
  await supervisor.messages.act(id, 'triage', {});
  await supervisor.messages.act(id, 'refer', { unitId: 'district-6' });
  await supervisor.messages.act(id, 'start', {});
  await supervisor.messages.act(id, 'answer', { text });
}

describe('services', () => {
  it('lists the services of a system with their registration rules, and gives a form', async () => {
    const services = await payamEn.services.list({ system: '137' });
    const streetlight = services.find((s) => s.service_code === 'streetlight');
    expect(streetlight?.service_name).toBe('Streetlight out');
    expect(streetlight?.extended_attributes?.requires_address).toBe(true);
    expect(services.every((s) => s.extended_attributes?.jurisdiction_id === '137')).toBe(true);

    const form = await payamEn.services.get('streetlight');
    const lampState = form.attributes.find((a) => a.code === 'lamp_state');
    expect(lampState).toMatchObject({ datatype: 'singlevaluelist', required: true });
    expect(lampState?.values?.map((v) => v.key)).toContain('flickering');
  });

  it('answers in Persian by default', async () => {
    const services = await payam.services.list({ system: '137' });
    expect(services.find((s) => s.service_code === 'streetlight')?.service_name).toBe('خاموشی روشنایی معابر');
  });

  it('gives a 404 for an unknown service', async () => {
    const error = (await payam.services.get('no-such-service').catch((e: unknown) => e)) as PayamApiError;
    expect(error).toBeInstanceOf(PayamApiError);
    expect(error.status).toBe(404);
    expect(error.local).toBe(false);
  });
});

describe('a message from registration to feedback', () => {
  let created: CreatedMessage;

  it('registers a message and reads its status, explanation and timeline', async () => {
    created = await payamEn.requests.create({
      ...pothole('A deep pothole in front of number ۱۲'),
      attributes: { depth_cm: '15' },
      contact: { phone: '۰۹۱۲ ۱۲۳ ۴۵۶۷' },
    });
    expect(created.id).toMatch(/\S/);
    expect(created.citizenToken).toMatch(/\S/);

    const message = await payamEn.requests.get(created.id);
    expect(message.id).toBe(created.id);
    expect(message.system).toBe('137');
    expect(message.status).toBe('open');
    expect(message.detailedStatus?.label).toMatch(/\S/);
    expect(message.detailedStatus?.explanation).toMatch(/\S/);
    expect(message.service?.code).toBe('pothole');
    expect(message.timeline[0]?.type).toBe('registered');
    expect(message.timeline[0]?.at).toBeInstanceOf(Date);
    expect(message.accepts).toBe('follow_up');
    expect(message.feedbackWindow).toBeNull();
    expect(JSON.stringify(message.raw)).not.toContain('9121234567');
  });

  it('reads the same message with a tracking id in Persian digits', async () => {
    const persianId = created.id.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!);
    expect((await payam.requests.get(persianId)).id).toBe(created.id);
  });

  it('adds a follow-up before the answer, and refuses feedback then (409 with the refusal)', async () => {
    const message = await payamEn.requests.followUp(created.id, created.citizenToken, 'It is getting deeper');
    expect(message.timeline.some((t) => t.type === 'follow_up' && t.text === 'It is getting deeper')).toBe(true);

    const error = (await payamEn.requests
      .feedback(created.id, created.citizenToken, { resolved: 'yes', rating: 5 })
      .catch((e: unknown) => e)) as PayamApiError;
    expect(error.status).toBe(409);
    expect(error.refusal).toBe('feedback_before_answer');
    expect(error.errors[0]?.description).toMatch(/\S/);
  });

  it('refuses a wrong citizen token with 403', async () => {
    const error = (await payam.requests.followUp(created.id, 'not-the-token', 'Hello').catch((e: unknown) => e)) as PayamApiError;
    expect(error).toBeInstanceOf(PayamApiError);
    expect(error.status).toBe(403);
  });

  it('lets staff answer it, then shows the answer, the feedback window and takes feedback', async () => {
    const queue = await supervisor.queue({ limit: 500 });
    expect(queue.items.some((m) => m.id === created.id)).toBe(true);
    const staffView = await supervisor.messages.get(created.id);
    expect(staffView.hasContact.sms).toBe(true);
    expect(JSON.stringify(staffView)).not.toContain('9121234567');

    await answer(created.id, 'Filled and resurfaced.');
    const answered = await payamEn.requests.get(created.id);
    expect(answered.status).toBe('closed');
    expect(answered.detailedStatus?.code).toBe('answered');
    expect(answered.accepts).toBe('feedback');
    expect(answered.feedbackWindow?.open).toBe(true);
    expect(answered.feedbackWindow!.closesAt.getTime()).toBeGreaterThan(answered.feedbackWindow!.opensAt.getTime());
    expect(answered.timeline.some((t) => t.text === 'Filled and resurfaced.')).toBe(true);

    const refused = (await payamEn.requests
      .followUp(created.id, created.citizenToken, 'One more thing')
      .catch((e: unknown) => e)) as PayamApiError;
    expect(refused.status).toBe(409);
    expect(refused.refusal).toBe('follow_up_after_answer');

    const withFeedback = await payamEn.requests.feedback(created.id, created.citizenToken, {
      resolved: 'yes',
      rating: 5,
      comment: 'Thank you',
    });
    expect(withFeedback.timeline.some((t) => t.type === 'feedback')).toBe(true);

    const stats = await supervisor.stats.feedback();
    expect(stats.total).toBeGreaterThanOrEqual(1);
    const report = await supervisor.reports.feedbackXlsx();
    expect(new TextDecoder().decode(new Uint8Array(report, 0, 2))).toBe('PK'); // a zip: the .xlsx
  });
});

describe('duplicates and private messages', () => {
  it('shows the duplicate link on the linked message and the count on the first', async () => {
    const first = await payamEn.requests.create(pothole('Pothole at the Vanak square exit'));
    const second = await payamEn.requests.create(pothole('Big pothole at Vanak square'));
    const linked = await supervisor.messages.act(second.id, 'link', { firstMessageId: first.id });
    expect(linked.firstMessageId).toBe(first.id);

    const duplicate = await payamEn.requests.get(second.id);
    expect(duplicate.isDuplicate).toBe(true);
    expect(duplicate.firstMessageId).toBe(first.id);
    expect(duplicate.duplicateOf).toBe(first.id);
    expect(duplicate.detailedStatus?.code).toBe('duplicate');
    expect((await payamEn.requests.get(first.id)).linkedCount).toBe(1);
  });

  it('shows a private 1888 complaint only with its citizen token', async () => {
    const services = await payamEn.services.list({ system: '1888' });
    expect(services.map((s) => s.service_code)).toContain('staff-misconduct');
    const complaint = await payamEn.requests.create({
      system: '1888',
      serviceCode: 'staff-misconduct',
      description: 'An officer was rude at the district office',
      region: '6',
    });
    await expect(payamEn.requests.get(complaint.id)).rejects.toMatchObject({ status: 404 });
    const seen = await payamEn.requests.get(complaint.id, { citizenToken: complaint.citizenToken });
    expect(seen.private).toBe(true);
    expect(seen.system).toBe('1888');
  });

  it('attaches photos uploaded first by their ids, served as the public media_url, a private message\'s only to its citizen', async () => {
    // A 4 × 4 red PNG: the server re-encodes it like any photo.
    const photo = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGP4z8AARwzEcQCukw/x0F8jngAAAABJRU5ErkJggg==', 'base64');
    const upload = async (): Promise<{ media_id: string; media_url: string }> => {
      const body = new FormData();
      body.append('photo', new Blob([new Uint8Array(photo)], { type: 'image/png' }), 'red.png');
      const response = await fetch(`${server.url}/open311/v2/media`, { method: 'POST', headers: { 'x-api-key': 'demo' }, body });
      expect(response.status).toBe(201);
      return ((await response.json()) as { media_id: string; media_url: string }[])[0]!;
    };
    const shown = await upload();
    const { id } = await payamEn.requests.create({ ...pothole('A pothole, photographed'), mediaIds: [shown.media_id] });
    expect((await payamEn.requests.get(id)).mediaUrl).toBe(shown.media_url);
    expect((await fetch(shown.media_url)).status).toBe(200);

    const hidden = await upload();
    const complaint = await payamEn.requests.create({ system: '1888', serviceCode: 'staff-misconduct', description: 'A photo of the office', mediaIds: [hidden.media_id] });
    expect((await payamEn.requests.get(complaint.id, { citizenToken: complaint.citizenToken })).mediaUrl).toBe(hidden.media_url);
    expect((await fetch(hidden.media_url)).status).toBe(404);
    expect((await fetch(hidden.media_url, { headers: { 'x-citizen-token': complaint.citizenToken } })).status).toBe(200);

    // Attached once: the server refuses the same photo for another message, naming the field.
    const taken = (await payamEn.requests.create({ ...pothole('Same photo again'), mediaIds: [shown.media_id] }).catch((e: unknown) => e)) as PayamApiError;
    expect([taken.status, taken.local, taken.errors[0]?.field]).toEqual([400, false, 'mediaIds']);
    // More than a message may have is refused before anything is sent.
    const tooMany = (await payamEn.requests.create({ ...pothole('Four photos'), mediaIds: ['a', 'b', 'c', 'd'] }).catch((e: unknown) => e)) as PayamApiError;
    expect([tooMany.status, tooMany.local, tooMany.errors[0]?.field]).toEqual([400, true, 'mediaIds']);
  });

  it('uploads photos with photos.upload: their ids for mediaIds, the EXIF position, a refusal in the language asked', async () => {
    const { jpegWithGps } = await import('../../server/test/support/photo-fixtures.js');
    const jpeg = await jpegWithGps(35.7219, 51.3347);
    const [uploaded] = await payamEn.photos.upload([new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' })]);
    expect(uploaded).toMatchObject({ contentType: 'image/jpeg', position: { lat: 35.7219, long: 51.3347 } });
    const { id } = await payamEn.requests.create({ ...pothole('A pothole, photographed by phone'), mediaIds: [uploaded!.id] });
    expect((await payamEn.requests.get(id)).mediaUrl).toBe(uploaded!.url);

    const refused = (await payamEn.photos.upload([new Blob(['not a photo'], { type: 'text/plain' })]).catch((e: unknown) => e)) as PayamApiError;
    expect(refused).toBeInstanceOf(PayamApiError);
    expect([refused.status, refused.errors[0]?.field]).toEqual([400, 'photo']);
    expect(refused.errors[0]?.description).toMatch(/image/);
  });

  it('gives labels and explanations in Persian by default and in English when asked', async () => {
    const { id } = await payam.requests.create(pothole('چاله بزرگ در خیابان'));
    const fa = await payam.requests.get(id);
    const en = await payamEn.requests.get(id);
    expect(fa.detailedStatus?.code).toBe(en.detailedStatus?.code);
    expect(fa.detailedStatus?.label).toMatch(/[\u0600-\u06FF]/);
    expect(en.detailedStatus?.label).toMatch(/^[\x20-\x7E]+$/);
  });
});

describe('similar open messages nearby', () => {
  const vanak = { lat: 35.7575, long: 51.4097 };

  it('offers an open public message like a draft, and registers a message that follows it, joined to it', async () => {
    const words = 'Deep pothole in the right lane of Mirdamad boulevard near the metro exit';
    const open = await payamEn.requests.create({ ...pothole(words), location: vanak, contact: { phone: '09121234567', firstName: 'Sara' } });
    const found = await payamEn.requests.similar({ system: '137', serviceCode: 'pothole', description: words, location: { lat: vanak.lat + 0.0002, long: vanak.long } });
    const offered = found.find((m) => m.id === open.id);
    expect(offered).toMatchObject({ serviceCode: 'pothole', serviceName: 'Pothole or broken asphalt', status: 'received', description: words });
    expect(offered?.statusLabel).toMatch(/[A-Za-z]/);
    expect(offered?.distanceMetres).toBe(22);
    expect(offered?.requestedAt).toBeInstanceOf(Date);
    expect(JSON.stringify(found)).not.toMatch(/0912|Sara/);
    // By its region alone: no distance.
    const byRegion = await payamEn.requests.similar({ system: '137', description: words, region: '6' });
    expect(byRegion.find((m) => m.id === open.id)?.distanceMetres).toBeNull();

    const follower = await payamEn.requests.create({ ...pothole('I saw it too, a car lost a wheel there'), follow: offered!.id });
    const joined = await payamEn.requests.get(follower.id);
    expect(joined.duplicateOf).toBe(open.id);
    expect(joined.detailedStatus?.code).toBe('duplicate');
  });

  it('refuses a confidential system and a draft with no place, with the caller’s field names', async () => {
    const refused = await payamEn.requests.similar({ system: '1888', description: 'An officer asked for money', location: vanak }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PayamApiError);
    expect((refused as PayamApiError).status).toBe(400);
    expect((refused as PayamApiError).errors[0]?.field).toBe('system');
    // Nothing sent without a place: a local 400.
    const nowhere = await payamEn.requests.similar({ system: '137', description: 'A pothole' }).catch((e: unknown) => e);
    expect((nowhere as PayamApiError).errors[0]?.field).toBe('region');
    const following = await payamEn.requests.create({ ...pothole('Same as that one'), follow: '137-999999' }).catch((e: unknown) => e);
    expect((following as PayamApiError).status).toBe(400);
    expect((following as PayamApiError).errors[0]?.field).toBe('follow');
  });
});

describe('errors from the server', () => {
  it('refuses a wrong API key with 403', async () => {
    const wrong = createClient({ baseUrl: server.url, apiKey: 'wrong-key' });
    const error = (await wrong.requests.create(pothole('Pothole')).catch((e: unknown) => e)) as PayamApiError;
    expect(error).toBeInstanceOf(PayamApiError);
    expect(error.status).toBe(403);
    expect(error.errors[0]?.field).toBe('apiKey');
  });

  it('gives 400 with the field and a reason for a form the server refuses', async () => {
    const error = (await payamEn.requests
      .create({ system: '137', serviceCode: 'streetlight', description: 'The light is out', address: 'Valiasr St.' })
      .catch((e: unknown) => e)) as PayamApiError;
    expect(error).toBeInstanceOf(PayamApiError);
    expect(error.status).toBe(400);
    expect(error.local).toBe(false);
    // The server names the wire field (`attribute[lamp_state]`); the client names the input's.
    const item = error.errors.find((e) => e.field === 'attributes.lamp_state');
    expect(item?.description).toMatch(/\S/);
  });

  it('gives a 404 for an unknown message', async () => {
    await expect(payam.requests.get('999999999')).rejects.toMatchObject({ status: 404, local: false });
  });

  it('refuses a bad staff token with 401 and an unknown staff message with 404', async () => {
    const stranger = createStaffClient({ baseUrl: server.url, token: 'not-a-token' });
    await expect(stranger.queue()).rejects.toMatchObject({ status: 401 });
    await expect(supervisor.messages.get('999999999')).rejects.toMatchObject({ status: 404 });
  });

  it('times out when the answer is held back, and aborts on request', async () => {
    proxy.inject(/^GET \/open311\/v2\/services\.json/, 'hold', 2);
    const slow = createClient({ baseUrl: proxy.url, apiKey: 'demo', timeoutMs: 200, retries: 1 });
    await expect(slow.services.list()).rejects.toBeInstanceOf(PayamTimeoutError);

    proxy.inject(/^GET \/open311\/v2\/services\.json/, 'hold', 1);
    const controller = new AbortController();
    const pending = createClient({ baseUrl: proxy.url, apiKey: 'demo' }).services.list({}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('safe retries', () => {
  it('registers one message when the first answer is lost and the client retries with the same key', async () => {
    proxy.inject(/^POST \/open311\/v2\/requests\.json/, 'drop-answer');
    const before = proxy.seen.length;
    const flaky = createClient({ baseUrl: proxy.url, apiKey: 'demo' });
    const description = `Lost answer ${Date.now()}`;
    const created = await flaky.requests.create(pothole(description));

    const posts = proxy.seen.slice(before).filter((s) => s.line.startsWith('POST'));
    expect(posts).toHaveLength(2);
    expect(posts[0]!.idempotencyKey).toBeDefined();
    expect(posts[1]!.idempotencyKey).toBe(posts[0]!.idempotencyKey);

    const queue = await supervisor.queue({ limit: 500 });
    expect(queue.items.filter((m) => m.description === description).map((m) => m.id)).toEqual([created.id]);
  });

  it('gives the same message for the same idempotency key', async () => {
    const key = `checkout-${Date.now()}`;
    const first = await payam.requests.create(pothole('Same key twice'), { idempotencyKey: key });
    const second = await payam.requests.create(pothole('Same key twice'), { idempotencyKey: key });
    expect(second.id).toBe(first.id);
  });
});

describe('lists and feeds', () => {
  it('pages through messages without losing or repeating one', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await payam.requests.create({ system: '137', serviceCode: 'trees', description: `Tree ${i}`, region: '6' })).id);
    const pages: string[][] = [];
    for await (const page of payam.requests.list({ system: '137', serviceCode: 'trees', pageSize: 2 })) pages.push(page.map((m) => m.id));
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat().sort()).toEqual([...ids].sort());
  });

  it('filters the list by status', async () => {
    for await (const page of payam.requests.list({ system: '137', status: 'closed' })) {
      expect(page.every((m) => m.status === 'closed')).toBe(true);
    }
  });

  it('gives frequency statistics by region, service and day', async () => {
    const stats = await payam.stats.frequency({ system: '137', serviceCode: 'trees', bucket: 'day' });
    expect(stats.periods.length).toBeGreaterThan(0);
    expect(stats.bucket).toBe('day');
    const district6 = stats.rows.filter((row) => row.region === '6');
    expect(district6.reduce((sum, row) => sum + (row.count ?? 0), 0)).toBe(5);
    expect(stats.rows.every((row) => row.service_code === 'trees')).toBe(true);
  });

  it('publishes a consented suggestion to the feed, without personal data', async () => {
    const idea = await payamEn.requests.create({
      system: '137',
      serviceCode: 'city-idea',
      description: 'More benches in Laleh park',
      region: '6',
      suggestion: true,
      consents: { participation: { granted: true, textVersion: 'v1' } },
      contact: { phone: '09121112233', firstName: 'Maryam' },
    });
    await server.runWorker();
    const feed = await payamEn.suggestions.list();
    const entry = feed.find((s) => s.service_request_id === idea.id);
    expect(entry?.description).toBe('More benches in Laleh park');
    expect(JSON.stringify(feed)).not.toMatch(/9121112233|Maryam/);
    expect((await payamEn.requests.get(idea.id)).suggestion?.published).toBe(true);
  });

  it('pages through the staff queue', async () => {
    const handler = createStaffClient({ baseUrl: server.url, token: 'demo-handler' });
    const seen = new Set<string>();
    let pages = 0;
    for await (const items of supervisor.queuePages({ limit: 3 })) {
      pages++;
      for (const m of items) seen.add(m.id);
    }
    expect(pages).toBeGreaterThan(1);
    expect(seen.size).toBe((await supervisor.queue({ limit: 1 })).total);
    const scoped = await handler.queue({ limit: 500 });
    expect(scoped.items.every((m) => m.unitId.startsWith('district-6'))).toBe(true);
  });
});

describe('paging across Open311 answers', () => {
  it('walks through more messages than one answer holds (1000), each once', async () => {
    const ids = new Set<string>();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < 1010) {
          const n = next++;
          ids.add((await payam.requests.create({ system: '137', serviceCode: 'trees', description: `Tree ${n}`, region: '7' })).id);
        }
      }),
    );
    const pages: string[][] = [];
    for await (const page of payam.requests.list({ system: '137', serviceCode: 'trees' })) pages.push(page.map((m) => m.id));
    const region7 = pages.flat().filter((id) => ids.has(id));
    expect(pages[0]).toHaveLength(1000);
    expect(pages.length).toBeGreaterThan(1);
    expect(region7).toHaveLength(1010);
    expect(new Set(pages.flat()).size).toBe(pages.flat().length);
  }, 60_000);
});

describe('the feedback window', () => {
  it('refuses feedback once the window has closed, saying when it closed', async () => {
    const created = await payamEn.requests.create(pothole('Pothole near the metro exit'));
    await answer(created.id, 'Repaired.');
    const answered = await payamEn.requests.get(created.id);
    const closesAt = answered.feedbackWindow!.closesAt;
    expect(closesAt.getTime() - answered.feedbackWindow!.opensAt.getTime()).toBeGreaterThanOrEqual(28 * 86_400_000);

    clockOffsetMs = closesAt.getTime() - Date.now() + 60_000;
    try {
      const closed = await payamEn.requests.get(created.id);
      expect(closed.feedbackWindow?.open).toBe(false);
      expect(closed.accepts).toBe('nothing');
      const error = (await payamEn.requests
        .feedback(created.id, created.citizenToken, { resolved: 'no', rating: 1 })
        .catch((e: unknown) => e)) as PayamApiError;
      expect(error.status).toBe(409);
      expect(error.refusal).toBe('feedback_window_closed');
      expect(error.errors[0]?.description).toMatch(/\S/);
    } finally {
      clockOffsetMs = 0;
    }
  });
});
