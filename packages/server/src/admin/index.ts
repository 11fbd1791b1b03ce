/**
 * Running a city: every administrative operation, each owned by one module, each validated with
 * the core schemas, written in one transaction with its audit entry and (for configuration) the
 * configuration version, so every server process picks the change up within a second. The staff
 * API (`/staff/v1/admin/…`) and the `payam` command line are thin layers over these functions.
 */
export { adminTransaction, auditQuerySchema, readAudit, recordAudit, type AdminActor, type AdminContext, type AuditEntry } from './audit.js';
export { AdminRefusal } from './refusal.js';
export { apiKeyCreateSchema, createApiKey, listApiKeys, revokeApiKey, type ApiKeyView, type NewApiKey } from './api-keys.js';
export {
  addStaffMember,
  changeStaffMember,
  issueStaffToken,
  listStaffMembers,
  removeStaffMember,
  revokeStaffToken,
  staffMemberChangeSchema,
  staffMemberCreateSchema,
  type NewStaffToken,
  type StaffMemberView,
  type StaffTokenView,
} from './staff.js';
export { listServices, listSystems, serviceFormVersions, setService, setSystem, type FormVersion, type ServiceView } from './forms.js';
export { listUnits, removeUnit, setUnit } from './units.js';
export { addHolidays, listHolidays, removeHolidays, setCalendar, showCalendar } from './calendar.js';
