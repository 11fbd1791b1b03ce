/**
 * Paging by Open311 date windows, against a loopback server that keeps times in microseconds
 * (as PostgreSQL does) while the wire carries milliseconds, with many messages in the same
 * millisecond at the windows' edges: nothing may be lost or repeated.
 */
import type { Open311Request } from '@payam/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createClient, OPEN311_MAX_ROWS } from '../src/index.js';
import { json, startLoopback, type Loopback } from './loopback.js';

interface Row {
  id: string;
  micros: bigint; // registered_at in microseconds since the epoch
}

const START = BigInt(Date.parse('2026-11-01T00:00:00Z')) * 1000n;
// 2 600 messages; seven at a time share a millisecond, at different microseconds.
const rows: Row[] = Array.from({ length: 2600 }, (_, i) => ({
  id: String(100000 + i),
  micros: START + BigInt(Math.floor(i / 7)) * 1000n + BigInt((i % 7) * 100),
}));

const isoOf = (micros: bigint) => new Date(Number(micros / 1000n)).toISOString();
const microsOf = (iso: string) => BigInt(Date.parse(iso)) * 1000n;

function record(row: Row): Open311Request {
  return {
    service_request_id: row.id,
    status: 'open',
    status_notes: null,
    service_name: null,
    service_code: 'trees',
    description: `Message ${row.id}`,
    agency_responsible: null,
    service_notice: null,
    requested_datetime: isoOf(row.micros),
    updated_datetime: isoOf(row.micros),
    expected_datetime: null,
    address: null,
    address_id: null,
    zipcode: null,
    lat: null,
    long: null,
    media_url: null,
  };
}

let server: Loopback;
beforeAll(async () => {
  server = await startLoopback();
  // Open311 as the reference server does it: inside [start_date, end_date], newest first
  // (ties by id), at most 1000; `service_request_id` overrides the other filters.
  server.handle((request, response) => {
    const query = new URL(request.url, 'http://x').searchParams;
    const ids = query.get('service_request_id');
    if (ids) return json(response, 200, rows.filter((r) => ids.split(',').includes(r.id)).map(record));
    const end = microsOf(query.get('end_date') ?? '2030-01-01T00:00:00Z');
    const start = microsOf(query.get('start_date')!);
    const found = rows
      .filter((r) => r.micros >= start && r.micros <= end)
      .sort((a, b) => (a.micros === b.micros ? b.id.localeCompare(a.id) : a.micros < b.micros ? 1 : -1))
      .slice(0, OPEN311_MAX_ROWS);
    json(response, 200, found.map(record));
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.received.length = 0;
});

const newestFirst = [...rows].sort((a, b) => (a.micros === b.micros ? b.id.localeCompare(a.id) : a.micros < b.micros ? 1 : -1)).map((r) => r.id);

describe('requests.list', () => {
  it('walks back window by window and gives every message once, newest first', async () => {
    const client = createClient({ baseUrl: server.url, apiKey: 'k' });
    const pages: string[][] = [];
    for await (const page of client.requests.list({ from: '2026-10-01', to: new Date('2026-12-01T00:00:00Z') })) {
      pages.push(page.map((m) => m.id));
    }
    expect(pages.flat()).toEqual(newestFirst);
    expect(pages[0]).toHaveLength(OPEN311_MAX_ROWS);
    const starts = new Set(server.received.map((r) => new URL(r.url, 'http://x').searchParams.get('start_date')));
    expect(starts).toEqual(new Set(['2026-10-01T00:00:00.000Z']));
  });

  it('gives pages of the asked size across windows', async () => {
    const client = createClient({ baseUrl: server.url, apiKey: 'k' });
    const sizes: number[] = [];
    const ids: string[] = [];
    for await (const page of client.requests.list({ to: '2026-12-01T00:00:00Z', pageSize: 700 })) {
      sizes.push(page.length);
      ids.push(...page.map((m) => m.id));
    }
    expect(sizes).toEqual([700, 700, 700, 500]);
    expect(ids).toEqual(newestFirst);
  });

  it('fixes the start 90 days before the end when no start is given', async () => {
    const client = createClient({ baseUrl: server.url, apiKey: 'k' });
    for await (const page of client.requests.list({ to: '2026-12-01T00:00:00Z' })) void page;
    const starts = new Set(server.received.map((r) => new URL(r.url, 'http://x').searchParams.get('start_date')));
    expect(starts).toEqual(new Set(['2026-09-02T00:00:00.000Z']));
  });

  it('lists by ids in calls of at most 100 ids, Persian digits made Latin', async () => {
    const client = createClient({ baseUrl: server.url, apiKey: 'k' });
    const wanted = rows.slice(0, 250).map((r) => r.id);
    wanted[0] = wanted[0]!.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!);
    const got: string[] = [];
    for await (const page of client.requests.list({ ids: wanted })) got.push(...page.map((m) => m.id));
    expect(got.sort()).toEqual(rows.slice(0, 250).map((r) => r.id).sort());
    expect(server.received).toHaveLength(3);
  });

  it('refuses bad filters before sending', async () => {
    const client = createClient({ baseUrl: server.url, apiKey: 'k' });
    // @ts-expect-error: not an Open311 status
    const iterator = client.requests.list({ status: 'pending', from: 'yesterday' })[Symbol.asyncIterator]();
    await expect(iterator.next()).rejects.toMatchObject({ status: 400, local: true });
    const fields = await iterator.next().catch(() => 'done');
    expect(fields).toEqual({ done: true, value: undefined });
  });
});
