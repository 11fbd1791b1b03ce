import { CITIZEN_CHANNELS, publicStatusOf, readSnapshot, type CitizenChannel, type StaffMessage } from '@payam/core';
import { toIso } from '../engine/context.js';
import { MESSAGE_REFERENCE_KEYS } from '../access/index.js';

/** A message row as staff reads use it: everything but the contact details. */
export interface StaffMessageRow {
  id: string;
  system: string;
  service_code: string | null;
  description: string;
  region: string | null;
  address: string | null;
  lat: number | null;
  long: number | null;
  attributes: unknown;
  registered_at: unknown;
  updated_at: unknown;
  snapshot: unknown;
  form_version: number | null;
  timeline?: unknown;
}

/** The columns of {@link StaffMessageRow}. */
export const STAFF_COLUMNS =
  'm.id, m.system, m.service_code, m.description, m.region, m.address, m.lat, m.long, m.attributes, m.registered_at, m.updated_at, m.snapshot, m.form_version';

/** The whole timeline of a message, for a sub-select. */
export const STAFF_TIMELINE_SQL = `(SELECT COALESCE(json_agg(json_build_object('type', t.type, 'at', t.at, 'actorRole', t.actor_role, 'visibility', t.visibility, 'text', t.text, 'data', t.data) ORDER BY t.id), '[]'::json)
  FROM timeline t WHERE t.message_id = m.id)`;

function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** A message as staff see it (the queue leaves out the timeline). */
export function staffMessageView(row: StaffMessageRow): Omit<StaffMessage, 'timeline'>;
export function staffMessageView(row: StaffMessageRow, withTimeline: true): StaffMessage;
export function staffMessageView(row: StaffMessageRow, withTimeline = false): StaffMessage | Omit<StaffMessage, 'timeline'> {
  const snapshot = readSnapshot(row.snapshot);
  const c = snapshot.context;
  const view: Omit<StaffMessage, 'timeline'> = {
    id: row.id,
    system: row.system,
    serviceCode: c.serviceCode ?? row.service_code,
    description: row.description,
    region: row.region,
    address: row.address,
    lat: row.lat,
    long: row.long,
    attributes: json<Record<string, string | string[]>>(row.attributes) ?? {},
    state: snapshot.state,
    publicStatus: publicStatusOf(snapshot),
    unitId: c.unitId,
    escalationLevel: c.escalationLevel,
    overdue: c.overdue,
    firstMessageId: c.firstMessageId,
    linkedMessageIds: c.linkedMessageIds,
    deadline: c.deadline ? { stage: c.deadline.stage, dueAt: c.deadline.dueAt } : null,
    feedbackWindow: c.feedbackWindow,
    hasContact: Object.fromEntries(CITIZEN_CHANNELS.map((channel) => [channel, c.channels[channel] === true])) as Record<CitizenChannel, boolean>,
    formVersion: row.form_version,
    registeredAt: toIso(row.registered_at),
    updatedAt: toIso(row.updated_at),
  };
  if (!withTimeline) return view;
  const entries = json<{ type: StaffMessage['timeline'][number]['type']; at: string; actorRole: string; visibility: 'public' | 'staff'; text: string | null; data: Record<string, string | number | boolean | null> }[]>(row.timeline ?? '[]');
  return { ...view, timeline: entries.map((e) => ({ ...e, at: toIso(e.at), data: e.data ?? {} })) };
}

/** The ids of other messages a staff view names: its first message, its duplicates, timeline entries. */
export function referencedIds(view: Omit<StaffMessage, 'timeline'> & { timeline?: StaffMessage['timeline'] }): string[] {
  const ids = [...(view.firstMessageId ? [view.firstMessageId] : []), ...view.linkedMessageIds];
  for (const entry of view.timeline ?? []) {
    for (const key of MESSAGE_REFERENCE_KEYS) {
      const value = entry.data[key];
      if (typeof value === 'string') ids.push(value);
    }
  }
  return ids;
}

/** A staff view without the other messages `shown` refuses (their ids left out, as if unnamed). */
export function withoutUnseen<V extends Omit<StaffMessage, 'timeline'> & { timeline?: StaffMessage['timeline'] }>(view: V, shown: (id: string) => boolean): V {
  const timeline = view.timeline?.map((entry) => ({
    ...entry,
    data: Object.fromEntries(Object.entries(entry.data).filter(([key, value]) => !(MESSAGE_REFERENCE_KEYS.includes(key) && typeof value === 'string' && !shown(value)))),
  }));
  return {
    ...view,
    firstMessageId: view.firstMessageId && shown(view.firstMessageId) ? view.firstMessageId : null,
    linkedMessageIds: view.linkedMessageIds.filter(shown),
    ...(timeline ? { timeline } : {}),
  };
}
