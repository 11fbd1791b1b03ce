/**
 * What the topic map shows, computed from one frequency answer: counts by region for the chosen
 * topic and period, the top topics of a region, a topic's trend over the periods, and the CSV of
 * what is shown. Pure functions: no DOM, so every rule here is tested on plain data.
 *
 * A cell the server suppressed (fewer than `minimum_count` messages) is never read as 0: a sum
 * over cells keeps how many of them were suppressed, and is shown as a lower bound.
 */
import type { FrequencyStats } from '@payam/core/schemas/api';

/** A count summed over cells, some of which may be suppressed. */
export interface Tally {
  /** The sum of the published counts. */
  known: number;
  /** How many suppressed cells (each between 1 and `minimum_count − 1`) went into the sum. */
  suppressed: number;
}

/** How a tally reads. */
export type TallyReading =
  | { kind: 'none' }
  | { kind: 'exact'; count: number }
  | { kind: 'fewer-than'; limit: number }
  | { kind: 'at-least'; count: number };

/** The topic the map is coloured by: every topic, one group of services, or one service. */
export type TopicChoice = { kind: 'all' } | { kind: 'group'; group: string } | { kind: 'service'; code: string };

/** A service as the map names it. */
export interface TopicService {
  code: string;
  name: string;
  group: string;
}

/** One row of the frequency answer. */
export type FrequencyRow = FrequencyStats['rows'][number];

/** One period of the frequency answer. */
export type FrequencyPeriod = FrequencyStats['periods'][number];

const EMPTY: Tally = { known: 0, suppressed: 0 };

function add(into: Tally, row: FrequencyRow): Tally {
  return row.suppressed || row.count === null ? { known: into.known, suppressed: into.suppressed + 1 } : { known: into.known + row.count, suppressed: into.suppressed };
}

/** How a tally reads: exact, "fewer than k" for one suppressed cell alone, otherwise "at least". */
export function readTally(tally: Tally, minimumCount: number): TallyReading {
  if (tally.suppressed === 0) return tally.known === 0 ? { kind: 'none' } : { kind: 'exact', count: tally.known };
  if (tally.known === 0 && tally.suppressed === 1) return { kind: 'fewer-than', limit: minimumCount };
  // Each suppressed cell holds at least one message.
  return { kind: 'at-least', count: tally.known + tally.suppressed };
}

/** The lowest count a tally can stand for (what the colour follows). */
export const lowestCount = (tally: Tally): number => tally.known + tally.suppressed;

/** Whether a row's service is one of the chosen topic. */
export function topicMatcher(topic: TopicChoice, services: readonly TopicService[]): (serviceCode: string | null) => boolean {
  if (topic.kind === 'all') return () => true;
  if (topic.kind === 'service') return (code) => code === topic.code;
  const codes = new Set(services.filter((s) => s.group === topic.group).map((s) => s.code));
  return (code) => code !== null && codes.has(code);
}

/** The rows of the chosen topic in the chosen period (`null`: every period of the answer). */
function chosenRows(stats: FrequencyStats, topic: TopicChoice, services: readonly TopicService[], period: string | null): FrequencyRow[] {
  const matches = topicMatcher(topic, services);
  return stats.rows.filter((row) => matches(row.service_code) && (period === null || row.period === period));
}

/** Tallies by region for the chosen topic and period; regions without messages are absent. */
export function tallyByRegion(stats: FrequencyStats, topic: TopicChoice, services: readonly TopicService[], period: string | null): Map<string, Tally> {
  const tallies = new Map<string, Tally>();
  for (const row of chosenRows(stats, topic, services, period)) {
    if (row.region === null) continue;
    tallies.set(row.region, add(tallies.get(row.region) ?? EMPTY, row));
  }
  return tallies;
}

/** One topic of a region, with its tally. */
export interface RegionTopic {
  code: string;
  tally: Tally;
}

/**
 * The topics most reported in a region (`null`: the whole city) in the chosen period, largest
 * first by the lowest count each can stand for; at most `limit`.
 */
export function topTopics(stats: FrequencyStats, region: string | null, period: string | null, limit = 5): RegionTopic[] {
  const tallies = new Map<string, Tally>();
  for (const row of stats.rows) {
    if (row.service_code === null || (region !== null && row.region !== region) || (period !== null && row.period !== period)) continue;
    tallies.set(row.service_code, add(tallies.get(row.service_code) ?? EMPTY, row));
  }
  return [...tallies]
    .map(([code, tally]) => ({ code, tally }))
    .sort((a, b) => lowestCount(b.tally) - lowestCount(a.tally) || b.tally.known - a.tally.known || a.code.localeCompare(b.code))
    .slice(0, limit);
}

/** One point of a trend. */
export interface TrendPoint {
  period: FrequencyPeriod;
  tally: Tally;
}

/** The chosen topic in a region (`null`: the whole city) over every period of the answer, in order. */
export function trend(stats: FrequencyStats, topic: TopicChoice, services: readonly TopicService[], region: string | null): TrendPoint[] {
  const byPeriod = new Map<string, Tally>();
  for (const row of chosenRows(stats, topic, services, null)) {
    if (region !== null && row.region !== region) continue;
    byPeriod.set(row.period, add(byPeriod.get(row.period) ?? EMPTY, row));
  }
  return stats.periods.map((period) => ({ period, tally: byPeriod.get(period.period) ?? EMPTY }));
}

/**
 * Upper bounds of the colour classes for counts up to `max`: `classes` round steps, so the
 * legend reads in whole numbers (1–4, 5–9, …).
 */
export function colourBreaks(max: number, classes = 5): number[] {
  if (max <= 0) return [];
  if (max <= classes) return Array.from({ length: max }, (_, i) => i + 1);
  const step = Math.ceil(max / classes);
  return Array.from({ length: classes }, (_, i) => Math.min(max, step * (i + 1)));
}

/** The colour class (0-based) of a count, or −1 for none. */
export function colourClass(count: number, breaks: readonly number[]): number {
  if (count <= 0) return -1;
  const index = breaks.findIndex((limit) => count <= limit);
  return index === -1 ? breaks.length - 1 : index;
}

/** A CSV cell: quoted when needed; a text a spreadsheet would run as a formula starts with `'`. */
function csvCell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** CSV text (RFC 4180, CRLF) of a header and rows, with a byte-order mark so spreadsheets read Persian as UTF-8. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
