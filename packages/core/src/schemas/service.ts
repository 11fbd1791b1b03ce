import { z } from 'zod';
import { codeSchema, localizedTextSchema, systemIdSchema } from './common.js';

/** The Open311 attribute datatypes. */
export const attributeDatatypeSchema = z.enum([
  'string',
  'number',
  'datetime',
  'text',
  'singlevaluelist',
  'multivaluelist',
]);
/** An Open311 attribute datatype. */
export type AttributeDatatype = z.infer<typeof attributeDatatypeSchema>;

/** One allowed value of a list attribute. */
export const attributeValueSchema = z.object({
  key: z.string().min(1),
  name: localizedTextSchema,
});

/** One field of a service's form (an Open311 attribute), with text in fa and en. */
export const serviceAttributeSchema = z
  .object({
    code: codeSchema,
    datatype: attributeDatatypeSchema,
    /** `false` marks an informational attribute the citizen does not fill in. */
    variable: z.boolean().default(true),
    required: z.boolean().default(false),
    description: localizedTextSchema,
    datatypeDescription: localizedTextSchema.optional(),
    order: z.number().int().nonnegative().default(0),
    values: z.array(attributeValueSchema).optional(),
  })
  .refine((a) => !a.datatype.endsWith('valuelist') || (a.values && a.values.length > 0), {
    error: 'A list attribute needs at least one value.',
    path: ['values'],
  });
/** One field of a service's form. */
export type ServiceAttribute = z.infer<typeof serviceAttributeSchema>;

/**
 * A service (Open311 service definition) with Payam's extensions: guidance text, which of region
 * and address are required (optional by default, seed §8), visibility and whether a message may be
 * a suggestion for the participation platform. Forms are data: replacing a form is a config change.
 */
export const serviceConfigSchema = z.object({
  system: systemIdSchema,
  code: codeSchema,
  name: localizedTextSchema,
  description: localizedTextSchema.optional(),
  group: localizedTextSchema.optional(),
  keywords: z.array(z.string()).default([]),
  type: z.enum(['realtime', 'batch', 'blackbox']).default('realtime'),
  attributes: z.array(serviceAttributeSchema).default([]),
  /** Shown to the citizen above the form: what to write, what happens next. */
  guidance: localizedTextSchema.optional(),
  requires: z
    .object({ region: z.boolean().default(false), address: z.boolean().default(false) })
    .default({ region: false, address: false }),
  /** `private` services (complaints about staff) never appear in public lists. */
  visibility: z.enum(['public', 'private']).default('public'),
  /** Whether a message of this service may be a suggestion for the participation platform. */
  suggestionsAllowed: z.boolean().default(false),
});
/** A service definition as configured (defaults applied). */
export type ServiceConfig = z.infer<typeof serviceConfigSchema>;
/** A service definition as written in config (defaults may be left out). */
export type ServiceConfigInput = z.input<typeof serviceConfigSchema>;

/** A system (channel) and its policies for registration. */
export const systemConfigSchema = z.object({
  id: systemIdSchema,
  name: localizedTextSchema,
  /** Whether a message must name a service; when not, messages without one go to triage. */
  serviceRequired: z.boolean().default(false),
  /** The unit that triages this system's messages. */
  intakeUnitId: codeSchema,
});
/** A system's configuration. */
export type SystemConfig = z.infer<typeof systemConfigSchema>;
