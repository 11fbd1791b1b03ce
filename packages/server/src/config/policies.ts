import { z } from 'zod';
import {
  businessCalendarSchema,
  codeSchema,
  duplicatePolicySchema,
  escalationPolicySchema,
  feedbackPolicySchema,
  systemIdSchema,
} from '@payam/core';

/**
 * A routing rule: which unit handles a message of a system, service and region. `unitId` may name
 * the region as `{region}` (`district-{region}-technical`); the most specific matching rule wins.
 */
export const routingRuleSchema = z.object({
  match: z
    .object({
      system: z.optional(systemIdSchema),
      serviceCode: z.optional(codeSchema),
      region: z.string().optional(),
    })
    .default({}),
  unitId: z.string().min(1).max(100),
});
/** A routing rule. */
export type RoutingRule = z.infer<typeof routingRuleSchema>;

/** A GeoJSON feature collection of region polygons; each feature names its region in `properties.region`. */
export const regionPolygonsSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      properties: z.object({ region: z.union([z.string(), z.number()]).transform(String) }).passthrough(),
      geometry: z.union([
        z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(z.tuple([z.number(), z.number()]).rest(z.number()))) }),
        z.object({
          type: z.literal('MultiPolygon'),
          coordinates: z.array(z.array(z.array(z.tuple([z.number(), z.number()]).rest(z.number())))),
        }),
      ]),
    }),
  ),
});
/** Region polygons as the city configures them. */
export type RegionPolygons = z.infer<typeof regionPolygonsSchema>;

/**
 * Public statistics: counts under `minimumCount` are not published (the cell is marked suppressed),
 * so a count of one or two messages cannot point at a citizen.
 */
export const publicStatisticsSchema = z.strictObject({
  minimumCount: z.number().int().min(1).max(1000),
});
/** Public statistics settings. */
export type PublicStatistics = z.infer<typeof publicStatisticsSchema>;

/** Every policy and setting the server runs under, as stored in the `settings` table. */
export const settingsSchema = z.object({
  calendar: businessCalendarSchema,
  escalation: escalationPolicySchema,
  feedback: feedbackPolicySchema,
  feedbackBySystem: z.record(z.string(), feedbackPolicySchema).default({}),
  routing: z.array(routingRuleSchema).default([]),
  regions: regionPolygonsSchema.nullable().default(null),
  statistics: publicStatisticsSchema.default({ minimumCount: 5 }),
  /** How duplicates are found and linked (the defaults of `duplicatePolicySchema` when not set). */
  duplicates: z.preprocess((value) => value ?? {}, duplicatePolicySchema),
  /** The duplicate policy of a system, where it differs from `duplicates`. */
  duplicatesBySystem: z.record(z.string(), duplicatePolicySchema).default({}),
});
/** Every policy and setting. */
export type Settings = z.infer<typeof settingsSchema>;
/**
 * The whole policy document, as `PUT /staff/v1/policies` replaces it: every part present (none
 * filled in by a default), nothing unknown.
 */
export const settingsDocumentSchema = z.strictObject({
  calendar: businessCalendarSchema,
  escalation: escalationPolicySchema,
  feedback: feedbackPolicySchema,
  feedbackBySystem: z.record(z.string(), feedbackPolicySchema),
  routing: z.array(routingRuleSchema),
  regions: regionPolygonsSchema.nullable(),
  statistics: publicStatisticsSchema,
  // Parts added after the first release: a document written before them is still whole.
  duplicates: z.optional(duplicatePolicySchema),
  duplicatesBySystem: z.record(z.string(), duplicatePolicySchema).optional(),
});

/** The parts of the policy document a `PUT` may leave out (their defaults apply). */
export const OPTIONAL_SETTINGS_KEYS: ReadonlySet<keyof Settings> = new Set(['duplicates', 'duplicatesBySystem']);

/** The parts of the policy document, in order. */
export const SETTINGS_KEYS = Object.keys(settingsDocumentSchema.shape) as (keyof Settings)[];

/** A JSON value, as a merge patch holds them. */
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * Applies a JSON Merge Patch (RFC 7396) to a document: objects are merged key by key, `null`
 * removes a key, anything else (arrays included) replaces the value. Neither input is changed.
 */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const base: Record<string, unknown> = typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...(target as Record<string, Json>) } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete base[key];
    else base[key] = mergePatch(base[key], value);
  }
  return base;
}
