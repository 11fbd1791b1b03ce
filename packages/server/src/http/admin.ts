import type { Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { businessCalendarSchema, orgUnitSchema, serviceConfigSchema, systemConfigSchema, type Language } from '@payam/core';
import * as admin from '../admin/index.js';
import { mayAdminister, STAFF_ROLES, type StaffMember } from '../access/index.js';
import { loadCatalog } from '../config/catalog.js';
import type { ServerContext } from '../engine/context.js';
import { readBody } from './body.js';
import type { Credentials } from './credentials.js';
import { text } from './i18n.js';
import { ApiProblem, problem } from './problems.js';
import { issuesProblem } from './wire.js';

type AdminEnv = { Variables: { staff: StaffMember; lang: Language } };

const at = z.string().describe('ISO 8601');
const atOrNull = at.nullable();
/** An API key as listed (never its secret). */
export const apiKeyViewSchema = z.object({ id: z.string(), name: z.string(), createdAt: at, revokedAt: atOrNull });
/** A new API key: the secret is in this answer only. */
export const newApiKeySchema = apiKeyViewSchema.extend({ secret: z.string().describe('Shown once; never stored') });
/** A staff token as listed (never the token). */
export const staffTokenViewSchema = z.object({ id: z.string(), createdAt: at, revokedAt: atOrNull });
/** A token just issued: the token is in this answer only. */
export const newStaffTokenSchema = staffTokenViewSchema.extend({ memberId: z.string(), token: z.string().describe('Shown once; never stored') });
/** A member of staff with their tokens. */
export const staffMemberViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(STAFF_ROLES),
  unitId: z.string().nullable(),
  createdAt: at,
  removedAt: atOrNull,
  tokens: z.array(staffTokenViewSchema),
});
/** A service with its form version. */
export const serviceViewSchema = z.object({ service: serviceConfigSchema, formVersion: z.number().int() });
/** One version of a service's form. */
export const formVersionSchema = serviceViewSchema.extend({ changedAt: at });
/** One entry of the audit log. */
export const auditEntrySchema = z.object({ id: z.number().int(), at, actor: z.string(), actorRole: z.string(), action: z.string(), target: z.string(), before: z.unknown(), after: z.unknown() });
/** A page of the audit log. */
export const auditPageSchema = z.object({ items: z.array(auditEntrySchema), total: z.number().int() });
/** The query of the services list. */
export const servicesQuerySchema = z.object({ system: z.string().max(32).optional() });
/** The query of the holidays list. */
export const holidaysQuerySchema = z.object({ year: z.string().regex(/^\d{4}$/).optional() });
/** The answer with the holidays. */
export const holidaysSchema = z.array(z.string().describe('Jalali YYYY-MM-DD'));

/** One route of the administration API: what it takes and answers, for the router and the OpenAPI document alike. */
export interface AdminRoute {
  /** The HTTP method. */
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The path under `/staff/v1/admin`, Hono style (`/api-keys/:id/revoke`). */
  path: string;
  /** What it does (the OpenAPI summary). */
  summary: string;
  /** The query it reads, when it reads one. */
  query?: z.ZodType;
  /** The body it reads, when it reads one. */
  body?: z.core.$ZodType;
  /** What it answers, and with which status. */
  answer: { status: ContentfulStatusCode; schema: z.core.$ZodType };
  /** Runs it: the path parameters, the parsed query, the body as read; resolves to the answer. */
  run(context: admin.AdminContext, input: { params: Record<string, string>; query: Record<string, unknown>; body: unknown }): Promise<unknown>;
}

/** Every administration route. Each is a thin call of the operation that owns it (`src/admin`). */
export const ADMIN_ROUTES: readonly AdminRoute[] = [
  { method: 'get', path: '/api-keys', summary: 'List the API keys (never their secrets)', answer: { status: 200, schema: z.array(apiKeyViewSchema) }, run: (cx) => admin.listApiKeys(cx) },
  { method: 'post', path: '/api-keys', summary: 'Create an API key; its secret is in this answer only', body: admin.apiKeyCreateSchema, answer: { status: 201, schema: newApiKeySchema }, run: (cx, i) => admin.createApiKey(cx, i.body) },
  { method: 'post', path: '/api-keys/:id/revoke', summary: 'Revoke an API key: refused at once here and within a second in every other process', answer: { status: 200, schema: apiKeyViewSchema }, run: (cx, i) => admin.revokeApiKey(cx, i.params.id ?? '') },
  { method: 'get', path: '/staff', summary: 'List the members of staff and their tokens (never the tokens themselves)', answer: { status: 200, schema: z.array(staffMemberViewSchema) }, run: (cx) => admin.listStaffMembers(cx) },
  { method: 'post', path: '/staff', summary: 'Add a member of staff with a first token, shown in this answer only', body: admin.staffMemberCreateSchema, answer: { status: 201, schema: z.object({ member: staffMemberViewSchema, token: newStaffTokenSchema }) }, run: (cx, i) => admin.addStaffMember(cx, i.body) },
  { method: 'patch', path: '/staff/:id', summary: "Change a member's name, role or unit; every token of theirs follows", body: admin.staffMemberChangeSchema, answer: { status: 200, schema: staffMemberViewSchema }, run: (cx, i) => admin.changeStaffMember(cx, i.params.id ?? '', i.body) },
  { method: 'delete', path: '/staff/:id', summary: 'Remove a member of staff: every token of theirs stops working', answer: { status: 200, schema: staffMemberViewSchema }, run: (cx, i) => admin.removeStaffMember(cx, i.params.id ?? '') },
  { method: 'post', path: '/staff/:id/tokens', summary: 'Issue another token to a member of staff, shown in this answer only', answer: { status: 201, schema: newStaffTokenSchema }, run: (cx, i) => admin.issueStaffToken(cx, i.params.id ?? '') },
  { method: 'post', path: '/staff-tokens/:id/revoke', summary: 'Revoke a staff token: refused at once here and within a second in every other process', answer: { status: 200, schema: staffTokenViewSchema.extend({ memberId: z.string() }) }, run: (cx, i) => admin.revokeStaffToken(cx, i.params.id ?? '') },
  { method: 'get', path: '/systems', summary: 'List the systems', answer: { status: 200, schema: z.array(systemConfigSchema) }, run: (cx) => admin.listSystems(cx) },
  { method: 'put', path: '/systems/:id', summary: 'Add or replace a system (name, service required, intake unit, confidential)', body: systemConfigSchema, answer: { status: 200, schema: systemConfigSchema }, run: (cx, i) => admin.setSystem(cx, i.body, i.params.id) },
  { method: 'get', path: '/services', summary: 'List the services with their form versions', query: servicesQuerySchema, answer: { status: 200, schema: z.array(serviceViewSchema) }, run: (cx, i) => admin.listServices(cx, i.query.system as string | undefined) },
  { method: 'put', path: '/services/:code', summary: 'Add a service or replace its form (attributes, guidance, required fields, visibility): a new form version', body: serviceConfigSchema, answer: { status: 200, schema: serviceViewSchema }, run: (cx, i) => admin.setService(cx, i.body, i.params.code) },
  { method: 'get', path: '/services/:code/forms', summary: "Every version of a service's form, newest first", answer: { status: 200, schema: z.array(formVersionSchema) }, run: (cx, i) => admin.serviceFormVersions(cx, i.params.code ?? '') },
  { method: 'get', path: '/units', summary: 'List the org units', answer: { status: 200, schema: z.array(orgUnitSchema) }, run: (cx) => admin.listUnits(cx) },
  { method: 'put', path: '/units/:id', summary: 'Add or change an org unit (the tree must stay a tree)', body: orgUnitSchema, answer: { status: 200, schema: orgUnitSchema }, run: (cx, i) => admin.setUnit(cx, i.body, i.params.id) },
  { method: 'delete', path: '/units/:id', summary: 'Remove an org unit nothing depends on', answer: { status: 200, schema: orgUnitSchema }, run: (cx, i) => admin.removeUnit(cx, i.params.id ?? '') },
  { method: 'get', path: '/calendar', summary: 'The business calendar', answer: { status: 200, schema: businessCalendarSchema }, run: (cx) => admin.showCalendar(cx) },
  { method: 'put', path: '/calendar', summary: 'Replace the business calendar (time zone, working week, holidays)', body: businessCalendarSchema, answer: { status: 200, schema: businessCalendarSchema }, run: (cx, i) => admin.setCalendar(cx, i.body) },
  { method: 'get', path: '/holidays', summary: 'The holidays (Jalali dates), all or of one Jalali year', query: holidaysQuerySchema, answer: { status: 200, schema: holidaysSchema }, run: (cx, i) => admin.listHolidays(cx, i.query.year as string | undefined) },
  { method: 'put', path: '/holidays/:date', summary: 'Add a holiday (Jalali YYYY-MM-DD)', answer: { status: 200, schema: holidaysSchema }, run: (cx, i) => admin.addHolidays(cx, [i.params.date ?? '']) },
  { method: 'delete', path: '/holidays/:date', summary: 'Remove a holiday', answer: { status: 200, schema: holidaysSchema }, run: (cx, i) => admin.removeHolidays(cx, [i.params.date ?? '']) },
  { method: 'get', path: '/audit', summary: 'The audit log of administrative changes, newest first', query: admin.auditQuerySchema, answer: { status: 200, schema: auditPageSchema }, run: (cx, i) => admin.readAudit(cx.db, i.query as { limit: number; offset: number }) },
];

/** An administrative refusal as the API's error body, in `lang`. */
export function refusalAsProblem(refusal: admin.AdminRefusal, lang: Language): ApiProblem {
  const { issues, field, params } = refusal.options;
  if (issues) return issuesProblem(issues, lang, (path) => path.map(String).join('.'));
  return problem(refusal.status, text(lang, refusal.key, params), field ? { field } : {});
}

/**
 * The administration API under `/admin` of the staff API: for administrators of every unit only
 * (the access module decides; others get 403). Every change is audited and reaches every server
 * process within a second; this process uses it at once.
 */
export function adminRoutes<E extends AdminEnv>(app: Hono<E>, ctx: ServerContext, credentials: Pick<Credentials, 'forgetAll'>): void {
  for (const route of ADMIN_ROUTES) {
    app[route.method](`/admin${route.path}`, async (c: Context<E>) => {
      const lang = c.get('lang');
      const staff = c.get('staff');
      if (!mayAdminister(staff)) throw problem(403, text(lang, 'adminForbidden'));
      let query: Record<string, unknown> = {};
      if (route.query) {
        const parsed = route.query.safeParse(Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v !== '')));
        if (!parsed.success) throw issuesProblem(parsed.error.issues, lang, (path) => path.map(String).join('.'));
        query = parsed.data as Record<string, unknown>;
      }
      const body = route.body ? await readBody(c, lang) : undefined;
      const context: admin.AdminContext = { db: ctx.db, now: ctx.now, actor: { id: `staff:${staff.id ?? staff.name}`, role: staff.role } };
      let answer: unknown;
      try {
        answer = await route.run(context, { params: c.req.param() as Record<string, string>, query, body });
      } catch (error) {
        if (error instanceof admin.AdminRefusal) throw refusalAsProblem(error, lang);
        throw error;
      }
      if (route.method !== 'get') {
        // This process uses the change at once; the others within their configuration check.
        ctx.catalog = await loadCatalog(ctx.db);
        credentials.forgetAll();
        ctx.log.info('administrative change', { action: `${route.method} ${route.path}`, actor: context.actor.id });
      }
      return c.json(answer as object, route.answer.status);
    });
  }
}
