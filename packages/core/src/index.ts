/**
 * @payam/core: the domain of city citizen-message systems (137, 1888): schemas, the message
 * lifecycle, business calendar, escalation, duplicates, feedback window, public statuses, locales.
 * No DOM, no Node APIs: it runs in browsers and on servers alike.
 *
 * @packageDocumentation
 */
export {
  toLatinDigits,
  toPersianDigits,
  normalizeForMatching,
  normalizeIranianMobile,
  containsHtml,
  containsControlCharacters,
  normalizeLineBreaks,
} from './text.js';
export { V as validationMessages, messageTextKey, type ValidationMessageKey } from './validation-messages.js';
export {
  systemIdSchema,
  languageSchema,
  localizedTextSchema,
  instantSchema,
  codeSchema,
  idempotencyKeySchema,
  locationSchema,
  phoneSchema,
  latinDigits,
  citizenTextSchema,
  plainTextSchema,
  MAX_DESCRIPTION_LENGTH,
  MAX_PHOTOS_PER_MESSAGE,
  type SystemId,
  type Language,
  type LocalizedText,
  type Instant,
  type Location,
} from './schemas/common.js';
export {
  attributeDatatypeSchema,
  attributeValueSchema,
  serviceAttributeSchema,
  serviceConfigSchema,
  systemConfigSchema,
  type AttributeDatatype,
  type ServiceAttribute,
  type ServiceConfig,
  type ServiceConfigInput,
  type SystemConfig,
} from './schemas/service.js';
export { orgUnitSchema, orgTreeSchema, type OrgUnit } from './schemas/org.js';
export {
  workingPeriodSchema,
  jalaliDateSchema,
  businessCalendarSchema,
  stageSchema,
  escalationTargetSchema,
  stageLimitSchema,
  escalationRuleSchema,
  escalationPolicySchema,
  feedbackPolicySchema,
  duplicatePolicySchema,
  type DuplicatePolicy,
  type DuplicatePolicyInput,
  type WorkingPeriod,
  type BusinessCalendar,
  type BusinessCalendarInput,
  type Stage,
  type EscalationTarget,
  type StageLimit,
  type EscalationRule,
  type EscalationPolicy,
  type EscalationPolicyInput,
  type FeedbackPolicy,
  type FeedbackPolicyInput,
} from './schemas/policy.js';
export {
  contactSchema,
  participationConsentSchema,
  attributeAnswerSchema,
  messageInputSchema,
  followUpInputSchema,
  resolvedSchema,
  feedbackInputSchema,
  feedbackSchema,
  actorRoleSchema,
  type Contact,
  type ParticipationConsent,
  type MessageInput,
  type MessageInputInput,
  type FollowUpInput,
  type Resolved,
  type FeedbackInput,
  type Feedback,
  type ActorRole,
} from './schemas/message.js';
export {
  timelineEntryTypeSchema,
  timelineEntrySchema,
  type TimelineEntryType,
  type TimelineEntry,
} from './schemas/timeline.js';
export {
  notificationKindSchema,
  notificationChannelSchema,
  CITIZEN_CHANNELS,
  CHANNEL_CONTACT,
  reachableChannels,
  type CitizenChannel,
  notificationIntentSchema,
  type NotificationKind,
  type NotificationChannel,
  type NotificationIntent,
} from './schemas/notification.js';
export * from './schemas/api.js';
export {
  decodeRegistration,
  encodeRegistration,
  registrationCodec,
  registrationInputField,
  registrationWireField,
  registrationWireSchema,
  type RegistrationDefaults,
  type RegistrationWire,
} from './schemas/registration-wire.js';
export { zonedParts, zonedTimeToInstant, offsetMinutes, type ZonedParts } from './zoned-time.js';
export {
  toJalali,
  formatJalaliDate,
  jalaliMonthLength,
  jalaliToInstant,
  addJalaliMonths,
  addLocalDays,
  daysInJalaliMonths,
  type JalaliDate,
} from './jalali.js';
export { addBusinessHours, isHoliday, DEFAULT_TEHRAN_WEEK } from './business-calendar.js';
export {
  PERIOD_UNITS,
  periodStart,
  calendarPeriod,
  periodsBetween,
  parseStatisticsDate,
  type PeriodUnit,
  type CalendarPeriod,
} from './statistics-periods.js';
export { ruleFor, stageLimitFor, escalationTargetFor, ancestorsOf, type RuleSubject } from './lifecycle/escalation.js';
export {
  LIFECYCLE_STATES,
  type LifecycleState,
  type DeadlineStage,
  type Deadline,
  type Answer,
  type LifecycleContext,
  type LifecycleInput,
  type FirstMessageFacts,
  type Timed,
  type ByStaff,
  type LifecycleEvent,
  type LifecycleEventType,
  type LifecycleEffect,
  type LifecycleEffectType,
  type LifecycleEffectParams,
  LIFECYCLE_EFFECT_TYPES,
  type LifecycleEnvironment,
} from './lifecycle/types.js';
export { createLifecycleMachine, type LifecycleMachine } from './lifecycle/machine.js';
export { explainRefusal, type Refusal } from './lifecycle/refusals.js';
export { LIFECYCLE_RULES, brokenRule, type LifecycleRule, type RefusalCode, type RuleFacts } from './lifecycle/rules.js';
export { feedbackWindowOf, type FeedbackWindow } from './lifecycle/feedback-window.js';
export { createLifecycle, type Lifecycle, type ApplyResult } from './lifecycle/lifecycle.js';
export {
  isLifecycleSnapshot,
  readSnapshot,
  SnapshotFormatError,
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  SNAPSHOT_UPGRADES,
  type LifecycleSnapshot,
  type StoredSnapshot,
  type SnapshotUpgrade,
  type SnapshotProblem,
} from './lifecycle/snapshot.js';
export {
  PUBLIC_STATUSES,
  OPEN_STATUSES,
  CLOSED_STATUSES,
  STATUSES_OF,
  publicStatusOf,
  open311StatusOf,
  type PublicStatus,
  type Open311Status,
} from './status.js';
export {
  locales,
  translate,
  localizeIssues,
} from './i18n.js';
export { describeIssues, wordIssues, type IssueDescription, type LocalizedIssue } from './issue-text.js';
export { I18N_NAMESPACE, findText, fillText, type TextTree, type TextParams } from './text-template.js';
export { checkMessageAgainstService, asZodIssues, type RegistrationIssue, type RegisteredFacts } from './registration.js';
export { safeParseInput, safeParseInputFast, missingValueError } from './input-issues.js';
export { smsSegments, shortDate, renderNotification, type NotificationText } from './notification-text.js';
export {
  buildTrackingLink,
  parseTrackingLink,
  withoutCitizenToken,
  TRACKING_LINK_MESSAGE_PARAM,
  TRACKING_LINK_TOKEN_PARAM,
  type TrackingLink,
  type Address,
} from './tracking-link.js';
export { isInsideRegion, type RegionGeometry, type PolygonRings } from './region-shapes.js';
export { matchingWords, splitMatchingWords, characterGrams, matchingKeys, keysOfWords, type MatchingWords } from './matching/words.js';
export { distanceMetres, cellOf, cellsAround, CELL_DEGREES, type Point } from './matching/geo.js';
export {
  prepareForMatching,
  prepareFromWords,
  similarity,
  isCandidate,
  textSimilarity,
  duplicateDecision,
  describeSimilarity,
  type MatchableMessage,
  type PreparedMessage,
  type SimilarityReason,
  type SimilarityReasonCode,
  type Similarity,
} from './matching/similarity.js';
