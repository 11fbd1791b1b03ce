/**
 * `requests.list`: public messages page by page. Open311 has no offset: an answer holds at most
 * 1000 messages, newest first, registered inside a `start_date`…`end_date` window. The next
 * window ends where the last one's oldest message was registered; messages at that edge that
 * an earlier answer gave are left out, so nothing is lost or repeated.
 */
import { open311RequestSchema } from '@payam/core/schemas/api';
import * as z from '@payam/core/zod';
import { checkInput, filterCodeSchema, idSchema, periodFilterSchema } from './input.js';
import { toMessageView, type MessageView } from './request-view.js';
import type { Query, Transport } from './transport.js';


/** Filters of `requests.list`. Without `from`, the 90 days before `to` (or before now), as in Open311. */
export interface ListFilters {
  /** Only this system (`137`, `1888`). */
  system?: string;
  /** Only these services. */
  serviceCode?: string | string[];
  /** Only these tracking ids (other filters are then ignored, as in Open311). */
  ids?: string[];
  /** Only `open` or only `closed` messages. */
  status?: 'open' | 'closed';
  /** Only this region. */
  region?: string;
  /** Registered at or after this time (`Date`, ISO date-time with offset, or `YYYY-MM-DD`). */
  from?: Date | string;
  /** Registered at or before this time. */
  to?: Date | string;
  /** Messages per page given to you (default: as many as one answer of the server holds, at most 1000). */
  pageSize?: number;
}

/** The most messages one Open311 answer holds. */
export const OPEN311_MAX_ROWS = 1000;
/** Ids asked for in one call when listing by ids (keeps the URL short). */
const IDS_PER_CALL = 100;
const DAY_MS = 86_400_000;

const code = filterCodeSchema;

const listFiltersSchema = z.extend(periodFilterSchema, {
  serviceCode: z.optional(z.union([code, z.array(code).check(z.minLength(1))])),
  ids: z.optional(z.array(idSchema).check(z.minLength(1))),
  status: z.optional(z.enum(['open', 'closed'])),
  region: z.optional(code),
  pageSize: z.optional(z.number().check(z.int(), z.gte(1))),
});

const requestList = z.array(open311RequestSchema);

/** Lists public messages as pages of {@link MessageView}, newest first. */
export async function* listRequests(transport: Transport, input: ListFilters, signal: AbortSignal | undefined): AsyncGenerator<MessageView[]> {
  // `base` holds the filters sent as they are: the system, services, status and region.
  const { ids, pageSize, from, to, ...base } = checkInput(listFiltersSchema, input);
  const fetchPage = (query: Query) =>
    transport.json({ path: 'open311/v2/requests.json', query: { ...query, extensions: true }, signal }, requestList);

  let buffer: MessageView[] = [];
  // Without a page size, each answer is a page (when it holds any message).
  const pages = function* (views: MessageView[], last: boolean): Generator<MessageView[]> {
    buffer = buffer.concat(views);
    const size = pageSize ?? buffer.length;
    while (buffer.length > 0 && (buffer.length >= size || last)) yield buffer.splice(0, size);
  };

  if (ids) {
    for (let i = 0; i < ids.length; i += IDS_PER_CALL) {
      const raws = await fetchPage({ service_request_id: ids.slice(i, i + IDS_PER_CALL) });
      yield* pages(raws.map(toMessageView), i + IDS_PER_CALL >= ids.length);
    }
    return;
  }

  // The start is fixed once: the server would otherwise count 90 days back from each window's end.
  const start = from ?? new Date((to ?? new Date()).getTime() - 90 * DAY_MS);
  let end = to;
  let previous = new Set<string>();
  for (;;) {
    const raws = await fetchPage({ ...base, start_date: start, end_date: end });
    const fresh = raws.filter((raw) => !previous.has(raw.service_request_id));
    const last = raws.length < OPEN311_MAX_ROWS || fresh.length === 0;
    yield* pages(fresh.map(toMessageView), last);
    if (last) return;
    // Times on the wire have milliseconds, the database may keep microseconds: end the next
    // window a millisecond later so the edge's messages come again, and leave out those seen.
    end = new Date(Date.parse(raws[raws.length - 1]!.requested_datetime) + 1);
    previous = new Set(raws.map((raw) => raw.service_request_id));
  }
}
