/**
 * The tracking link: the one address format that opens a message on the city's page, built by the
 * server (SMS, push, webhooks) and by the report form (the personal link), and read by the page
 * and the widgets.
 *
 * `https://city.example/track?message=137-1000#token=Jx8…`
 *
 * - the message's tracking id rides in the query (`message`), so the page can be reloaded and
 *   shared without the secret;
 * - the citizen token rides in the fragment (`token`): browsers never send a fragment to a server,
 *   so it reaches no access log, proxy or `Referer` header.
 *
 * Links sent by earlier versions named the message `request`; they are still read.
 */

/** The query parameter holding the message's tracking id. */
export const TRACKING_LINK_MESSAGE_PARAM = 'message';
/** The fragment parameter holding the citizen token. */
export const TRACKING_LINK_TOKEN_PARAM = 'token';
const LEGACY_MESSAGE_PARAM = 'request';

/** What a tracking link carries. */
export interface TrackingLink {
  /** The message's tracking id, e.g. `137-1000`. */
  messageId: string;
  /** The citizen's secret for the message; absent in a link anyone may see. */
  citizenToken?: string;
}

/** An address, as a string or a `URL`. */
export type Address = string | { readonly href: string };

// Core uses no DOM or Node types; `URL` and `URLSearchParams` exist in every runtime it runs in.
interface Params {
  get(name: string): string | null;
  set(name: string, value: string): void;
  delete(name: string): void;
}
interface Url {
  href: string;
  hash: string;
  readonly searchParams: Params;
}
const runtime = globalThis as unknown as { URL: new (url: string) => Url; URLSearchParams: new (init: string) => Params };
const toUrl = (address: Address): Url => new runtime.URL(typeof address === 'string' ? address : address.href);

function fragmentParams(hash: string): Params {
  return new runtime.URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
}

/**
 * The tracking link of a message on `page` (an absolute address; its own query parameters are
 * kept, its fragment is replaced). Throws a `TypeError` when `page` is not an absolute URL.
 */
export function buildTrackingLink(page: Address, link: TrackingLink): string {
  const url = toUrl(page);
  url.searchParams.delete(LEGACY_MESSAGE_PARAM);
  url.searchParams.set(TRACKING_LINK_MESSAGE_PARAM, link.messageId);
  url.hash = link.citizenToken ? `${TRACKING_LINK_TOKEN_PARAM}=${encodeURIComponent(link.citizenToken)}` : '';
  return url.href;
}

/** Reads a tracking link (a full address or a `URL`); `null` when it names no message. */
export function parseTrackingLink(address: Address): TrackingLink | null {
  let url: Url;
  try {
    url = toUrl(address);
  } catch {
    return null;
  }
  const messageId = (url.searchParams.get(TRACKING_LINK_MESSAGE_PARAM) ?? url.searchParams.get(LEGACY_MESSAGE_PARAM) ?? '').trim();
  if (!messageId) return null;
  const citizenToken = fragmentParams(url.hash).get(TRACKING_LINK_TOKEN_PARAM)?.trim();
  return citizenToken ? { messageId, citizenToken } : { messageId };
}

/**
 * The same address without the citizen token (what the address bar should show once the page has
 * read it): the message stays, so a reload still opens it; other fragment parameters stay too.
 */
export function withoutCitizenToken(address: Address): string {
  const url = toUrl(address);
  const parts = url.hash.replace(/^#/, '').split('&');
  const kept = parts.filter((part: string) => !part.startsWith(`${TRACKING_LINK_TOKEN_PARAM}=`));
  if (kept.length !== parts.length) url.hash = kept.join('&');
  return url.href;
}
