import { buildTrackingLink, parseTrackingLink, withoutCitizenToken, type TrackingLink } from '@payam/core/tracking-link';

/**
 * Where a citizen's tokens are kept in the browser. A token that arrived in a tracking link, or
 * from the report form, stays in the tab's session storage, so a reload keeps working after the
 * token left the address bar. With the citizen's consent a message is also remembered on this
 * device (local storage) and offered as "my messages" on the next visit.
 */

const SESSION_KEY = 'payam:citizen-tokens';
const DEVICE_KEY = 'payam:my-messages';
const MAX_REMEMBERED = 20;

/** A message remembered on this device. */
export interface RememberedMessage {
  /** The tracking id. */
  id: string;
  /** The citizen token. */
  token: string;
  /** Its personal link, which opens it on the page it was registered from. */
  link: string;
  /** When it was remembered (ISO). */
  at: string;
}

function store(kind: 'sessionStorage' | 'localStorage'): Storage | undefined {
  try {
    return globalThis[kind];
  } catch {
    // Storage can be blocked (privacy settings, sandboxed frames): the widgets work without it.
    return undefined;
  }
}

function read(kind: 'sessionStorage' | 'localStorage', key: string): unknown {
  try {
    return JSON.parse(store(kind)?.getItem(key) ?? 'null');
  } catch {
    return null;
  }
}

function write(kind: 'sessionStorage' | 'localStorage', key: string, value: unknown): void {
  try {
    store(kind)?.setItem(key, JSON.stringify(value));
  } catch {
    // Full or blocked storage: the token is simply not kept.
  }
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length < 2000;

/** The messages remembered on this device, newest first. */
export function myMessages(): RememberedMessage[] {
  const list = read('localStorage', DEVICE_KEY);
  return Array.isArray(list) ? list.filter((m: Partial<RememberedMessage> | null) => isText(m?.id) && isText(m?.token) && isText(m?.link) && isText(m?.at)) : [];
}

/** Remembers a message and its personal link on this device (the citizen asked for it). */
export function rememberOnDevice(id: string, token: string, link: string): void {
  const rest = myMessages().filter((m) => m.id !== id);
  write('localStorage', DEVICE_KEY, [{ id, token, link, at: new Date().toISOString() }, ...rest].slice(0, MAX_REMEMBERED));
}

/** Forgets one message on this device, or all of them without `id`. */
export function forgetOnDevice(id?: string): void {
  write('localStorage', DEVICE_KEY, id ? myMessages().filter((m) => m.id !== id) : []);
}

/** Keeps a message's token for this tab's session. */
export function keepForSession(id: string, token: string): void {
  const tokens = read('sessionStorage', SESSION_KEY);
  write('sessionStorage', SESSION_KEY, { ...(tokens && typeof tokens === 'object' ? tokens : {}), [id]: token });
}

/** The token kept for a message in this tab or on this device, if any. */
export function keptToken(id: string): string | undefined {
  const tokens = read('sessionStorage', SESSION_KEY) as Record<string, unknown> | null;
  const token = tokens?.[id];
  return isText(token) ? token : myMessages().find((m) => m.id === id)?.token;
}

/**
 * Opens the tracking link in this page's address, if there is one: its token is kept for the
 * session and taken out of the address bar (the message stays, so a reload opens it again).
 */
export function openLinkInAddress(): TrackingLink | null {
  const location = globalThis.location;
  if (!location) return null;
  const link = parseTrackingLink(location.href);
  if (!link) return null;
  if (link.citizenToken) {
    keepForSession(link.messageId, link.citizenToken);
    const clean = withoutCitizenToken(location.href);
    if (clean !== location.href) globalThis.history?.replaceState(globalThis.history.state, '', clean);
  }
  const token = link.citizenToken ?? keptToken(link.messageId);
  return token ? { messageId: link.messageId, citizenToken: token } : { messageId: link.messageId };
}

/**
 * A message's personal link: core's tracking link, with the citizen token, on the tracking page
 * `page` names (absolute, or relative to this page's address; this page when empty). A query
 * parameter an older `track-url` template filled with `{id}` is left out: the link names the
 * message in its own way. `''` when `page` is no address.
 */
export function personalLink(page: string, id: string, token: string): string {
  try {
    const url = new URL(page || globalThis.location.href, globalThis.location.href);
    for (const [name, value] of [...url.searchParams]) if (value.includes('{id}')) url.searchParams.delete(name);
    return buildTrackingLink(url, { messageId: id, citizenToken: token });
  } catch {
    return '';
  }
}
