/**
 * The friendly view of a service request: camelCase names, `Date` objects for every time, and
 * Payam's extensions (detailed status, timeline, duplicate link, feedback window) as plain fields.
 */
import type { Open311Request, PublicNote, RequestExtendedAttributes } from '@payam/core/schemas/api';
import type { PublicStatus } from '@payam/core/status';

/** One entry of the public timeline (history) the citizen sees. */
export interface TimelineItem {
  /** What happened: `registered`, `follow_up`, `answered`, `feedback`, `escalated`, … */
  type: PublicNote['type'];
  /** When it happened. */
  at: Date;
  /** The entry's title, in the client's language. */
  summary: string;
  /** The entry's text (the answer, the follow-up, the comment), plain text: render it as text, never as HTML. */
  text: string | null;
  /** Details without personal data (units, stage, rating, …). */
  data: PublicNote['data'];
}

/** The detailed status: what is happening to the message and what happens next. */
export interface DetailedStatus {
  /** A stable code such as `in_progress` or `answered`. */
  code: PublicStatus;
  /** A short label, in the client's language. */
  label: string;
  /** What is happening and what happens next, in the client's language. */
  explanation: string;
}

/** The window in which the citizen may give feedback on the answer. */
export interface FeedbackWindow {
  /** When it opened (the answer's time). */
  opensAt: Date;
  /** When it closes; feedback after this is refused. */
  closesAt: Date;
  /** Whether feedback is accepted now (as the server judged it when answering). */
  open: boolean;
}

/**
 * A message (service request) as the public API shows it. Times are `Date` objects; `raw` keeps
 * the Open311 record as received, for fields this view does not name.
 */
export interface MessageView {
  /** The tracking id. */
  id: string;
  /** The system (Open311 jurisdiction), `137` or `1888`; `null` when the server did not say. */
  system: string | null;
  /** Open311's coarse status. */
  status: Open311Request['status'];
  /** The detailed status; `null` only when the server does not offer Payam's extensions. */
  detailedStatus: DetailedStatus | null;
  /** The service, when one was chosen. */
  service: { code: string; name: string | null } | null;
  /** The citizen's text (public messages only). Plain text. */
  description: string | null;
  /** The latest public note on the status. */
  statusNotes: string | null;
  /** The unit responsible. */
  agencyResponsible: string | null;
  /** A notice about the service, e.g. the expected handling time. */
  serviceNotice: string | null;
  /** When the message was registered. */
  requestedAt: Date;
  /** When it last changed. */
  updatedAt: Date;
  /** When an answer is expected, when known. */
  expectedAt: Date | null;
  /** The address given. */
  address: string | null;
  /** The point on the map, when given. */
  location: { lat: number; long: number } | null;
  /** The region, when given. */
  region: string | null;
  /** A photo or document link. */
  mediaUrl: string | null;
  /** The public timeline, oldest first. */
  timeline: TimelineItem[];
  /** Whether it was linked as a duplicate of a first message (it then follows that message). */
  isDuplicate: boolean;
  /** The first message's id when this one is a duplicate (Open311 `parent_service_request_id`). */
  firstMessageId: string | null;
  /** @deprecated The same as {@link MessageView.firstMessageId}, by its former name. */
  duplicateOf: string | null;
  /** How many messages are linked to this one as duplicates. */
  linkedCount: number;
  /** The feedback window, once the message is answered. */
  feedbackWindow: FeedbackWindow | null;
  /** What the citizen may do now with the citizen token. */
  accepts: RequestExtendedAttributes['accepts'];
  /** How many times the message was escalated. */
  escalationLevel: number;
  /** The handling stage whose deadline runs, and that deadline. */
  stage: { name: NonNullable<RequestExtendedAttributes['stage']>; dueAt: Date | null } | null;
  /** Whether it is private (1888 complaints about staff): seen only with the citizen token. */
  private: boolean;
  /** For suggestions: whether it is published on the participation platform, and where. */
  suggestion: RequestExtendedAttributes['suggestion'];
  /** The Open311 record as received. */
  raw: Open311Request;
}

const date = (iso: string): Date => new Date(iso);
const maybeDate = (iso: string | null | undefined): Date | null => (iso ? new Date(iso) : null);

/** Builds the {@link MessageView} of an Open311 request (fetched with `extensions=true`). */
export function toMessageView(raw: Open311Request): MessageView {
  const ext = raw.extended_attributes;
  // Without Payam's extensions, each of their fields reads as its default.
  const {
    jurisdiction_id: system = null,
    region = null,
    duplicate = false,
    parent_service_request_id: firstMessageId = null,
    linked_count: linkedCount = 0,
    feedback_window: window,
    accepts = 'nothing',
    escalation_level: escalationLevel = 0,
    stage,
    private: isPrivate = false,
    suggestion = null,
  } = ext ?? {};
  return {
    id: raw.service_request_id,
    system,
    status: raw.status,
    detailedStatus: ext
      ? { code: ext.detailed_status, label: ext.detailed_status_label, explanation: ext.detailed_status_explanation }
      : null,
    service: raw.service_code ? { code: raw.service_code, name: raw.service_name } : null,
    description: raw.description,
    statusNotes: raw.status_notes,
    agencyResponsible: raw.agency_responsible,
    serviceNotice: raw.service_notice,
    requestedAt: date(raw.requested_datetime),
    updatedAt: date(raw.updated_datetime),
    expectedAt: maybeDate(raw.expected_datetime),
    address: raw.address,
    location: raw.lat !== null && raw.long !== null ? { lat: raw.lat, long: raw.long } : null,
    region,
    mediaUrl: raw.media_url,
    timeline: (raw.notes ?? []).map((note) => ({
      type: note.type,
      at: date(note.datetime),
      summary: note.summary,
      text: note.description,
      data: note.data,
    })),
    isDuplicate: duplicate,
    firstMessageId,
    duplicateOf: firstMessageId,
    linkedCount,
    feedbackWindow: window ? { opensAt: date(window.opens_at), closesAt: date(window.closes_at), open: window.open } : null,
    accepts,
    escalationLevel,
    stage: stage ? { name: stage, dueAt: maybeDate(ext?.stage_due_datetime) } : null,
    private: isPrivate,
    suggestion,
    raw,
  };
}
