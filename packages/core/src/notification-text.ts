import type { Language } from './schemas/common.js';
import type { NotificationIntent } from './schemas/notification.js';
import { translate } from './i18n.js';
import type { TextParams } from './text-template.js';
import { toJalali } from './jalali.js';
import { toPersianDigits } from './text.js';

/** Characters in one segment of a multi-part SMS: UCS-2 (Persian) 67, GSM-7 (Latin) 153. */
const SEGMENT = { ucs2: 67, gsm: 153 } as const;

/** How many SMS segments a text takes (a single-segment UCS-2 text holds 70, GSM-7 160). */
export function smsSegments(text: string): number {
  // eslint-disable-next-line no-control-regex
  const ucs2 = /[^\x00-\x7F]/.test(text);
  const length = [...text].length;
  if (ucs2) return length <= 70 ? 1 : Math.ceil(length / SEGMENT.ucs2);
  return length <= 160 ? 1 : Math.ceil(length / SEGMENT.gsm);
}

/** A date for a short text: Jalali with Persian digits (`۱۴۰۵/۰۹/۰۷`), or ISO date in English. */
export function shortDate(instant: string, lang: Language, timeZone = 'Asia/Tehran'): string {
  if (lang === 'en') {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(instant));
  }
  const j = toJalali(new Date(instant), timeZone);
  return toPersianDigits(`${j.year}/${String(j.month).padStart(2, '0')}/${String(j.day).padStart(2, '0')}`);
}

/** The rendered texts of a notification in one language. */
export interface NotificationText {
  /** The SMS text, link included. */
  sms: string;
  /** The push notification's title. */
  title: string;
  /** The push notification's body. */
  body: string;
  /** The email: its subject (the title) and its plain text (the body, then the message's id and link). */
  email: { subject: string; text: string };
}

/**
 * Renders a notification intent into SMS, push and email texts. `link` is where the citizen acts
 * (the tracking page with the token); `trackingId` is the message's public id. `text` words a key
 * of core's texts (`notification.answered.sms`); by default core's own `translate`, a host's
 * i18next instance where it runs one.
 */
export function renderNotification(
  intent: NotificationIntent,
  options: {
    lang: Language;
    trackingId: string;
    link: string;
    unitName?: string;
    timeZone?: string;
    text?: (key: string, params: TextParams) => string;
  },
): NotificationText {
  const { lang } = options;
  const text = options.text ?? ((key: string, params: TextParams) => translate(lang, key, params));
  const date = intent.params.closesAt ? shortDate(intent.params.closesAt, lang, options.timeZone) : '';
  const id = lang === 'fa' ? toPersianDigits(options.trackingId) : options.trackingId;
  const params = { id, date, link: options.link, unit: options.unitName ?? intent.params.unitId ?? '' };
  const base = `notification.${intent.kind}`;
  const title = text(`${base}.title`, params);
  const body = text(`${base}.body`, params);
  return {
    sms: text(`${base}.sms`, params),
    title,
    body,
    email: { subject: title, text: `${body}\n\n${text('notification.email_footer', params)}\n` },
  };
}
