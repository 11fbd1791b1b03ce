/**
 * The administration API's routes under `/staff/v1/admin`, defined once (bearer staff tokens of
 * administrators of every unit). `admin.ts` serves them; the OpenAPI document describes them.
 */
import { z } from 'zod';
import {
  businessCalendarSchema,
  orgUnitSchema,
  serviceConfigSchema,
  systemConfigSchema,
} from '@payam/core';
import { STAFF_ROLES } from '../access/index.js';
import {
  apiKeyCreateSchema,
  auditQuerySchema,
  staffMemberChangeSchema,
  staffMemberCreateSchema,
} from '../admin/index.js';
import { defineRoute, type RouteSpec } from './route.js';

const at = z.string().describe('ISO 8601');
const atOrNull = at.nullable();
/** An API key as listed (never its secret). */
export const apiKeyViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: at,
  revokedAt: atOrNull,
});
/** A new API key: the secret is in this answer only. */
export const newApiKeySchema = apiKeyViewSchema.extend({
  secret: z.string().describe('Shown once; never stored'),
});
/** A staff token as listed (never the token). */
export const staffTokenViewSchema = z.object({
  id: z.string(),
  createdAt: at,
  revokedAt: atOrNull,
});
/** A token just issued: the token is in this answer only. */
export const newStaffTokenSchema = staffTokenViewSchema.extend({
  memberId: z.string(),
  token: z.string().describe('Shown once; never stored'),
});
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
export const serviceViewSchema = z.object({
  service: serviceConfigSchema,
  formVersion: z.number().int(),
});
/** One version of a service's form. */
export const formVersionSchema = serviceViewSchema.extend({ changedAt: at });
/** One entry of the audit log. */
export const auditEntrySchema = z.object({
  id: z.number().int(),
  at,
  actor: z.string(),
  actorRole: z.string(),
  action: z.string(),
  target: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});
/** A page of the audit log. */
export const auditPageSchema = z.object({
  items: z.array(auditEntrySchema),
  total: z.number().int(),
});
/** The query of the services list. */
export const servicesQuerySchema = z.object({
  system: z.string().max(32).optional().describe('Only the services of this system'),
});
/** The query of the holidays list. */
export const holidaysQuerySchema = z.object({
  year: z
    .string()
    .regex(/^\d{4}$/)
    .optional()
    .describe('A Jalali year (1405)'),
});
/** The query of the audit log. */
export const auditPageQuerySchema = z.object({
  limit: auditQuerySchema.shape.limit.describe('At most this many (1–500, default 50)'),
  offset: auditQuerySchema.shape.offset.describe('Skip this many'),
});
/** The answer with the holidays. */
export const holidaysSchema = z.array(z.string().describe('Jalali YYYY-MM-DD'));

const admin = { auth: 'staff', errors: [400, 401, 403, 404, 409] } as const;
const byId = z.object({ id: z.string().describe('Its id') });
const byCode = z.object({ code: z.string().describe('The service code') });
const byDate = z.object({ date: z.string().describe('A Jalali date, YYYY-MM-DD') });

/** The administration routes, each a thin call of the operation that owns it (`src/admin`). */
export const adminApi = {
  apiKeys: defineRoute({
    ...admin,
    method: 'get',
    path: '/admin/api-keys',
    summary: 'List the API keys (never their secrets)',
    answers: { 200: { description: 'The API keys', schema: z.array(apiKeyViewSchema) } },
  }),
  createApiKey: defineRoute({
    ...admin,
    method: 'post',
    path: '/admin/api-keys',
    summary: 'Create an API key; its secret is in this answer only',
    body: { schema: apiKeyCreateSchema },
    answers: { 201: { description: 'The new API key with its secret', schema: newApiKeySchema } },
  }),
  revokeApiKey: defineRoute({
    ...admin,
    method: 'post',
    path: '/admin/api-keys/{id}/revoke',
    summary: 'Revoke an API key: refused at once here and within a second in every other process',
    params: byId,
    answers: { 200: { description: 'The revoked API key', schema: apiKeyViewSchema } },
  }),
  staff: defineRoute({
    ...admin,
    method: 'get',
    path: '/admin/staff',
    summary: 'List the members of staff and their tokens (never the tokens themselves)',
    answers: {
      200: { description: 'The members of staff', schema: z.array(staffMemberViewSchema) },
    },
  }),
  addStaffMember: defineRoute({
    ...admin,
    method: 'post',
    path: '/admin/staff',
    summary: 'Add a member of staff with a first token, shown in this answer only',
    body: { schema: staffMemberCreateSchema },
    answers: {
      201: {
        description: 'The member and their first token',
        schema: z.object({ member: staffMemberViewSchema, token: newStaffTokenSchema }),
      },
    },
  }),
  changeStaffMember: defineRoute({
    ...admin,
    method: 'patch',
    path: '/admin/staff/{id}',
    summary: "Change a member's name, role or unit; every token of theirs follows",
    params: byId,
    body: { schema: staffMemberChangeSchema },
    answers: { 200: { description: 'The member', schema: staffMemberViewSchema } },
  }),
  removeStaffMember: defineRoute({
    ...admin,
    method: 'delete',
    path: '/admin/staff/{id}',
    summary: 'Remove a member of staff: every token of theirs stops working',
    params: byId,
    answers: { 200: { description: 'The removed member', schema: staffMemberViewSchema } },
  }),
  issueStaffToken: defineRoute({
    ...admin,
    method: 'post',
    path: '/admin/staff/{id}/tokens',
    summary: 'Issue another token to a member of staff, shown in this answer only',
    params: byId,
    answers: { 201: { description: 'The new token', schema: newStaffTokenSchema } },
  }),
  revokeStaffToken: defineRoute({
    ...admin,
    method: 'post',
    path: '/admin/staff-tokens/{id}/revoke',
    summary:
      'Revoke a staff token: refused at once here and within a second in every other process',
    params: byId,
    answers: {
      200: {
        description: 'The revoked token',
        schema: staffTokenViewSchema.extend({ memberId: z.string() }),
      },
    },
  }),
  systems: defineRoute({
    ...admin,
    method: 'get',
    path: '/admin/systems',
    summary: 'List the systems',
    answers: { 200: { description: 'The systems', schema: z.array(systemConfigSchema) } },
  }),
  setSystem: defineRoute({
    ...admin,
    method: 'put',
    path: '/admin/systems/{id}',
    summary:
      'Add or replace a system (name, service required, intake unit, confidential); its id may be left to the path',
    params: byId,
    body: { schema: systemConfigSchema },
    answers: { 200: { description: 'The system', schema: systemConfigSchema } },
  }),
  services: defineRoute({
    ...admin,
    method: 'get',
    path: '/admin/services',
    summary: 'List the services with their form versions',
    query: servicesQuerySchema,
    answers: { 200: { description: 'The services', schema: z.array(serviceViewSchema) } },
  }),
  setService: defineRoute({
    ...admin,
    method: 'put',
    path: '/admin/services/{code}',
    summary:
      'Add a service or replace its form (attributes, guidance, required fields, visibility): a new form version; its code may be left to the path',
    params: byCode,
    body: { schema: serviceConfigSchema },
    answers: {
      200: { description: 'The service and its form version', schema: serviceViewSchema },
    },
  }),
  serviceForms: defineRoute({
    ...admin,
    method: 'get',
    path: '/admin/services/{code}/forms',
    summary: "Every version of a service's form, newest first",
    params: byCode,
    answers: { 200: { description: 'The form versions', schema: z.array(formVersionSchema) } },
  }),
  units: defineRoute({
    ...admin,
    method: 'get',
    path: '/admin/units',
    summary: 'List the org units',
    answers: { 200: { description: 'The org units', schema: z.array(orgUnitSchema) } },
  }),
  setUnit: defineRoute({
    ...admin,
    method: 'put',
    path: '/admin/units/{id}',
    summary:
      'Add or change an org unit (the tree must stay a tree); its id may be left to the path',
    params: byId,
    body: { schema: orgUnitSchema },
    answers: { 200: { description: 'The org unit', schema: orgUnitSchema } },
  }),
  removeUnit: defineRoute({
    ...admin,
    method: 'delete',
    path: '/admin/units/{id}',
    summary: 'Remove an org unit nothing depends on',
    params: byId,
    answers: { 200: { description: 'The removed org unit', schema: orgUnitSchema } },
  }),
  calendar: defineRoute({
    ...admin,
    method: 'get',
    path: '/admin/calendar',
    summary: 'The business calendar',
    answers: { 200: { description: 'The calendar', schema: businessCalendarSchema } },
  }),
  setCalendar: defineRoute({
    ...admin,
    method: 'put',
    path: '/admin/calendar',
    summary: 'Replace the business calendar (time zone, working week, holidays)',
    body: { schema: businessCalendarSchema },
    answers: { 200: { description: 'The calendar', schema: businessCalendarSchema } },
  }),
  holidays: defineRoute({
    ...admin,
    method: 'get',
    path: '/admin/holidays',
    summary: 'The holidays (Jalali dates), all or of one Jalali year',
    query: holidaysQuerySchema,
    answers: { 200: { description: 'The holidays', schema: holidaysSchema } },
  }),
  addHoliday: defineRoute({
    ...admin,
    method: 'put',
    path: '/admin/holidays/{date}',
    summary: 'Add a holiday (Jalali YYYY-MM-DD)',
    params: byDate,
    answers: { 200: { description: 'The holidays', schema: holidaysSchema } },
  }),
  removeHoliday: defineRoute({
    ...admin,
    method: 'delete',
    path: '/admin/holidays/{date}',
    summary: 'Remove a holiday',
    params: byDate,
    answers: { 200: { description: 'The holidays', schema: holidaysSchema } },
  }),
  audit: defineRoute({
    ...admin,
    method: 'get',
    path: '/admin/audit',
    summary: 'The audit log of administrative changes, newest first',
    query: auditPageQuerySchema,
    answers: {
      200: { description: 'A page of the audit log, with the total', schema: auditPageSchema },
    },
  }),
} satisfies Record<string, RouteSpec>;
