/**
 * Where an app's webhook may point. A webhook URL is chosen by whoever holds an API key, and the
 * server posts to it: without a guard it could be made to reach the city's own network (the
 * database, an admin page, a cloud metadata service). So a target must be `https` to a public
 * address, checked when the webhook is registered and again, on the addresses its name resolves
 * to, when each delivery connects (a name may resolve elsewhere later).
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Where app webhooks may point. */
export interface WebhookTargetPolicy {
  /**
   * Allow `http` and addresses that are not public (loopback, private, link-local): for tests and
   * local development only. Default `false`.
   */
  allowLocalTargets?: boolean;
  /** How host names are resolved (default: the system's resolver, as every connection does). */
  lookup?: typeof dnsLookup;
}

/** Why a webhook URL is refused: not `https`, or a host that is not a public address. */
export type TargetRefusal = 'scheme' | 'address';

/** A delivery that was not attempted because its target is not allowed. */
export class TargetRefused extends Error {
  constructor(readonly reason: TargetRefusal) {
    super(reason === 'scheme' ? 'The app webhook is not https' : 'The app webhook resolves to an address that is not public');
  }
}

/**
 * Whether an IP address is a public unicast one: not loopback, private, carrier-grade NAT,
 * link-local (cloud metadata services live there), unique-local, multicast, reserved or
 * unspecified; an IPv4 address carried in IPv6 (`::ffff:127.0.0.1`) is judged as itself.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === 'unicast';
}

/** The host of a URL as an address or name, without IPv6 brackets. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** The refusal of a URL by what it says (its scheme, or a host that is an address), before any resolution. */
function literalRefusal(url: URL, policy: WebhookTargetPolicy): TargetRefusal | null {
  if (policy.allowLocalTargets) return null;
  if (url.protocol !== 'https:') return 'scheme';
  const host = hostOf(url);
  if (ipaddr.isValid(host) && !isPublicAddress(host)) return 'address';
  return null;
}

function resolveAll(host: string, policy: WebhookTargetPolicy): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    (policy.lookup ?? dnsLookup)(host, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
  });
}

/**
 * Why a webhook URL may not be registered, or `null` when it may: `scheme` unless it is `https`,
 * `address` when its host is an address that is not public or a name that resolves to one. A
 * name that does not resolve now is taken (its deliveries are checked when they connect).
 */
export async function targetRefusal(value: string, policy: WebhookTargetPolicy): Promise<TargetRefusal | null> {
  const url = new URL(value);
  const literal = literalRefusal(url, policy);
  if (literal || policy.allowLocalTargets || ipaddr.isValid(hostOf(url))) return literal;
  const addresses = await resolveAll(hostOf(url), policy).catch(() => []);
  return addresses.some((a) => !isPublicAddress(a.address)) ? 'address' : null;
}

/** A resolver for the connection itself that fails on any address that is not public. */
function guardedLookup(policy: WebhookTargetPolicy): LookupFunction {
  return (hostname, options, callback) => {
    (policy.lookup ?? dnsLookup)(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as LookupAddress[];
      if (list.length === 0 || list.some((a) => !isPublicAddress(a.address))) return callback(new TargetRefused('address'), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

/** What one webhook post sends. */
export interface WebhookPost {
  headers: Record<string, string>;
  body: string;
  signal: AbortSignal;
}

/**
 * Posts to an app's webhook and answers the HTTP status, connecting only to public addresses
 * (unless the policy allows local targets): the name is resolved by the connection itself and each
 * address checked, so the name cannot point elsewhere between the check and the connection.
 * Redirects are not followed. Throws {@link TargetRefused} for a target that is not allowed.
 */
export async function postToWebhook(value: string, post: WebhookPost, policy: WebhookTargetPolicy): Promise<number> {
  const url = new URL(value);
  const literal = literalRefusal(url, policy);
  if (literal) throw new TargetRefused(literal);
  const options: RequestOptions = {
    method: 'POST',
    headers: { ...post.headers, 'content-length': String(Buffer.byteLength(post.body)) },
    signal: post.signal,
    ...(policy.allowLocalTargets ? {} : { lookup: guardedLookup(policy) }),
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const request = send(url, options, resolve);
    request.once('error', reject);
    request.end(post.body);
  });
  response.resume();
  await new Promise<void>((done) => {
    response.once('end', done);
    response.once('error', () => done());
    response.once('close', done);
  });
  return response.statusCode ?? 0;
}
