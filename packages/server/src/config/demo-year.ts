/**
 * A year of demo messages for the 137 line, so the dashboard and the topic map have something to
 * say: spread over Tehran's 22 districts (busier ones more), with seasonal topics — water and
 * flooding in spring, trees and heat in summer, leaves and garbage in autumn, snow, ice and the
 * potholes they leave in Dey and Bahman — each message driven through the real lifecycle
 * (triage, referral by the routing rules, answer, feedback, the feedback window's close) and
 * written in bulk. Seeded: the same seed and end give the same messages.
 *
 * Only with an explicit option (`demoYear` / `PAYAM_DEMO_YEAR`); the history carries no pending
 * deadlines and no notifications.
 */
import type { LifecycleEffect, LifecycleEvent, LifecycleSnapshot, Resolved } from '@payam/core';
import { publicStatusOf } from '@payam/core';
import type { Database } from '../db/database.js';
import { effectRows, type EffectRows } from '../engine/effects.js';
import { routeMessage, sha256, type Catalog } from './catalog.js';
import { centroidsOfTehran } from './regions.js';

/** How the demo year is made. */
export interface DemoYearOptions {
  /** How many messages (default {@link DEMO_YEAR_MESSAGES}). */
  messages?: number;
  /** The seed of the generator (default 1405). */
  seed?: number;
  /** The end of the year: messages fall in the 365 days before it (default now). */
  end?: Date;
}

const DAY_MS = 86_400_000;
/** How many messages the demo year has unless told. */
export const DEMO_YEAR_MESSAGES = 12_000;
const CHUNK = 500;

/** Relative weights of the districts (1…22): the central and southern ones hear from more citizens. */
const DISTRICT_WEIGHTS = [6, 7, 5, 9, 8, 6, 6, 6, 4, 6, 7, 9, 5, 7, 8, 7, 4, 6, 4, 6, 3, 3];

/** Topics by month of the Jalali year (0 = Farvardin): service and a few Persian texts citizens write. */
interface Topic {
  service: string;
  weight: number;
  texts: readonly string[];
}
const ALL_YEAR: Topic[] = [
  { service: 'streetlight', weight: 3, texts: ['چراغ کوچه چند شب است خاموش است.', 'تیر چراغ برق خیابان روشن نمی‌شود.'] },
  { service: 'pothole', weight: 3, texts: ['چاله بزرگ وسط خیابان است.', 'آسفالت جلوی مدرسه خراب شده است.'] },
  { service: 'garbage', weight: 3, texts: ['سطل زباله سر کوچه پر است و تخلیه نشده.', 'نخاله ساختمانی کنار جوی ریخته‌اند.'] },
];
const SEASONS: Record<'spring' | 'summer' | 'autumn' | 'winter', Topic[]> = {
  spring: [
    { service: 'flooding', weight: 9, texts: ['بعد از باران آب در زیرگذر جمع شده است.', 'جوی آب گرفته و آب به خیابان آمده.', 'سیلاب دهانه کانال را بسته است.'] },
    { service: 'trees', weight: 2, texts: ['درختان بلوار هرس نشده‌اند.'] },
  ],
  summer: [
    { service: 'trees', weight: 7, texts: ['درختان پارک در گرما آبیاری نشده‌اند و خشک می‌شوند.', 'شاخه خشک درخت روی پیاده‌رو افتاده.'] },
    { service: 'streetlight', weight: 2, texts: ['چراغ‌های پارک شب‌ها خاموش است.'] },
    { service: 'garbage', weight: 2, texts: ['بوی زباله در گرما آزاردهنده است.'] },
  ],
  autumn: [
    { service: 'garbage', weight: 8, texts: ['برگ‌های ریخته جوی را پر کرده‌اند.', 'برگ و زباله کنار خیابان جمع نشده است.'] },
    { service: 'trees', weight: 4, texts: ['برگ‌ریزان درختان آبراه را گرفته است.'] },
    { service: 'flooding', weight: 2, texts: ['با اولین باران پاییزی آب در تقاطع ماند.'] },
  ],
  winter: [
    { service: 'pothole', weight: 8, texts: ['برف روبی نشده و پیاده‌رو یخ زده است.', 'یخ‌زدگی معبر؛ چند نفر زمین خورده‌اند.', 'بعد از یخبندان چاله‌های زیادی باز شده.'] },
    { service: 'flooding', weight: 3, texts: ['آب برف در زیرگذر جمع شده است.'] },
    { service: 'trees', weight: 2, texts: ['شاخه درخت زیر بار برف شکسته است.'] },
  ],
};

/** The season of a Jalali month (0 = Farvardin): Dey and Bahman (9, 10) are the heart of winter. */
function seasonOf(month: number): keyof typeof SEASONS {
  return month < 3 ? 'spring' : month < 6 ? 'summer' : month < 9 ? 'autumn' : 'winter';
}

/** A small seeded generator (mulberry32): fast, and the same sequence everywhere. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weighted<T>(random: () => number, items: readonly T[], weightOf: (item: T, i: number) => number): T {
  const total = items.reduce((sum, item, i) => sum + weightOf(item, i), 0);
  let r = random() * total;
  for (let i = 0; i < items.length; i++) {
    r -= weightOf(items[i]!, i);
    if (r < 0) return items[i]!;
  }
  return items[items.length - 1]!;
}

/** The Jalali month (0…11) of an instant, counted from Nowruz as 21 March (near enough for seasons). */
function jalaliMonth(at: Date): number {
  const year = at.getUTCFullYear();
  let nowruz = Date.UTC(year, 2, 21);
  if (at.getTime() < nowruz) nowruz = Date.UTC(year - 1, 2, 21);
  const day = Math.floor((at.getTime() - nowruz) / DAY_MS);
  return day < 186 ? Math.floor(day / 31) : Math.min(11, 6 + Math.floor((day - 186) / 30));
}

/** A demo message's row. */
export interface DemoMessageRow {
  id: string;
  service_code: string;
  description: string;
  lat: number;
  long: number;
  region: string;
  at: string;
  updated_at: string;
  state: string;
  public_status: string;
  unit_id: string;
  snapshot: LifecycleSnapshot;
  token_hash: string;
}

/** One bulk write of the demo year: messages and their timelines. */
export interface DemoYearChunk {
  /** The messages' rows. */
  messages: DemoMessageRow[];
  /** Their timeline entries. */
  timeline: (EffectRows['timeline'][number] & { message_id: string })[];
}

/**
 * The demo year's messages in chunks, numbered from `firstNumber` (`137-<n>`): pure, so the same
 * catalog, numbers and options give the same messages.
 */
export function* demoYear(catalog: Catalog, firstNumber: number, options: DemoYearOptions = {}): Generator<DemoYearChunk> {
  const count = options.messages ?? DEMO_YEAR_MESSAGES;
  const end = (options.end ?? new Date()).getTime();
  const system = catalog.systems.get('137');
  if (!system) return;
  const seed = options.seed ?? 1405;
  const random = generator(seed);
  const centroids = centroidsOfTehran();
  // Registration instants in order, so the tracking numbers rise with time as they would.
  const instants = Array.from({ length: count }, () => end - Math.floor(random() * 365 * DAY_MS)).sort((a, b) => a - b);
  for (let start = 0; start < count; start += CHUNK) {
    const chunk: DemoYearChunk = { messages: [], timeline: [] };
    for (let i = start; i < Math.min(count, start + CHUNK); i++) {
      const registered = new Date(instants[i]!);
      const topic = weighted(random, [...ALL_YEAR, ...SEASONS[seasonOf(jalaliMonth(registered))]], (t) => t.weight);
      const district = weighted(random, DISTRICT_WEIGHTS.map((_, d) => d + 1), (_, d) => DISTRICT_WEIGHTS[d]!);
      const centroid = centroids.find((c) => c.district === district);
      const id = `137-${firstNumber + i}`;
      const region = String(district);
      const steps = journey(random, registered.getTime(), end, catalog, topic.service, region);
      let { snapshot, effects } = catalog.lifecycle.start({ messageId: id, system: '137', serviceCode: topic.service, intakeUnitId: system.intakeUnitId, at: registered.toISOString(), channels: {}, lang: 'fa' });
      const first = effectRows(effects as LifecycleEffect[]);
      const entries = [...first.timeline];
      const deadlines = new Map(first.deadlines.map((d) => [d.id, d]));
      let updated = registered.toISOString();
      for (const step of steps) {
        const event = step.type === 'DEADLINE_ELAPSED' && !('deadlineId' in step) ? closeOfWindow(deadlines, end) : step;
        if (!event) break;
        const result = catalog.lifecycle.apply(snapshot, event);
        if (!result.ok) break;
        snapshot = result.snapshot;
        effects = result.effects;
        const produced = effectRows(effects as LifecycleEffect[]);
        entries.push(...produced.timeline);
        for (const cancelled of produced.cancelled) deadlines.delete(cancelled);
        for (const d of produced.deadlines) deadlines.set(d.id, d);
        updated = event.at;
      }
      chunk.timeline.push(...entries.map((e) => ({ ...e, message_id: id })));
      chunk.messages.push({
        id,
        service_code: topic.service,
        description: topic.texts[Math.floor(random() * topic.texts.length)]!,
        lat: (centroid?.lat ?? 35.7) + (random() - 0.5) * 0.02,
        long: (centroid?.lon ?? 51.4) + (random() - 0.5) * 0.02,
        region,
        at: registered.toISOString(),
        updated_at: updated,
        state: snapshot.state,
        public_status: publicStatusOf(snapshot),
        unit_id: snapshot.context.unitId,
        snapshot,
        token_hash: sha256(`demo-year:${seed}:${id}`),
      });
    }
    yield chunk;
  }
}

/**
 * Writes a year of demo messages into `db` (which holds the demo configuration) and returns how
 * many. Nothing is written when the 137 line already has messages older than a month.
 */
export async function loadDemoYear(db: Database, catalog: Catalog, options: DemoYearOptions = {}): Promise<number> {
  const count = options.messages ?? DEMO_YEAR_MESSAGES;
  const end = options.end ?? new Date();
  if (!catalog.systems.has('137') || count <= 0) return 0;
  const [old] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE system = '137' AND registered_at < $1`, [new Date(end.getTime() - 30 * DAY_MS).toISOString()]);
  if ((old?.n ?? 0) > 0) return 0;
  // The numbers are taken as one block of the system's counter: later registrations follow them.
  const [block] = await db.query<{ first: number }>(
    `INSERT INTO message_counters AS c (system, next_number) VALUES ('137', 1000 + $1::int)
     ON CONFLICT (system) DO UPDATE SET next_number = c.next_number + $1::int RETURNING (c.next_number - $1::int)::float8 AS first`,
    [count],
  );
  let written = 0;
  for (const chunk of demoYear(catalog, Number(block?.first), { ...options, end })) {
    await db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO messages (id, system, service_code, description, lat, long, region, lang, private, citizen_token_hash,
           registered_at, updated_at, state, public_status, unit_id, form_version, snapshot)
         SELECT r.id, '137', r.service_code, r.description, r.lat, r.long, r.region, 'fa', false, r.token_hash,
           r.at, r.updated_at, r.state, r.public_status, r.unit_id, NULL, r.snapshot
         FROM json_to_recordset($1::json) AS r(id text, service_code text, description text, lat float8, long float8, region text,
           token_hash text, at timestamptz, updated_at timestamptz, state text, public_status text, unit_id text, snapshot json)`,
        [JSON.stringify(chunk.messages)],
      );
      await tx.query(
        `INSERT INTO timeline (message_id, type, at, actor_role, visibility, text, data)
         SELECT e.message_id, e.type, e.at, e.actor_role, e.visibility, e.text, coalesce(e.data, '{}'::jsonb)
         FROM json_to_recordset($1::json) AS e(message_id text, type text, at timestamptz, actor_role text, visibility text, text text, data jsonb)`,
        [JSON.stringify(chunk.timeline)],
      );
    });
    written += chunk.messages.length;
  }
  return written;
}

/** An event, or the close of the feedback window (its deadline found when it comes). */
type Step = LifecycleEvent | { type: 'DEADLINE_ELAPSED'; at: string };

/** What happened to one message by `end`: triage and referral, mostly an answer, sometimes feedback, then the window's close. */
function journey(random: () => number, registered: number, end: number, catalog: Catalog, service: string, region: string): Step[] {
  const at = (hours: number) => new Date(Math.min(end - 60_000, registered + hours * 3_600_000)).toISOString();
  const unitId = routeMessage(catalog, { system: '137', serviceCode: service, region });
  const steps: Step[] = [{ type: 'TAKE_FOR_TRIAGE', actorRole: 'operator', at: at(1) }];
  if (!unitId) return steps;
  steps.push({ type: 'REFER', unitId, actorRole: 'operator', at: at(2) });
  const age = (end - registered) / DAY_MS;
  // Older messages are mostly answered; the last weeks' are still being handled.
  if (random() > Math.min(0.9, age / 20)) return steps;
  steps.push({ type: 'START', actorRole: 'handler', at: at(20) });
  const answerHours = 24 + random() * 24 * 6;
  if (random() < 0.08) {
    steps.push({ type: 'REJECT', text: 'خارج از حوزه شهرداری است.', actorRole: 'handler', at: at(answerHours) });
  } else {
    steps.push({ type: 'ANSWER', text: 'رسیدگی شد. از گزارش شما سپاسگزاریم.', actorRole: 'handler', at: at(answerHours) });
  }
  if (random() < 0.45) {
    const resolved = weighted<Resolved>(random, ['yes', 'partly', 'no'], (_, i) => [6, 2, 2][i]!);
    const rating = resolved === 'yes' ? 4 + Math.round(random()) : resolved === 'partly' ? 3 : 1 + Math.round(random());
    steps.push({ type: 'FEEDBACK', resolved, rating, at: at(answerHours + 6 + random() * 48) });
  }
  steps.push({ type: 'DEADLINE_ELAPSED', at: '' });
  return steps;
}

/** The feedback window's close, when it fell before the demo's end. */
function closeOfWindow(deadlines: Map<string, EffectRows['deadlines'][number]>, end: number): LifecycleEvent | null {
  const due = [...deadlines.values()].sort((a, b) => a.due_at.localeCompare(b.due_at))[0];
  if (!due || Date.parse(due.due_at) >= end) return null;
  return { type: 'DEADLINE_ELAPSED', deadlineId: due.id, at: due.due_at };
}
