import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema, open311RequestSchema, staffMessageSchema } from '@payam/core';
import { dismissalSchema, similarMessagesSchema } from '../src/http/similar-api.js';
import { BACKENDS, startTestServer, type TestServer } from './support/harness.js';

const auth = (token = 'demo-admin') => ({ authorization: `Bearer ${token}` });
const HOUR = 3_600_000;
const METRE = 1 / 111_320;

describe.each(BACKENDS)('duplicate search through the API on %s', (backend) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(backend, { autoLinkDuplicates: true });
  });
  afterAll(() => s.close());

  async function staffView(id: string, token = 'demo-admin') {
    const response = await s.get(`/staff/v1/messages/${id}`, auth(token));
    expect(response.status).toBe(200);
    return staffMessageSchema.parse(await response.json());
  }
  async function similar(id: string, token = 'demo-admin', lang = 'en') {
    const response = await s.get(`/staff/v1/messages/${id}/similar?lang=${lang}`, auth(token));
    expect(response.status).toBe(200);
    return similarMessagesSchema.parse(await response.json()).items;
  }
  /** A streetlight message at `lat`, `long` (plus `north` metres), in district 6. */
  const light = (description: string, lat: number, long: number, north = 0, extra: Record<string, unknown> = {}) =>
    s.submit({ service_code: 'streetlight', attribute: { lamp_state: 'off' }, description, lat: lat + north * METRE, long, ...extra });

  it('links a new message at registration to its open first message; the citizen sees "joined to message X"', async () => {
    const first = await light('چراغ‌های برق کوچه نسترن چند شب است خاموش است', 35.731, 51.401);
    s.clock.advance(5 * HOUR);
    const again = await light('چراغهاي برق كوچه نسترن چند شب است خاموش است!!', 35.731, 51.401, 25);
    const view = await staffView(again.id);
    expect(view.firstMessageId).toBe(first.id);
    expect(view.publicStatus).toBe('duplicate');
    expect(view.timeline.find((e) => e.type === 'linked_as_duplicate')).toMatchObject({ actorRole: 'system', visibility: 'public' });
    expect((await staffView(first.id)).linkedMessageIds).toEqual([again.id]);
    // The citizen reads it in their own language, with the first message named.
    for (const [lang, words] of [['en', 'Joined to message'], ['fa', 'پیوست']] as const) {
      const [raw] = (await (await s.get(`/open311/v2/requests/${again.id}.json?extensions=true&lang=${lang}`)).json()) as unknown[];
      const request = open311RequestSchema.parse(raw);
      expect(request?.extended_attributes?.parent_service_request_id).toBe(first.id);
      const note = request?.notes?.find((n) => n.type === 'linked_as_duplicate');
      expect(note?.summary).toContain(words);
      expect(note?.summary).toContain(first.id);
    }
    // A message of another problem at the same place stays on its own.
    const other = await light('تیر چراغ برق کج شده و نزدیک است روی ماشین‌ها بیفتد', 35.731, 51.401, 10);
    expect((await staffView(other.id)).firstMessageId).toBeNull();
  });

  it('suggests a paraphrase nearby to staff with a score, reasons and a summary in fa and en, best first', async () => {
    const first = await light('لامپ‌های خیابان بهار سوخته و شب‌ها تاریک است', 35.741, 51.421);
    s.clock.advance(26 * HOUR);
    const paraphrase = await light('چراغ برق خیابان بهار خاموش شده، عبور شبانه خطرناک است', 35.741, 51.421, 60);
    expect((await staffView(paraphrase.id)).firstMessageId).toBeNull();
    const items = await similar(paraphrase.id);
    const item = items.find((i) => i.id === first.id);
    expect(item).toMatchObject({ decision: 'suggest', reasons: expect.arrayContaining([{ code: 'service', value: 'same' }, { code: 'distance', value: 60 }]) });
    expect(item?.score).toBeGreaterThanOrEqual(0.5);
    expect(item?.score).toBeLessThan(0.8);
    expect(item?.summary).toMatch(/^same service, 60 m, 1 days apart, text 0\.\d+$/);
    const [fa] = (await similar(paraphrase.id, 'demo-admin', 'fa')).filter((i) => i.id === first.id);
    expect(fa?.summary).toMatch(/^همان خدمت، ۶۰ متر/);
    expect(items.map((i) => i.score)).toEqual([...items.map((i) => i.score)].sort((a, b) => b - a));
    // The first message sees the later one too, and neither lists itself.
    expect((await similar(first.id)).map((i) => i.id)).toEqual([paraphrase.id]);
  });

  it('dismissing a suggestion records it and never suggests the pair again, in either order', async () => {
    const first = await light('لامپ‌های خیابان نرگس سوخته و شب‌ها تاریک است', 35.751, 51.441);
    const second = await light('چراغ برق خیابان نرگس خاموش شده، عبور شبانه خطرناک است', 35.751, 51.441, 40);
    expect((await similar(second.id)).map((i) => i.id)).toContain(first.id);
    const refused = await s.postJson(`/staff/v1/messages/${second.id}/similar/${first.id}/dismiss`, {}, auth('demo-analyst'));
    expect(refused.status).toBe(403);
    const response = await s.postJson(`/staff/v1/messages/${second.id}/similar/${first.id}/dismiss`, {}, auth('demo-operator'));
    expect(response.status).toBe(200);
    expect(dismissalSchema.parse(await response.json())).toMatchObject({ messageId: second.id, otherId: first.id });
    expect((await similar(second.id)).map((i) => i.id)).not.toContain(first.id);
    expect((await similar(first.id)).map((i) => i.id)).not.toContain(second.id);
    // Dismissing twice changes nothing.
    expect((await s.postJson(`/staff/v1/messages/${second.id}/similar/${first.id}/dismiss`, {}, auth())).status).toBe(200);
  });

  it('a wrong automatic link is undone with unlink; staff confirm a suggestion with link', async () => {
    const first = await light('چراغ برق میدان لاله خاموش است', 35.761, 51.461);
    const copy = await light('چراغ برق ميدان لاله خاموش است', 35.761, 51.461, 15);
    expect((await staffView(copy.id)).firstMessageId).toBe(first.id);
    expect((await s.act(copy.id, 'unlink')).status).toBe(200);
    const unlinked = await staffView(copy.id);
    expect(unlinked.firstMessageId).toBeNull();
    expect(unlinked.timeline.map((e) => e.type)).toContain('unlinked');
    // Still similar: staff may link it again by hand.
    const [best] = await similar(copy.id);
    expect(best).toMatchObject({ id: first.id, decision: 'link' });
    expect((await s.act(copy.id, 'link', { firstMessageId: best!.id })).status).toBe(200);
    expect((await staffView(copy.id)).firstMessageId).toBe(first.id);
  });

  it('suggests the first message when the candidate is itself a duplicate, and never a closed one', async () => {
    const first = await light('لامپ چراغ کوچه یاس خاموش است و کوچه تاریک است', 35.771, 51.481);
    const linked = await light('لامپ چراغ کوچه ياس خاموش است و کوچه تاریک است', 35.771, 51.481, 20);
    expect((await staffView(linked.id)).firstMessageId).toBe(first.id);
    const later = await light('شب‌ها در کوچه یاس هیچ روشنایی نیست و عبور سخت است', 35.771, 51.481, 30);
    expect((await staffView(later.id)).firstMessageId).toBeNull();
    const items = await similar(later.id);
    expect(items.map((i) => i.id)).toContain(first.id);
    expect(items.map((i) => i.id)).not.toContain(linked.id);
    // Once the first message is closed, neither it nor its duplicates are suggested.
    for (const step of [['triage', {}], ['refer', { unitId: 'district-6-technical' }], ['answer', { text: 'لامپ‌ها عوض شد.' }]] as const) {
      expect((await s.act(first.id, step[0], step[1])).status).toBe(200);
    }
    s.clock.advance(40 * 24 * HOUR);
    await s.runWorker();
    expect((await staffView(first.id)).state).toBe('closed');
    // Registered the same day, the two are still within the time window of each other: only the closing counts.
    expect((await similar(later.id)).map((i) => i.id)).not.toContain(first.id);
  });

  it('reads a place by service group: a related service and a message without a service are found, an unrelated service is not', async () => {
    const text = 'جوی آب خیابان گلها با زباله پر شده و آب در خیابان راه افتاده است';
    const where = { lat: 35.7612, long: 51.3614 };
    /** The message `id` is linked to or is offered, and those it is offered. */
    const found = async (id: string) => [(await staffView(id)).firstMessageId, ...(await similar(id)).map((i) => i.id)];
    const garbage = await s.submit({ service_code: 'garbage', attribute: { waste_kind: ['household'] }, description: text, ...where });
    s.clock.advance(2 * HOUR);
    // Garbage and flooding are related services of two groups (the demo policy).
    const flooding = await s.submit({ service_code: 'flooding', description: text, ...where, lat: where.lat + 20 * METRE });
    expect(await found(flooding.id)).toContain(garbage.id);
    // A street light (another group, not related) at the same place, in the same words, is another matter.
    const light = await s.submit({ service_code: 'streetlight', attribute: { lamp_state: 'off' }, description: text, ...where });
    expect(await found(light.id)).toEqual([null]);
    // Without a service, any group of the place may be the same matter.
    const unsorted = await s.submit({ service_code: undefined, description: text, ...where, lat: where.lat + 30 * METRE });
    expect((await staffView(unsorted.id)).serviceCode).toBeNull();
    expect(await found(unsorted.id)).toContain(garbage.id);
  });

  it('matches a message without a location by its region and the place named in words', async () => {
    const first = await s.submit({ service_code: 'pothole', description: 'چاله بزرگ در خیابان شهید بهشتی نبش کوچه نهم', region: '7', lat: undefined, long: undefined });
    const second = await s.submit({ service_code: 'pothole', description: 'گودال عمیق وسط خیابان شهید بهشتی کوچه نهم، ماشین‌ها آسیب می‌بینند', region: '7', lat: undefined, long: undefined });
    const item = (await similar(second.id)).find((i) => i.id === first.id);
    expect(item?.reasons).toEqual(expect.arrayContaining([{ code: 'region', value: '7' }, { code: 'place', value: expect.any(Number) }]));
    // Another region is another place.
    const elsewhere = await s.submit({ service_code: 'pothole', description: 'چاله بزرگ در خیابان شهید بهشتی نبش کوچه نهم', region: '19', lat: undefined, long: undefined });
    expect((await similar(elsewhere.id)).map((i) => i.id)).not.toContain(first.id);
  });

  it('finds across a location and its absence, by region and words, whichever came first', async () => {
    const where = { service_code: 'pothole', region: '8' };
    const unlocated = await s.submit({ ...where, description: 'چاله عمیق در خیابان دماوند جلوی ایستگاه مترو', lat: undefined, long: undefined });
    // A located message of the region sees the earlier one without a location, and the reverse.
    const located = await s.submit({ ...where, description: 'چاله خیابان دماوند روبروی ایستگاه مترو خطرناک است', lat: 35.708, long: 51.49 });
    expect((await similar(located.id)).map((i) => i.id)).toContain(unlocated.id);
    const later = await s.submit({ ...where, description: 'گودال بزرگ خیابان دماوند نزدیک مترو', lat: undefined, long: undefined });
    expect((await similar(later.id)).map((i) => i.id)).toEqual(expect.arrayContaining([unlocated.id, located.id]));
    // Two located messages far apart are not found through their region.
    const far = await s.submit({ ...where, description: 'چاله خیابان دماوند روبروی ایستگاه مترو خطرناک است', lat: 35.74, long: 51.53 });
    expect((await similar(far.id)).map((i) => i.id)).not.toContain(located.id);
  });

  it('keeps 1888 to itself: matched only within 1888, never to staff who may not read it, 404 like a nonexistent id', async () => {
    const text = 'کارمند باجه شهرداری منطقه ۶ از من برای امضای پرونده پول خواست';
    const complaint = await s.submit({ jurisdiction_id: '1888', service_code: 'bribery', description: text, lat: 35.781, long: 51.391 });
    const again = await s.submit({ jurisdiction_id: '1888', service_code: 'bribery', description: `${text}.`, lat: 35.781, long: 51.391 });
    const public137 = await light(text, 35.781, 51.391);
    // Within 1888 the two are one matter.
    expect((await staffView(again.id)).firstMessageId).toBe(complaint.id);
    expect((await staffView(public137.id)).firstMessageId).toBeNull();
    expect((await similar(public137.id)).map((i) => i.id)).toEqual([]);
    expect((await similar(complaint.id)).map((i) => i.id)).not.toContain(public137.id);
    // Staff of another unit (a district handler) get the answer of a nonexistent message.
    const hidden = await s.get(`/staff/v1/messages/${complaint.id}/similar?lang=en`, auth('demo-handler'));
    const missing = await s.get('/staff/v1/messages/1888-999999/similar?lang=en', auth('demo-handler'));
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(apiErrorSchema.parse(await hidden.json())).toEqual(apiErrorSchema.parse(await missing.json()));
    const dismissHidden = await s.postJson(`/staff/v1/messages/${public137.id}/similar/${complaint.id}/dismiss?lang=en`, {}, auth());
    const dismissMissing = await s.postJson(`/staff/v1/messages/${public137.id}/similar/137-999999/dismiss?lang=en`, {}, auth());
    expect(dismissHidden.status).toBe(404);
    expect(await dismissHidden.json()).toEqual(await dismissMissing.json());
    // The public never reads a 1888 message or its link.
    expect((await s.get(`/open311/v2/requests/${again.id}.json`)).status).toBe(404);
  });

  it('follows the policy of each system: a system with duplicate search off neither links nor suggests', async () => {
    const patch = await fetch(`${s.url}/staff/v1/policies`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json', ...auth() },
      body: JSON.stringify({ duplicatesBySystem: { '137': { enabled: false } } }),
    });
    expect(patch.status).toBe(200);
    try {
      const first = await light('چراغ برق کوچه اقاقیا خاموش است', 35.791, 51.371);
      const copy = await light('چراغ برق کوچه اقاقیا خاموش است', 35.791, 51.371, 5);
      expect((await staffView(copy.id)).firstMessageId).toBeNull();
      expect(await similar(copy.id)).toEqual([]);
      expect(first.id).not.toBe(copy.id);
      // A threshold above the link threshold is refused with a reason, not stored.
      const bad = await fetch(`${s.url}/staff/v1/policies?lang=en`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/merge-patch+json', ...auth() },
        body: JSON.stringify({ duplicates: { linkAt: 0.4, suggestAt: 0.6 } }),
      });
      expect(bad.status).toBe(400);
      expect(apiErrorSchema.parse(await bad.json())[0]?.field).toMatch(/duplicates/);
    } finally {
      const back = await fetch(`${s.url}/staff/v1/policies`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/merge-patch+json', ...auth() },
        body: JSON.stringify({ duplicatesBySystem: null }),
      });
      expect(back.status).toBe(200);
    }
  });
});
