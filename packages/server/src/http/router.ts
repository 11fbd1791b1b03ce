/**
 * The app's router: Hono's own (RegExpRouter, or TrieRouter where a path has a static sibling of a
 * parameter, as `/requests/similar.json` beside `/requests/{id}.json`), remembering its answers for
 * the paths that carry no parameter. TrieRouter works every answer out afresh, about 2.7 KB of
 * garbage a request; the paths without parameters (a registration, the service list, every page
 * of the site) are few, and their answer is the same every time.
 */
import type { ParamStash, Result, Router } from 'hono/router';
import { RegExpRouter } from 'hono/router/reg-exp-router';
import { SmartRouter } from 'hono/router/smart-router';
import { TrieRouter } from 'hono/router/trie-router';
import { LRUCache } from 'lru-cache';

/** Whether a router's answer holds no parameter: then it is the same for every request of its method and path. */
function withoutParameters<T>(result: Result<T>): boolean {
  const stash = result.length > 1 ? (result as [unknown, ParamStash])[1] : undefined;
  if (stash !== undefined && stash.length > 0) return false;
  for (const [, params] of result[0]) {
    for (const _ in params) return false;
  }
  return true;
}

/**
 * Wraps `router`, remembering the answers without parameters for the most recent `max` method and
 * path pairs (bounded: made-up paths only push the oldest out). Hono only reads an answer, as it
 * reads the answers RegExpRouter shares between requests.
 */
export class RememberingRouter<T> implements Router<T> {
  /** The wrapped router's name. */
  get name(): string {
    return this.router.name;
  }

  private readonly answers: LRUCache<string, Result<T>>;

  /** Wraps `router` (default: Hono's own choice of router), remembering up to `max` answers. */
  constructor(
    private readonly router: Router<T> = new SmartRouter<T>({ routers: [new RegExpRouter<T>(), new TrieRouter<T>()] }),
    max = 512,
  ) {
    this.answers = new LRUCache({ max });
  }

  /** Adds a route to the wrapped router. */
  add(method: string, path: string, handler: T): void {
    this.router.add(method, path, handler);
  }

  /** The wrapped router's answer, remembered when it holds no parameter. */
  match(method: string, path: string): Result<T> {
    const key = `${method} ${path}`;
    let result = this.answers.get(key);
    if (result === undefined) {
      result = this.router.match(method, path);
      if (withoutParameters(result)) this.answers.set(key, result);
    }
    return result;
  }
}
