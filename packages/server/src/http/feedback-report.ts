import ExcelJS from 'exceljs';
import { toJalali, toPersianDigits, type Language } from '@payam/core';
import { coreText, serverText } from '../texts.js';
import type { Catalog } from '../config/catalog.js';
import { toIso } from '../engine/context.js';
import { localized } from './views.js';

/** One feedback row of the report. */
export interface FeedbackReportRow {
  /** The message's tracking id. */
  id: string;
  /** Its system (`137`, `1888`). */
  system: string;
  /** Its service, when known. */
  service_code: string | null;
  /** Its region, when known. */
  region: string | null;
  /** The unit responsible for it. */
  unit_id: string;
  /** When it was registered (a database timestamp). */
  registered_at: unknown;
  /** When the feedback was given (a database timestamp). */
  at: unknown;
  /** `yes`, `partly` or `no`. */
  resolved: string;
  /** 1–5. */
  rating: number;
  /** The citizen's comment, as text. */
  comment: string | null;
}

/** A moment as the report writes it: Jalali with Persian digits in `fa`, ISO-like Gregorian in `en`. */
function reportDate(value: unknown, timeZone: string, lang: Language): string {
  const date = new Date(toIso(value));
  if (lang === 'en') {
    return new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(date);
  }
  const j = toJalali(date, timeZone);
  const time = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(date);
  return toPersianDigits(`${j.year}/${String(j.month).padStart(2, '0')}/${String(j.day).padStart(2, '0')} ${time}`);
}

/**
 * The feedback report (seed §7.3) as an Excel workbook, one row a feedback: by default one
 * right-to-left sheet with Persian headers and Jalali dates; in English, left to right with
 * Gregorian dates. Every header is a text of the server's i18next instance.
 */
export async function feedbackReport(catalog: Catalog, rows: readonly FeedbackReportRow[], lang: Language = 'fa'): Promise<Buffer> {
  const tz = catalog.settings.calendar.timeZone;
  const header = (key: string) => serverText(lang, `feedbackReport.${key}`, { min: 1, max: 5 });
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Payam';
  const sheet = workbook.addWorksheet(header('sheet'), { views: [{ rightToLeft: lang === 'fa', state: 'frozen', ySplit: 1 }] });
  const widths = { id: 16, system: 10, service: 28, region: 8, unit: 32, registered: 20, at: 20, resolved: 16, rating: 12, comment: 60 };
  sheet.columns = Object.entries(widths).map(([key, width]) => ({ header: header(key), key, width }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    const service = row.service_code ? catalog.services.get(row.service_code) : undefined;
    const unit = catalog.units.get(row.unit_id);
    sheet.addRow({
      id: row.id,
      system: row.system,
      service: service ? localized(service.name, lang) : (row.service_code ?? ''),
      region: row.region ?? '',
      unit: unit ? localized(unit.name, lang) : row.unit_id,
      registered: reportDate(row.registered_at, tz, lang),
      at: reportDate(row.at, tz, lang),
      resolved: coreText(lang, `resolved.${row.resolved}`),
      rating: row.rating,
      // Citizen text is written as a plain string: a leading "=" must not become a formula.
      comment: row.comment ?? '',
    });
  }
  sheet.eachRow((r) => {
    r.alignment = lang === 'fa' ? { horizontal: 'right', readingOrder: 'rtl', wrapText: true, vertical: 'top' } : { wrapText: true, vertical: 'top' };
  });
  const data = await workbook.xlsx.writeBuffer();
  return Buffer.from(data as ArrayBuffer);
}
