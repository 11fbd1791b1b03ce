import {
  open311StatusOf,
  publicStatusOf,
  readSnapshot,
  shortDate,
  type Language,
  type LifecycleSnapshot,
  type Open311Attribute,
  type Open311Request,
  type Open311Service,
  type Open311ServiceDefinition,
  type PublicNote,
  type RequestExtendedAttributes,
  type ServiceConfig,
  type LocalizedText,
} from '@payam/core';
import type { Catalog } from '../config/catalog.js';
import { isPrivate, MESSAGE_REFERENCE_KEYS, namesOtherMessages, suggestionsAllowed } from '../access/index.js';
import { toIso } from '../engine/context.js';
import { coreText } from '../texts.js';

/** A text in `lang`, Persian when the English is missing. */
export function localized(value: LocalizedText | undefined, lang: Language): string {
  if (!value) return '';
  return lang === 'en' ? (value.en ?? value.fa) : value.fa;
}

/** A service as GET /services lists it. */
export function serviceView(catalog: Catalog, service: ServiceConfig, lang: Language, extensions: boolean): Open311Service {
  return {
    service_code: service.code,
    service_name: localized(service.name, lang),
    description: localized(service.description, lang),
    metadata: service.attributes.length > 0,
    type: service.type,
    keywords: service.keywords.join(','),
    group: localized(service.group, lang),
    ...(extensions
      ? {
          extended_attributes: {
            jurisdiction_id: service.system,
            guidance: service.guidance ? localized(service.guidance, lang) : null,
            requires_region: service.requires.region,
            requires_address: service.requires.address,
            suggestions_allowed: suggestionsAllowed(catalog, service),
          },
        }
      : {}),
  };
}

/** A service definition as GET /services/{code} gives it. */
export function serviceDefinitionView(service: ServiceConfig, lang: Language): Open311ServiceDefinition {
  return {
    service_code: service.code,
    attributes: [...service.attributes]
      .sort((a, b) => a.order - b.order)
      .map(
        (a): Open311Attribute => ({
          variable: a.variable,
          code: a.code,
          datatype: a.datatype,
          required: a.required,
          datatype_description: localized(a.datatypeDescription, lang),
          order: a.order,
          description: localized(a.description, lang),
          ...(a.values ? { values: a.values.map((v) => ({ key: v.key, name: localized(v.name, lang) })) } : {}),
        }),
      ),
  };
}

/** A message row as the public reads use it (no contact details: those are never selected). */
export interface PublicMessageRow {
  id: string;
  system: string;
  service_code: string | null;
  description: string;
  lat: number | null;
  long: number | null;
  address: string | null;
  region: string | null;
  media_url: string | null;
  private: boolean;
  registered_at: unknown;
  updated_at: unknown;
  snapshot: unknown;
  notes?: unknown;
}

/** The columns of {@link PublicMessageRow}. */
export const PUBLIC_COLUMNS =
  'm.id, m.system, m.service_code, m.description, m.lat, m.long, m.address, m.region, m.media_url, m.private, m.registered_at, m.updated_at, m.snapshot';

/** The public timeline of a message as a JSON array, for a sub-select. */
export const PUBLIC_NOTES_SQL = `(SELECT COALESCE(json_agg(json_build_object('type', t.type, 'at', t.at, 'text', t.text, 'data', t.data) ORDER BY t.id), '[]'::json)
  FROM timeline t WHERE t.message_id = m.id AND t.visibility = 'public')`;

function parseJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

type NoteRow = { type: PublicNote['type']; at: string; text: string | null; data: Record<string, string | number | boolean | null> };

function unitName(catalog: Catalog, id: unknown, lang: Language): string {
  if (typeof id !== 'string') return '';
  const unit = catalog.units.get(id);
  return unit ? localized(unit.name, lang) : id;
}

/** A public timeline entry in `lang`; without other messages' ids when `namesOthers` is false. */
export function noteView(catalog: Catalog, row: NoteRow, lang: Language, namesOthers = true): PublicNote {
  const data = namesOthers ? (row.data ?? {}) : Object.fromEntries(Object.entries(row.data ?? {}).filter(([key]) => !MESSAGE_REFERENCE_KEYS.includes(key)));
  const params: Record<string, string | number> = {
    toUnit: unitName(catalog, data.toUnitId, lang),
    fromUnit: unitName(catalog, data.fromUnitId, lang),
    unit: unitName(catalog, data.unitId, lang),
    dueAt: typeof data.dueAt === 'string' ? shortDate(data.dueAt, lang, catalog.settings.calendar.timeZone) : '',
    firstMessageId: typeof data.firstMessageId === 'string' ? data.firstMessageId : '',
  };
  return {
    type: row.type,
    datetime: toIso(row.at),
    summary: coreText(lang, `timeline.${row.type}`, params),
    description: row.text ?? null,
    data,
  };
}

/** What the citizen may do now with the citizen token. */
export function acceptsOf(catalog: Catalog, snapshot: LifecycleSnapshot, now: Date): RequestExtendedAttributes['accepts'] {
  const at = now.toISOString();
  if (catalog.lifecycle.can(snapshot, { type: 'FOLLOW_UP', text: 'x', at })) return 'follow_up';
  if (catalog.lifecycle.can(snapshot, { type: 'FEEDBACK', resolved: 'yes', rating: 5, at })) return 'feedback';
  return 'nothing';
}

/** A message as GET /requests gives it, with `notes` and `extended_attributes` when `extensions`. */
export function requestView(catalog: Catalog, row: PublicMessageRow, lang: Language, extensions: boolean, now: Date): Open311Request {
  const snapshot = readSnapshot(row.snapshot);
  const context = snapshot.context;
  const status = publicStatusOf(snapshot);
  const privacy = { system: row.system, serviceCode: context.serviceCode ?? row.service_code, private: row.private };
  const namesOthers = namesOtherMessages(catalog, privacy);
  const service = row.service_code ? catalog.services.get(row.service_code) : undefined;
  const serviceCode = context.serviceCode ?? row.service_code;
  const handlingDeadline = context.deadline && context.deadline.stage !== 'feedback' ? context.deadline : null;
  const view: Open311Request = {
    service_request_id: row.id,
    status: open311StatusOf(status),
    status_notes: context.answer?.text ?? null,
    service_name: service ? localized(service.name, lang) : null,
    service_code: serviceCode,
    description: row.description,
    agency_responsible: unitName(catalog, context.unitId, lang) || null,
    service_notice: null,
    requested_datetime: toIso(row.registered_at),
    updated_datetime: toIso(row.updated_at),
    expected_datetime: handlingDeadline?.dueAt ?? null,
    address: row.address,
    address_id: null,
    zipcode: null,
    lat: row.lat,
    long: row.long,
    media_url: row.media_url,
  };
  if (!extensions) return view;
  const window = context.feedbackWindow;
  view.extended_attributes = {
    jurisdiction_id: row.system,
    detailed_status: status,
    detailed_status_label: coreText(lang, `status.${status}.label`),
    detailed_status_explanation: coreText(lang, `status.${status}.explanation`),
    duplicate: context.firstMessageId !== null,
    parent_service_request_id: namesOthers ? context.firstMessageId : null,
    linked_count: context.linkedMessageIds.length,
    feedback_window: window
      ? {
          opens_at: window.opensAt,
          closes_at: window.closesAt,
          open: context.feedback === null && now.getTime() >= Date.parse(window.opensAt) && now.getTime() < Date.parse(window.closesAt),
        }
      : null,
    accepts: acceptsOf(catalog, snapshot, now),
    escalation_level: context.escalationLevel,
    stage: handlingDeadline ? (handlingDeadline.stage as RequestExtendedAttributes['stage']) : null,
    stage_due_datetime: handlingDeadline?.dueAt ?? null,
    region: row.region,
    private: isPrivate(catalog, privacy),
    suggestion: context.suggestion
      ? { published: context.suggestion.publishedAt !== null, url: context.suggestion.url, consented: context.suggestion.consentTextVersion !== null }
      : null,
  };
  view.notes = parseJson<NoteRow[] | null>(row.notes ?? '[]')?.map((n) => noteView(catalog, n, lang, namesOthers)) ?? [];
  return view;
}
