/**
 * Routes as data: each HTTP route is defined once with {@link defineRoute} (method, path, zod
 * schemas of its parameters, query, body and answers, and the words of its documentation). The
 * same definition drives the validation (`validation.ts`), the Hono route `serve`
 * registers, and the OpenAPI document (`openapi.ts`). Nothing about a route is written twice.
 */
import type { Context, Env, Hono, MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { validation, type BodyDecoder, type ValidInput } from './validation.js';

/** Any zod 4 schema, core's zod/mini ones or the server's own. */
export type Schema = z.core.$ZodType;

/** The HTTP methods the API uses. */
export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** How a body may be sent: JSON, an Open311 form, a JSON Merge Patch, files (read by the handler). */
export type BodyMedia = 'json' | 'form' | 'merge-patch' | 'multipart';

/** One answer of a route, as documented. */
export interface RouteAnswer {
  /** What it means (English; Persian from `locales/openapi.fa.json`). */
  description: string;
  /** Its JSON body (Open311 routes answer XML too). */
  schema?: Schema;
  /** Another content type than JSON (`text/plain`, a spreadsheet), with a string schema. */
  media?: string;
}

/** The body a route takes. */
export interface RouteBody<B extends Schema = Schema> {
  /** Checks the body (a codec decodes it); its input side is what the document shows. */
  schema: B;
  /** How it may be sent (default JSON only). */
  media?: readonly BodyMedia[];
  /** The name of its schema in the document's components. */
  component?: string;
  /** How an issue's path is named in an error's `field` (default dotted: `match.region`). */
  fieldOf?: (path: readonly PropertyKey[]) => string;
}

/** A documented header a route reads. */
export interface RouteHeader {
  name: string;
  description: string;
}

/** A route: everything the validation, the router and the document need to know of it. */
export interface RouteSpec<
  P extends Schema | undefined = Schema | undefined,
  Q extends Schema | undefined = Schema | undefined,
  B extends Schema | undefined = Schema | undefined,
> {
  method: Method;
  /**
   * The path below the group's base in OpenAPI's notation: `/requests/{id}.{format}`. A path
   * ending in `.{format}` is an Open311 route that answers `.json` and `.xml`.
   */
  path: string;
  /** One line on what it does (English; its Persian is in `locales/openapi.fa.json`). */
  summary: string;
  /** Who may call it: a staff token, or the metrics token when one is set. */
  auth?: 'staff' | 'metrics';
  /** The path parameters (an object schema keyed by the names in `path`). */
  params?: P;
  /** The query parameters it reads (an object schema; describe each with `.describe()`). */
  query?: Q;
  /** Whether it answers in the caller's language (`lang`, `Accept-Language`). */
  localized?: boolean;
  /** Headers it reads. */
  headers?: readonly RouteHeader[];
  /** The body it takes. */
  body?: B extends Schema ? RouteBody<B> : undefined;
  /** Its answers by status. */
  answers: Readonly<Record<number, RouteAnswer>>;
  /** The error statuses it may answer with an Open311 error body. */
  errors?: readonly number[];
}

/** Routes mounted under one base path (`/open311/v2`, `/staff/v1`, `''`). */
export interface RouteGroup {
  base: string;
  routes: readonly RouteSpec[];
}

/** The routes of a module's definitions (`{ queue, message, actions: { triage, … } }`), nested ones included. */
export function routesOf(
  group: Readonly<Record<string, RouteSpec | Readonly<Record<string, RouteSpec>>>>,
): RouteSpec[] {
  return Object.values(group).flatMap((item) =>
    'method' in item && typeof item.method === 'string'
      ? [item as RouteSpec]
      : Object.values(item as Record<string, RouteSpec>),
  );
}

type Output<S> = S extends Schema ? z.core.output<S> : Record<string, string>;

/** The input a route's handler receives. */
export type InputOf<R> =
  R extends RouteSpec<infer P, infer Q, infer B>
    ? ValidInput<Output<P>, Output<Q>, B extends Schema ? z.core.output<B> : undefined>
    : never;

/** Defines a route (see {@link RouteSpec}); the value keeps its schemas' types for `serve`. */
export function defineRoute<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
>(spec: RouteSpec<P, Q, B>): RouteSpec<P, Q, B> {
  return spec;
}

/** The Hono paths of a route's OpenAPI path, and the parameter that carries the format suffix. */
export function routerPaths(path: string): { paths: string[]; suffixed?: string } {
  const toHono = (p: string) => p.replace(/\{(\w+)\}/g, ':$1');
  if (!path.endsWith('.{format}')) return { paths: [toHono(path)] };
  const stem = path.slice(0, -'.{format}'.length);
  const cut = stem.lastIndexOf('/') + 1;
  const last = /^\{(\w+)\}$/.exec(stem.slice(cut));
  // `/requests/{id}.{format}`: one parameter holds the name and its suffix, cut off by the validation.
  if (last)
    return {
      paths: [`${toHono(stem.slice(0, cut))}:${last[1]}{[^/]+\\.(?:json|xml)}`],
      suffixed: last[1],
    };
  return { paths: [`${toHono(stem)}.json`, `${toHono(stem)}.xml`] };
}

/** What `serve` takes besides the handler. */
export interface ServeOptions<E extends Env> {
  /** Middleware run before the input is checked (rights, rate limits, an API key). */
  before?: readonly MiddlewareHandler<E>[];
  /** Reads the body instead of the route's schema, when decoding needs what only the server knows. */
  decodeBody?: BodyDecoder<unknown>;
}

/**
 * Options that run `check` before a route's input is checked: `check` throws a problem (401, 403)
 * to refuse the request, so a caller without the right never learns what its input would have
 * been told.
 */
export function guard<E extends Env>(check: (c: Context<E>) => void | Promise<void>): { before: MiddlewareHandler<E>[] } {
  return {
    before: [
      async (c, next) => {
        await check(c);
        await next();
      },
    ],
  };
}

/**
 * Registers `route` on `app`: `before`, then the validation, then `handler` with the
 * checked input. A route served here is a route of the OpenAPI document once its group is listed
 * in `API_ROUTES`.
 */
export function serve<E extends Env, R extends RouteSpec>(
  app: Hono<E>,
  route: R,
  handler: (c: Context<E>, input: InputOf<R>) => Response | Promise<Response>,
  options: ServeOptions<E> = {},
): void {
  const { paths, suffixed } = routerPaths(route.path);
  const check = validation(route, { suffixed, decodeBody: options.decodeBody });
  // The input goes straight to the handler: one middleware, not a second one reading it back.
  const run: MiddlewareHandler<E> = async (c) => handler(c, (await check(c as unknown as Context)) as InputOf<R>);
  app.on(route.method.toUpperCase(), paths, ...(options.before ?? []), run);
}
