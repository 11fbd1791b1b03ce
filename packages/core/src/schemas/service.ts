import * as z from '../zod.js';
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
  key: z.string().check(z.minLength(1)),
  name: localizedTextSchema,
});

/** One field of a service's form (an Open311 attribute), with text in fa and en. */
export const serviceAttributeSchema = z
  .object({
    code: codeSchema,
    datatype: attributeDatatypeSchema,
    /** `false` marks an informational attribute the citizen does not fill in. */
    variable: z._default(z.boolean(), true),
    required: z._default(z.boolean(), false),
    description: localizedTextSchema,
    datatypeDescription: z.optional(localizedTextSchema),
    order: z._default(z.number().check(z.int(), z.gte(0)), 0),
    values: z.optional(z.array(attributeValueSchema)),
  })
  .check(
    z.refine((a) => !a.datatype.endsWith('valuelist') || (a.values && a.values.length > 0), {
      error: 'A list attribute needs at least one value.',
      path: ['values'],
    }),
  );
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
  description: z.optional(localizedTextSchema),
  group: z.optional(localizedTextSchema),
  keywords: z._default(z.array(z.string()), []),
  type: z._default(z.enum(['realtime', 'batch', 'blackbox']), 'realtime'),
  attributes: z._default(z.array(serviceAttributeSchema), []),
  /** Shown to the citizen above the form: what to write, what happens next. */
  guidance: z.optional(localizedTextSchema),
  requires: z._default(
    z.object({ region: z._default(z.boolean(), false), address: z._default(z.boolean(), false) }),
    { region: false, address: false },
  ),
  /**
   * `private` services (complaints about staff): their messages are private from registration on,
   * readable only with the citizen token or by staff in scope, and never counted publicly. A
   * message reclassified into a private service becomes private; none becomes public again.
   */
  visibility: z._default(z.enum(['public', 'private']), 'public'),
  /** Whether a message of this service may be a suggestion for the participation platform. */
  suggestionsAllowed: z._default(z.boolean(), false),
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
  serviceRequired: z._default(z.boolean(), false),
  /** The unit that triages this system's messages. */
  intakeUnitId: codeSchema,
  /**
   * A confidential system (the 1888 inspection line): every message of it is private whatever its
   * service, from registration on, even one registered without a service.
   */
  confidential: z._default(z.boolean(), false),
});
/** A system's configuration. */
export type SystemConfig = z.infer<typeof systemConfigSchema>;
