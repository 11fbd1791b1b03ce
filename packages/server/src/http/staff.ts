import { Hono } from 'hono';
import type { ServerContext } from '../engine/context.js';

/** The staff API under `/staff/v1`. */
export function staffRoutes(_ctx: ServerContext): Hono {
  return new Hono();
}
