import * as z from '../zod.js';

// Its own module: the API's wire shapes name a stage without bringing in the policy schemas.
/** The handling stages whose time is limited and escalated when it runs out. */
export const stageSchema = z.enum(['triage', 'referral', 'response']);
/** A handling stage: `triage` (classify), `referral` (the unit takes it up), `response` (answer). */
export type Stage = z.infer<typeof stageSchema>;
