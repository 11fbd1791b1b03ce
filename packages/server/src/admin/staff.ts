import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { codeSchema, plainTextSchema, validationMessages } from '@payam/core';
import { sha256 } from '../config/catalog.js';
import { configurationChanged } from '../config/catalog-watch.js';
import type { Queryable } from '../db/database.js';
import { toIso } from '../engine/context.js';
import { STAFF_ROLES } from '../access/index.js';
import { adminTransaction, recordAudit, type AdminContext } from './audit.js';
import { AdminRefusal, parseInput } from './refusal.js';

/**
 * The units whose subtrees a member of staff works in: one or more, each named once; `null` for
 * every unit.
 */
const staffUnitsSchema = z.nullable(
  z.array(codeSchema).check(
    z.minLength(1),
    z.maxLength(50),
    z.refine((ids) => new Set(ids).size === ids.length, { message: validationMessages.staffUnitsOnce }),
  ),
);

/** A member of staff's fields: name, role, and their units (`unitIds`, or one `unitId`). */
const staffMemberFields = z.strictObject({
  name: plainTextSchema().check(z.minLength(1), z.maxLength(200)),
  role: z.enum(STAFF_ROLES),
  unitIds: z.optional(staffUnitsSchema),
  /** One unit, as `unitIds: [unitId]`; `null` for every unit. */
  unitId: z.optional(z.nullable(codeSchema)),
});

/** Refuses a body naming its units both ways. */
const unitsNamedOnce = z.refine<{ unitIds?: unknown; unitId?: unknown }>((body) => body.unitIds === undefined || body.unitId === undefined, {
  message: validationMessages.staffUnitsOneWay,
  path: ['unitId'],
});

/**
 * A new member of staff: name, role, and the units whose subtrees they work in (`unitIds`, or one
 * `unitId`; neither or `null`: every unit).
 */
export const staffMemberCreateSchema = staffMemberFields.check(unitsNamedOnce);

/** A change of a member of staff: any of name, role and units. */
export const staffMemberChangeSchema = staffMemberFields.partial().check(unitsNamedOnce);

/** The units a create or change body names: `undefined` when it names none. */
function unitsNamed(body: { unitIds?: string[] | null; unitId?: string | null }): string[] | null | undefined {
  if (body.unitIds !== undefined) return body.unitIds;
  if (body.unitId !== undefined) return body.unitId === null ? null : [body.unitId];
  return undefined;
}

/** A member of staff as listed, with their tokens (never a token itself). */
export interface StaffMemberView {
  /** Their id. */
  id: string;
  /** Their name. */
  name: string;
  /** Their role. */
  role: (typeof STAFF_ROLES)[number];
  /** The units whose subtrees they work in; `null` for every unit. */
  unitIds: string[] | null;
  /** When they were added. */
  createdAt: string;
  /** When they were removed (their tokens stopped working), or `null`. */
  removedAt: string | null;
  /** Their tokens. */
  tokens: StaffTokenView[];
}

/** A staff token as listed: never the token itself. */
export interface StaffTokenView {
  /** Its id (to revoke it). */
  id: string;
  /** When it was issued. */
  createdAt: string;
  /** When it was revoked, or `null` while it works. */
  revokedAt: string | null;
}

/** A token just issued: the secret is shown this once and never stored. */
export interface NewStaffToken extends StaffTokenView {
  /** The member it belongs to. */
  memberId: string;
  /** The bearer token itself. */
  token: string;
}

interface MemberRow {
  id: string;
  name: string;
  role: (typeof STAFF_ROLES)[number];
  unit_ids: string[] | null;
  created_at: unknown;
  removed_at: unknown;
}
interface TokenRow {
  id: string;
  member_id: string;
  created_at: unknown;
  revoked_at: unknown;
}

const at = (value: unknown) => (value === null || value === undefined ? null : toIso(value));
const tokenView = (t: TokenRow): StaffTokenView => ({ id: t.id, createdAt: toIso(t.created_at), revokedAt: at(t.revoked_at) });
const memberView = (m: MemberRow, tokens: TokenRow[]): StaffMemberView => ({
  id: m.id,
  name: m.name,
  role: m.role,
  unitIds: m.unit_ids,
  createdAt: toIso(m.created_at),
  removedAt: at(m.removed_at),
  tokens: tokens.filter((t) => t.member_id === m.id).map(tokenView),
});

/** Refuses a unit that does not exist (the units are named once each), naming the field the body used. */
async function assertUnits(tx: Queryable, unitIds: readonly string[] | null, body: { unitIds?: unknown }): Promise<void> {
  if (unitIds === null || unitIds.length === 0) return;
  const [found] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM org_units WHERE id = ANY($1::text[])', [unitIds]);
  if (found?.n !== unitIds.length) throw new AdminRefusal(400, 'unitUnknown', { field: body.unitIds === undefined ? 'unitId' : 'unitIds' });
}

async function readMember(tx: Queryable, id: string): Promise<StaffMemberView> {
  const [member] = await tx.query<MemberRow>('SELECT id, name, role, unit_ids, created_at, removed_at FROM staff_members WHERE id = $1', [id]);
  if (!member) throw new AdminRefusal(404, 'staffMemberUnknown', { field: 'id' });
  const tokens = await tx.query<TokenRow>('SELECT id, member_id, created_at, revoked_at FROM staff_tokens WHERE member_id = $1 ORDER BY created_at, id', [id]);
  return memberView(member, tokens);
}

async function insertToken(tx: Queryable, context: AdminContext, memberId: string): Promise<NewStaffToken> {
  const token = `pst_${randomBytes(24).toString('base64url')}`;
  const id = `tok-${randomBytes(8).toString('hex')}`;
  const [row] = await tx.query<TokenRow>(
    'INSERT INTO staff_tokens (token_hash, id, member_id, created_at) VALUES ($1, $2, $3, $4) RETURNING id, member_id, created_at, revoked_at',
    [sha256(token), id, memberId, context.now().toISOString()],
  );
  return { ...tokenView(row!), memberId, token };
}

/** Adds a member of staff with a first token (shown once). */
export async function addStaffMember(context: AdminContext, input: unknown): Promise<{ member: StaffMemberView; token: NewStaffToken }> {
  const data = parseInput(staffMemberCreateSchema, input);
  return adminTransaction(context, async (tx) => {
    const unitIds = unitsNamed(data) ?? null;
    await assertUnits(tx, unitIds, data);
    const id = `staff-${randomBytes(8).toString('hex')}`;
    await tx.query('INSERT INTO staff_members (id, name, role, unit_ids, created_at) VALUES ($1, $2, $3, $4, $5)', [id, data.name, data.role, unitIds, context.now().toISOString()]);
    const token = await insertToken(tx, context, id);
    const member = await readMember(tx, id);
    await recordAudit(tx, context, { action: 'staff.add', target: id, before: null, after: member });
    return { member, token };
  });
}

/** Changes a member's name, role or units; every token of theirs follows. */
export async function changeStaffMember(context: AdminContext, id: string, input: unknown): Promise<StaffMemberView> {
  const data = parseInput(staffMemberChangeSchema, input);
  return adminTransaction(context, async (tx) => {
    const before = await readMember(tx, id);
    if (before.removedAt !== null) throw new AdminRefusal(409, 'staffMemberRemoved', { field: 'id' });
    const unitIds = unitsNamed(data);
    if (unitIds !== undefined) await assertUnits(tx, unitIds, data);
    await tx.query('UPDATE staff_members SET name = $2, role = $3, unit_ids = $4 WHERE id = $1', [
      id,
      data.name ?? before.name,
      data.role ?? before.role,
      unitIds === undefined ? before.unitIds : unitIds,
    ]);
    const after = await readMember(tx, id);
    await recordAudit(tx, context, { action: 'staff.change', target: id, before, after });
    await configurationChanged(tx);
    return after;
  });
}

/** Removes a member of staff: every token of theirs stops working. The record stays, for the audit log. */
export async function removeStaffMember(context: AdminContext, id: string): Promise<StaffMemberView> {
  return adminTransaction(context, async (tx) => {
    const before = await readMember(tx, id);
    if (before.removedAt !== null) return before;
    const now = context.now().toISOString();
    await tx.query('UPDATE staff_members SET removed_at = $2 WHERE id = $1', [id, now]);
    await tx.query('UPDATE staff_tokens SET revoked_at = $2 WHERE member_id = $1 AND revoked_at IS NULL', [id, now]);
    const after = await readMember(tx, id);
    await recordAudit(tx, context, { action: 'staff.remove', target: id, before, after });
    await configurationChanged(tx);
    return after;
  });
}

/** Issues another token to a member (shown once). */
export async function issueStaffToken(context: AdminContext, memberId: string): Promise<NewStaffToken> {
  return adminTransaction(context, async (tx) => {
    const member = await readMember(tx, memberId);
    if (member.removedAt !== null) throw new AdminRefusal(409, 'staffMemberRemoved', { field: 'id' });
    const token = await insertToken(tx, context, memberId);
    const { token: _secret, ...shown } = token;
    await recordAudit(tx, context, { action: 'staffToken.issue', target: token.id, before: null, after: shown });
    return token;
  });
}

/** Revokes one token: it stops working in this process at once and in every other within a second. */
export async function revokeStaffToken(context: AdminContext, tokenId: string): Promise<StaffTokenView & { memberId: string }> {
  return adminTransaction(context, async (tx) => {
    const [before] = await tx.query<TokenRow>('SELECT id, member_id, created_at, revoked_at FROM staff_tokens WHERE id = $1', [tokenId]);
    if (!before) throw new AdminRefusal(404, 'staffTokenUnknown', { field: 'id' });
    if (before.revoked_at !== null) return { ...tokenView(before), memberId: before.member_id };
    const [after] = await tx.query<TokenRow>('UPDATE staff_tokens SET revoked_at = $2 WHERE id = $1 RETURNING id, member_id, created_at, revoked_at', [tokenId, context.now().toISOString()]);
    const shown = { ...tokenView(after!), memberId: before.member_id };
    await recordAudit(tx, context, { action: 'staffToken.revoke', target: tokenId, before: { ...tokenView(before), memberId: before.member_id }, after: shown });
    await configurationChanged(tx);
    return shown;
  });
}

/** Every member of staff with their tokens, by name. */
export async function listStaffMembers(context: Pick<AdminContext, 'db'>): Promise<StaffMemberView[]> {
  const [members, tokens] = await Promise.all([
    context.db.query<MemberRow>('SELECT id, name, role, unit_ids, created_at, removed_at FROM staff_members ORDER BY removed_at IS NOT NULL, name, id'),
    context.db.query<TokenRow>('SELECT id, member_id, created_at, revoked_at FROM staff_tokens ORDER BY created_at, id'),
  ]);
  return members.map((m) => memberView(m, tokens));
}
