import { buildTrackingLink } from '@payam/core';

/**
 * The server's public address: the one place that knows where citizens and other programs reach
 * this server and the city's tracking pages. Every link the server emits (SMS, push, the feed,
 * discovery, OpenAPI) is built here; the bind address is used only in development, and a
 * request's `Host` header never is.
 */
export class PublicAddress {
  private readonly pages: ReadonlyMap<string, string>;

  /**
   * @param base - Where this server is reached, without a trailing slash (`https://payam.city.example`,
   *   or `https://city.example/payam` behind a proxy).
   * @param pages - The tracking page of each system that has its own (`1888` → `https://city.example/1888`);
   *   the others use the page this server serves at `base/`.
   */
  constructor(
    readonly base: string,
    pages: Record<string, string> = {},
  ) {
    this.pages = new Map(Object.entries(pages).map(([system, page]) => [system.toLowerCase(), page]));
  }

  /** The absolute address of a path of this server (`/open311/v2` → `https://payam.city.example/open311/v2`). */
  url(path: string): string {
    return `${this.base}${path}`;
  }

  /** The page that opens messages of `system`. */
  trackingPage(system: string): string {
    return this.pages.get(system.toLowerCase()) ?? `${this.base}/`;
  }

  /** The tracking link of a message, with the citizen's token when given (see `@payam/core`'s tracking link). */
  trackingLink(system: string, messageId: string, citizenToken?: string | null): string {
    return buildTrackingLink(this.trackingPage(system), { messageId, ...(citizenToken ? { citizenToken } : {}) });
  }
}

/**
 * Checks a configured public address: an absolute `http`/`https` URL without query or fragment.
 * Returns it without a trailing slash; throws an `Error` naming `setting` otherwise.
 */
export function checkPublicUrl(value: string, setting: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${setting} must be an absolute address such as https://city.example, not "${value}".`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${setting} must start with https:// (or http://), not "${value}".`);
  if (url.search || url.hash || url.username || url.password) throw new Error(`${setting} must not hold a query, a fragment or credentials: "${value}".`);
  return url.href.replace(/\/+$/, '');
}

/** The public address settings found in an environment: `PAYAM_PUBLIC_URL` and `PAYAM_PUBLIC_URL_<SYSTEM>`. */
export function publicAddressFromEnvironment(env: Record<string, string | undefined>): { publicUrl?: string; systemPages: Record<string, string> } {
  const systemPages: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    const system = /^PAYAM_PUBLIC_URL_(.+)$/.exec(name)?.[1];
    if (system && value) systemPages[system.toLowerCase()] = checkPublicUrl(value, name);
  }
  const publicUrl = env.PAYAM_PUBLIC_URL ? checkPublicUrl(env.PAYAM_PUBLIC_URL, 'PAYAM_PUBLIC_URL') : undefined;
  return { ...(publicUrl ? { publicUrl } : {}), systemPages };
}

/** The address a development server is reached at from this machine (`0.0.0.0` and `::` listen everywhere, `localhost` reaches them). */
export function developmentUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' || host === '' ? 'localhost' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}
