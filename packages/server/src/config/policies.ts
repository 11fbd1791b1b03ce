import { z } from 'zod';
import {
  businessCalendarSchema,
  codeSchema,
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

/** Every policy and setting the server runs under, as stored in the `settings` table. */
export const settingsSchema = z.object({
  calendar: businessCalendarSchema,
  escalation: escalationPolicySchema,
  feedback: feedbackPolicySchema,
  feedbackBySystem: z.record(z.string(), feedbackPolicySchema).default({}),
  routing: z.array(routingRuleSchema).default([]),
  regions: regionPolygonsSchema.nullable().default(null),
});
/** Every policy and setting. */
export type Settings = z.infer<typeof settingsSchema>;
/** The settings a policy update may change (each one optional). */
export const settingsUpdateSchema = settingsSchema.partial().strict();
