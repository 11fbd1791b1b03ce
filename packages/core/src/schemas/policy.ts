// zod itself rather than ../zod.js: a schema only the server reads (see zod.ts).
import * as z from 'zod/mini';
import { codeSchema, systemIdSchema } from './common.js';
import * as V from '../configuration-messages.js';

const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const clockTime = z.string().check(z.regex(CLOCK_TIME, { error: V.calendarHours }));

/** A working period on one weekday (0 = Sunday … 6 = Saturday), local wall-clock time. */
export const workingPeriodSchema = z
  .object({
    day: z.number().check(z.int(), z.gte(0), z.lte(6)),
    start: clockTime,
    end: clockTime,
  })
  .check(
    // Zero-padded HH:MM compare as strings; a malformed time is reported once, by its own field.
    z.refine((p) => !CLOCK_TIME.test(p.start) || !CLOCK_TIME.test(p.end) || p.start < p.end, {
      error: V.calendarHours,
      path: ['end'],
    }),
  );
/** A working period on one weekday. */
export type WorkingPeriod = z.infer<typeof workingPeriodSchema>;

/** A Jalali date `YYYY-MM-DD` (for example `1404-01-01`, Nowruz). */
export const jalaliDateSchema = z
  .string()
  .check(z.regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { error: V.jalaliDate }));

/**
 * The business calendar deadlines are computed in: a time zone, the working periods of the week,
 * and holidays by Jalali date (a list per Jalali year, as the official calendar is published).
 */
export const businessCalendarSchema = z.object({
  timeZone: z._default(z.string(), 'Asia/Tehran'),
  week: z.array(workingPeriodSchema).check(z.minLength(1, { error: V.calendarEmpty })),
  holidays: z._default(z.array(jalaliDateSchema), []),
});
/** A business calendar. */
export type BusinessCalendar = z.infer<typeof businessCalendarSchema>;
/** A business calendar as written in config. */
export type BusinessCalendarInput = z.input<typeof businessCalendarSchema>;

export { stageSchema, type Stage } from './stage.js';

/** Where a message goes when a stage's time runs out: the parent unit, or a named unit. */
export const escalationTargetSchema = z.union([
  z.literal('parent'),
  z.object({ unitId: codeSchema }),
]);
/** Where a message goes when a stage's time runs out. */
export type EscalationTarget = z.infer<typeof escalationTargetSchema>;

/** One stage's limit. */
export const stageLimitSchema = z.object({
  businessHours: z.number({ error: V.businessHours }).check(z.positive({ error: V.businessHours })),
  escalateTo: z._default(escalationTargetSchema, 'parent'),
});
/** One stage's limit in business time and its escalation target. */
export type StageLimit = z.infer<typeof stageLimitSchema>;

/** An escalation rule; the most specific matching rule (unit, then service, then system) wins. */
export const escalationRuleSchema = z.object({
  match: z._default(
    z.object({
      system: z.optional(systemIdSchema),
      serviceCode: z.optional(codeSchema),
      unitId: z.optional(codeSchema),
    }),
    {},
  ),
  stages: z.object({
    triage: z.optional(stageLimitSchema),
    referral: z.optional(stageLimitSchema),
    response: z.optional(stageLimitSchema),
  }),
  /** Unit whose supervisor is told when a message is overdue at the root. */
  supervisorUnitId: z.optional(codeSchema),
  /** Whether the citizen is told (SMS/push) when the message is escalated. */
  notifyCitizen: z._default(z.boolean(), false),
});
/** An escalation rule. */
export type EscalationRule = z.infer<typeof escalationRuleSchema>;

/** The escalation policy: a default rule with every stage, and more specific rules. */
export const escalationPolicySchema = z.object({
  default: escalationRuleSchema.check(
    z.refine((rule) => rule.stages.triage && rule.stages.referral && rule.stages.response, {
      error: V.stageRequired,
    }),
  ),
  rules: z._default(z.array(escalationRuleSchema), []),
});
/** The escalation policy. */
export type EscalationPolicy = z.infer<typeof escalationPolicySchema>;
/** The escalation policy as written in config. */
export type EscalationPolicyInput = z.input<typeof escalationPolicySchema>;

/**
 * How long the citizen may give feedback after the answer, and whether "not resolved" reopens.
 * The window is never shorter than one calendar month (seed §2.2): a shorter policy is rejected.
 */
export const feedbackPolicySchema = z.object({
  window: z._default(
    z
      .object({
        months: z._default(z.number().check(z.int(), z.gte(0)), 1),
        days: z._default(z.number().check(z.int(), z.gte(0)), 0),
      })
      .check(z.refine((w) => w.months >= 1 || w.days >= 31, { error: V.feedbackWindowTooShort })),
    { months: 1, days: 0 },
  ),
  /** Whether feedback "not resolved" reopens the message. */
  reopenOnUnresolved: z._default(z.boolean(), true),
  /** How many times one message may be reopened. */
  maxReopens: z._default(z.number().check(z.int(), z.gte(0)), 2),
});
/** The feedback policy. */
export type FeedbackPolicy = z.infer<typeof feedbackPolicySchema>;
/** The feedback policy as written in config. */
export type FeedbackPolicyInput = z.input<typeof feedbackPolicySchema>;

const share = z.number().check(z.gte(0), z.lte(1));

/**
 * How a system finds duplicates: above `linkAt` a new message is linked at registration to its
 * open first message; from `suggestAt` up it is suggested to staff. Candidates are messages of the
 * same system and privacy registered within `windowDays` of it, within about `radiusMetres` (or in
 * its region when a message has no location); `relatedServices` names services a citizen may pick
 * for the same problem across service groups (services of one group are related already).
 */
export const duplicatePolicySchema = z
  .object({
    /** Whether the system looks for duplicates at all. */
    enabled: z._default(z.boolean(), true),
    /** From this score up a new message is linked to its first message without staff. */
    linkAt: z._default(share, 0.8),
    /** From this score up a message is suggested to staff. */
    suggestAt: z._default(share, 0.5),
    /** How far apart in time two messages of one matter may be registered. */
    windowDays: z._default(z.number().check(z.int(), z.gte(1), z.lte(365)), 30),
    /** Beyond this distance two located messages are not the same place. */
    radiusMetres: z._default(z.number().check(z.gte(50), z.lte(2000)), 400),
    /** Pairs of service codes of different groups that citizens use for the same problem. */
    relatedServices: z._default(z.array(z.tuple([codeSchema, codeSchema])), []),
  })
  .check(
    z.refine((p) => p.suggestAt <= p.linkAt, {
      error: 'suggestAt must not be above linkAt.',
      path: ['suggestAt'],
    }),
  );
/** How a system finds duplicates. */
export type DuplicatePolicy = z.infer<typeof duplicatePolicySchema>;
/** How a system finds duplicates, as written in config. */
export type DuplicatePolicyInput = z.input<typeof duplicatePolicySchema>;
