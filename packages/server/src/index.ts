/**
 * @payam/server: Payam's reference backend. The public Open311 GeoReport v2 API with Payam's
 * extensions, the staff API, PGlite or PostgreSQL storage, deadline timers and a notification outbox.
 *
 * @packageDocumentation
 */
export { startServer, openDatabase, type ServerOptions, type RunningServer } from './server.js';
export { createApp, type AppOptions } from './http/app.js';
export { openApiDocument, API_ROUTES } from './http/openapi.js';
export { defineRoute, routesOf, serve, type RouteSpec, type RouteGroup, type RouteAnswer, type RouteBody, type InputOf, type ServeOptions } from './http/route.js';
export { issuesProblem, type ValidInput, type BodyDecoder } from './http/validation.js';
export { CREDENTIAL_CACHE_DEFAULTS, type CredentialCacheOptions } from './http/credentials.js';
export { RATE_LIMIT_DEFAULTS, parseRateLimit, rateLimitsFromEnv, type RateLimit, type RateLimitName, type RateLimitOptions } from './http/rate-limits.js';
export type { Database, Queryable, SqlValue } from './db/database.js';
export { migrate } from './db/migrate.js';
export { loadCatalog, loadDemoData, routeMessage, sha256, type Catalog } from './config/catalog.js';
export { settingsSchema, routingRuleSchema, regionPolygonsSchema, type Settings, type RoutingRule, type RegionPolygons } from './config/policies.js';
export { DEMO_API_KEY, demoStaffTokens, type StaffRole } from './config/demo-data.js';
export { regionAt } from './config/regions.js';
export { PublicAddress, checkPublicUrl, publicAddressFromEnvironment } from './config/public-address.js';
export { createLogger, type ServerContext, type Logger, type LogFields } from './engine/context.js';
export { Worker, type WorkerOptions, type WorkerRun } from './engine/worker.js';
export {
  kavenegarSms,
  httpWebhook,
  webPush,
  signedWebhookBridge,
  feedBridge,
  devLog,
  type NotificationAdapters,
  type SmsSender,
  type PushSender,
  type UnitNotifier,
  type ParticipationBridge,
} from './notify/adapters.js';
export { candidateRows, rankSimilar, matchRows, preparedRow, similarView, type MatchRow, type SimilarMessage } from './duplicates/candidates.js';
export { duplicatePolicyOf, serviceGroupOf, matchingColumns, type MatchingColumns } from './duplicates/matching.js';
export { linkOnRegistration, fillMatchingKeys } from './duplicates/auto-link.js';
export { similarMessagesSchema, similarityReasonSchema, dismissalSchema, type SimilarMessages } from './http/similar-api.js';
export {
  smsChannel,
  pushChannel,
  emailChannel,
  devLogChannel,
  channelRegistry,
  type ChannelAdapter,
  type CitizenNotice,
  type Delivery,
  type EmailOptions,
} from './notify/channels.js';
export { OutboxSender, type OutboxOptions, type OutboxRun } from './notify/outbox.js';
export { ServerMetrics } from './ops/metrics.js';
export { operationsRoutes, type OperationsOptions } from './http/operations.js';
export { CatalogWatcher, configurationChanged, configurationVersion } from './config/catalog-watch.js';
export { parseDatabaseUrl, DatabaseUrlError, type DatabaseAddress } from './db/database-url.js';
export { lockFolder, FolderLockedError, type FolderLock } from './db/folder-lock.js';
export {
  AdminRefusal,
  addHolidays,
  addStaffMember,
  changeStaffMember,
  createApiKey,
  issueStaffToken,
  listApiKeys,
  listHolidays,
  listServices,
  listStaffMembers,
  listSystems,
  listUnits,
  readAudit,
  removeHolidays,
  removeStaffMember,
  removeUnit,
  revokeApiKey,
  revokeStaffToken,
  serviceFormVersions,
  setCalendar,
  setService,
  setSystem,
  setUnit,
  showCalendar,
  type AdminActor,
  type AdminContext,
  type ApiKeyView,
  type AuditEntry,
  type FormVersion,
  type NewApiKey,
  type NewStaffToken,
  type ServiceView,
  type StaffMemberView,
  type StaffTokenView,
} from './admin/index.js';
export { serverI18n, createServerI18n, serverText, SERVER_NAMESPACE, OPENAPI_NAMESPACE } from './texts.js';
