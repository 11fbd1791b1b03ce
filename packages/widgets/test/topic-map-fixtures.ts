/**
 * Answers of the statistics and regions API, in the shapes the reference server gives (checked by
 * the real client with core's schemas): three Jalali months, three regions, one suppressed cell.
 */
import { periodsBetween, type FrequencyStats, type Open311Service } from '@payam/core';
import type { RegionCollection } from '../src/topic-map.js';
import { cannedClient, type CannedAnswer, type PayamClient, type Route } from './fixtures.js';

/** Mehr, Aban and Azar 1405 on Tehran's calendar. */
export const months = periodsBetween(new Date('2026-09-22T20:30:00Z'), new Date('2026-12-21T20:30:00Z'), 'month', 'Asia/Tehran');

const service = (code: string, fa: string, group: string): Open311Service => ({
  service_code: code,
  service_name: fa,
  description: fa,
  metadata: false,
  type: 'realtime',
  keywords: '',
  group,
  extended_attributes: { jurisdiction_id: '137', guidance: null, requires_region: true, requires_address: false, suggestions_allowed: false },
});

/** The services as the Persian client lists them. */
export const mapServices: Open311Service[] = [
  service('pothole', 'چاله در معبر', 'معابر'),
  service('flooding', 'آبگرفتگی معابر', 'آب‌های سطحی'),
  service('trees', 'درختان', 'فضای سبز'),
];

type Cell = [region: string | null, service: string, month: number, count: number | null];

/** Region 1: potholes 12, 7, then fewer than 5; flooding 6. Region 2: potholes fewer than 5, trees 9. Region 3: none. */
export const cells: Cell[] = [
  ['1', 'pothole', 0, 12],
  [null, 'pothole', 0, 5],
  ['1', 'flooding', 0, 6],
  ['1', 'pothole', 1, 7],
  ['2', 'pothole', 1, null],
  ['1', 'pothole', 2, null],
  ['2', 'trees', 2, 9],
];

/** The frequency answer for `bucket` (the cells above are months; other units get the same rows). */
export function frequencyAnswer(bucket: FrequencyStats['bucket'] = 'month'): FrequencyStats {
  return {
    from: months[0]!.start.toISOString(),
    to: months.at(-1)!.end.toISOString(),
    bucket,
    time_zone: 'Asia/Tehran',
    minimum_count: 5,
    periods: months.map((p) => ({ period: p.iso, period_jalali: p.jalali, from: p.start.toISOString(), to: p.end.toISOString() })),
    rows: cells.map(([region, code, month, count]) => ({
      region,
      service_code: code,
      period: months[month]!.iso,
      period_jalali: months[month]!.jalali,
      count,
      suppressed: count === null,
    })),
  };
}

/** A square of 0.1° whose south-west corner is at `lon`, `lat`, counter-clockwise as RFC 7946 writes it. */
const square = (lon: number, lat: number) => [[[lon, lat], [lon + 0.1, lat], [lon + 0.1, lat + 0.1], [lon, lat + 0.1], [lon, lat]]];

/** Three schematic areas from west to east: 1, 2, 3. */
export const threeRegions: RegionCollection = {
  type: 'FeatureCollection',
  schematic: true,
  features: ['1', '2', '3'].map((region, i) => ({
    type: 'Feature',
    properties: { region, name: { fa: `منطقهٔ ${'۱۲۳'[i]}`, en: `District ${region}` }, schematic: true },
    geometry: { type: 'Polygon', coordinates: square(51.2 + i * 0.1, 35.6) },
  })),
};

/** A real client answering the services and the statistics; every statistics query is kept in `queries`. */
export function mapClient(queries: URLSearchParams[] = [], stats: () => CannedAnswer = () => ({ body: frequencyAnswer() })): PayamClient {
  const routes: Route[] = [
    (method, url) => (method === 'GET' && url.pathname.endsWith('/services.json') ? { body: mapServices } : undefined),
    (method, url) => {
      if (method !== 'GET' || !url.pathname.endsWith('/stats/frequency.json')) return undefined;
      queries.push(url.searchParams);
      const answer = stats();
      const bucket = url.searchParams.get('bucket');
      return bucket && bucket !== 'month' && !answer.status ? { body: frequencyAnswer(bucket as FrequencyStats['bucket']) } : answer;
    },
  ];
  return cannedClient(routes);
}
