/**
 * @payam/client: the typed client for Payam's public API (Open311 GeoReport v2 with Payam's
 * extensions) and its staff API, for browsers and Node 20. Answers are checked with the core's
 * zod schemas; failures are typed; registering a message is safe to retry.
 *
 * @packageDocumentation
 */
export {
  createClient,
  createRegistrationClient,
  createMessageClient,
  type PayamClient,
  type RegistrationClient,
  type MessageClient,
  type ClientOptions,
  type CallOptions,
  type CreateOptions,
  type GetRequestOptions,
  type CreatedMessage,
  type FrequencyQuery,
} from './client.js';
export {
  createStaffClient,
  type PayamStaffClient,
  type StaffClientOptions,
  type StaffQueue,
  type StaffQueueItem,
  type StaffActionBody,
  type QueueQuery,
  type QueueStatus,
  type FeedbackQuery,
} from './staff-client.js';
export { type SimilarMessage, type SimilarQuery } from './similar.js';
export { MAX_PHOTOS, type UploadedPhoto, type UploadOptions } from './photos.js';
export { OPEN311_MAX_ROWS, type ListFilters } from './request-pages.js';
export { toMessageView, type MessageView, type DetailedStatus, type TimelineItem, type FeedbackWindow } from './request-view.js';
export {
  PayamError,
  PayamApiError,
  PayamNetworkError,
  PayamTimeoutError,
  PayamResponseError,
  type ApiErrorItem,
  type LocalIssue,
} from './errors.js';
export type { ConnectionOptions, FetchFunction } from './transport.js';
