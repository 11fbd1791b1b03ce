import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import {
  orgUnitSchema,
  safeParseInputFast,
  serviceConfigSchema,
  systemConfigSchema,
  type Language,
} from '@payam/core';
import * as admin from '../admin/index.js';
import { mayAdminister, type StaffMember } from '../access/index.js';
import { loadCatalog } from '../config/catalog.js';
import type { ServerContext } from '../engine/context.js';
import { adminApi } from './admin-api.js';
import type { Credentials } from './credentials.js';
import { text } from './i18n.js';
import { ApiProblem, problem } from './problems.js';
import { serve, type InputOf, type RouteSpec, type Schema, type ServeOptions } from './route.js';
import { issuesProblem } from './validation.js';

type AdminEnv = { Variables: { staff: StaffMember; lang: Language } };

/** An administrative refusal as the API's error body, in `lang`. */
export function refusalAsProblem(refusal: admin.AdminRefusal, lang: Language): ApiProblem {
  const { issues, field, params } = refusal.options;
  if (issues) return issuesProblem(issues, lang);
  return problem(refusal.status, text(lang, refusal.key, params), field ? { field } : {});
}

/**
 * A body whose id may be left to the path (`PUT /units/{id}`): the path's value, unless the body
 * names one (then the operation refuses a mismatch).
 */
function idFromPath(schema: Schema, key: string): Pick<ServeOptions<AdminEnv>, 'decodeBody'> {
  return {
    decodeBody: (fields, c) => safeParseInputFast(schema, { [key]: c.req.param(key), ...fields }),
  };
}

/**
 * The administration API under `/admin` of the staff API ({@link adminApi}): for administrators of
 * every unit only (the access module decides; others get 403). Every change is audited and reaches
 * every server process within a second; this process uses it at once.
 */
export function adminRoutes<E extends AdminEnv>(
  app: Hono<E>,
  ctx: ServerContext,
  credentials: Pick<Credentials, 'forgetAll'>,
): void {
  const administrators: MiddlewareHandler<E> = async (c, next) => {
    if (!mayAdminister(c.get('staff'))) throw problem(403, text(c.get('lang'), 'adminForbidden'));
    await next();
  };

  /** Serves `route` as a thin call of its operation; a change is used here at once. */
  const route = <R extends RouteSpec>(
    spec: R,
    run: (context: admin.AdminContext, input: InputOf<R>) => Promise<unknown>,
    options: Pick<ServeOptions<E>, 'decodeBody'> = {},
  ): void => {
    const status = Number(Object.keys(spec.answers)[0]) as ContentfulStatusCode;
    serve(
      app,
      spec,
      async (c: Context<E>, input) => {
        const staff = c.get('staff');
        const context: admin.AdminContext = {
          db: ctx.db,
          now: ctx.now,
          actor: { id: `staff:${staff.id ?? staff.name}`, role: staff.role },
        };
        let answer: unknown;
        try {
          answer = await run(context, input);
        } catch (error) {
          if (error instanceof admin.AdminRefusal) throw refusalAsProblem(error, input.lang);
          throw error;
        }
        if (spec.method !== 'get') {
          // This process uses the change at once; the others within their configuration check.
          ctx.catalog = await loadCatalog(ctx.db);
          credentials.forgetAll();
          ctx.log.info('administrative change', {
            action: `${spec.method} ${spec.path}`,
            actor: context.actor.id,
          });
        }
        return c.json(answer as object, status);
      },
      { before: [administrators], ...options },
    );
  };

  const api = adminApi;
  route(api.apiKeys, (cx) => admin.listApiKeys(cx));
  route(api.createApiKey, (cx, { body }) => admin.createApiKey(cx, body));
  route(api.revokeApiKey, (cx, { params }) => admin.revokeApiKey(cx, params.id));
  route(api.staff, (cx) => admin.listStaffMembers(cx));
  route(api.addStaffMember, (cx, { body }) => admin.addStaffMember(cx, body));
  route(api.changeStaffMember, (cx, { params, body }) =>
    admin.changeStaffMember(cx, params.id, body),
  );
  route(api.removeStaffMember, (cx, { params }) => admin.removeStaffMember(cx, params.id));
  route(api.issueStaffToken, (cx, { params }) => admin.issueStaffToken(cx, params.id));
  route(api.revokeStaffToken, (cx, { params }) => admin.revokeStaffToken(cx, params.id));
  route(api.systems, (cx) => admin.listSystems(cx));
  route(
    api.setSystem,
    (cx, { params, body }) => admin.setSystem(cx, body, params.id),
    idFromPath(systemConfigSchema, 'id'),
  );
  route(api.services, (cx, { query }) => admin.listServices(cx, query.system));
  route(
    api.setService,
    (cx, { params, body }) => admin.setService(cx, body, params.code),
    idFromPath(serviceConfigSchema, 'code'),
  );
  route(api.serviceForms, (cx, { params }) => admin.serviceFormVersions(cx, params.code));
  route(api.units, (cx) => admin.listUnits(cx));
  route(
    api.setUnit,
    (cx, { params, body }) => admin.setUnit(cx, body, params.id),
    idFromPath(orgUnitSchema, 'id'),
  );
  route(api.removeUnit, (cx, { params }) => admin.removeUnit(cx, params.id));
  route(api.calendar, (cx) => admin.showCalendar(cx));
  route(api.setCalendar, (cx, { body }) => admin.setCalendar(cx, body));
  route(api.holidays, (cx, { query }) => admin.listHolidays(cx, query.year));
  route(api.addHoliday, (cx, { params }) => admin.addHolidays(cx, [params.date]));
  route(api.removeHoliday, (cx, { params }) => admin.removeHolidays(cx, [params.date]));
  route(api.audit, (cx, { query }) => admin.readAudit(cx.db, query));
}
