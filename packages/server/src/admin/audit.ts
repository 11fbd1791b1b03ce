import { z } from 'zod';
import type { Database, Queryable } from '../db/database.js';
import { toIso } from '../engine/context.js';

/** Who makes an administrative change: a member of staff through the API, or the command line. */
export interface AdminActor {
  /** `staff:<member id>` or `cli:<system user>`. */
  id: string;
  /** The member's role, or `cli`. */
  role: string;
}

/** Everything an administrative operation works with. */
export interface AdminContext {
  /** The database. */
  readonly db: Database;
  /** The clock. */
  readonly now: () => Date;
  /** Who acts. */
  readonly actor: AdminActor;
}

/** One entry of the audit log. */
export interface AuditEntry {
  /** Its number, in the order of the changes. */
  id: number;
  /** When. */
  at: string;
  /** Who (`staff:<member id>`, `cli:<user>`). */
  actor: string;
  /** Their role. */
  actorRole: string;
  /** What was done (`apiKey.create`, `service.set`, `holiday.add`, …). */
  action: string;
  /** What it was done to (an id or a code). */
  target: string;
  /** The state before (`null` for something new); never a secret. */
  before: unknown;
  /** The state after (`null` for something removed); never a secret. */
  after: unknown;
}

/** The paging of the audit log: newest first. */
export const auditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});

/** Records an administrative change, in the transaction that makes it. */
export async function recordAudit(
  tx: Queryable,
  context: Pick<AdminContext, 'actor' | 'now'>,
  change: { action: string; target: string; before: unknown; after: unknown },
): Promise<void> {
  await tx.query('INSERT INTO audit_log (at, actor, actor_role, action, target, before, after) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)', [
    context.now().toISOString(),
    context.actor.id,
    context.actor.role,
    change.action,
    change.target,
    change.before === null || change.before === undefined ? null : JSON.stringify(change.before),
    change.after === null || change.after === undefined ? null : JSON.stringify(change.after),
  ]);
}

/** A page of the audit log, newest first, with the number of entries in all. */
export async function readAudit(db: Queryable, page: { limit: number; offset: number }): Promise<{ items: AuditEntry[]; total: number }> {
  const [rows, total] = await Promise.all([
    db.query<{ id: number | string; at: unknown; actor: string; actor_role: string; action: string; target: string; before: unknown; after: unknown }>(
      'SELECT id, at, actor, actor_role, action, target, before, after FROM audit_log ORDER BY id DESC LIMIT $1 OFFSET $2',
      [page.limit, page.offset],
    ),
    db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log'),
  ]);
  const json = (value: unknown) => (typeof value === 'string' ? (JSON.parse(value) as unknown) : (value ?? null));
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      at: toIso(r.at),
      actor: r.actor,
      actorRole: r.actor_role,
      action: r.action,
      target: r.target,
      before: json(r.before),
      after: json(r.after),
    })),
    total: total[0]?.n ?? 0,
  };
}

/**
 * Runs one administrative change: in one transaction, serialized with every other administrative
 * change (an advisory lock), so two administrators never build on the same stale state.
 */
export function adminTransaction<T>(context: AdminContext, work: (tx: Queryable) => Promise<T>): Promise<T> {
  return context.db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(1371890)');
    return work(tx);
  });
}
