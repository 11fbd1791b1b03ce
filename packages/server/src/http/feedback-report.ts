import ExcelJS from 'exceljs';
import { toJalali, toPersianDigits, translate } from '@payam/core';
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

function jalali(value: unknown, timeZone: string): string {
  const date = new Date(toIso(value));
  const j = toJalali(date, timeZone);
  const time = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(date);
  return toPersianDigits(`${j.year}/${String(j.month).padStart(2, '0')}/${String(j.day).padStart(2, '0')} ${time}`);
}

/**
 * The feedback report (seed §7.3) as an Excel workbook: one right-to-left sheet, Persian headers,
 * Jalali dates, one row a feedback.
 */
export async function feedbackReport(catalog: Catalog, rows: readonly FeedbackReportRow[]): Promise<Buffer> {
  const tz = catalog.settings.calendar.timeZone;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Payam';
  const sheet = workbook.addWorksheet('بازخوردها', { views: [{ rightToLeft: true, state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: 'شماره پیام', key: 'id', width: 16 },
    { header: 'سامانه', key: 'system', width: 10 },
    { header: 'خدمت', key: 'service', width: 28 },
    { header: 'منطقه', key: 'region', width: 8 },
    { header: 'واحد مسئول', key: 'unit', width: 32 },
    { header: 'تاریخ ثبت پیام', key: 'registered', width: 20 },
    { header: 'تاریخ بازخورد', key: 'at', width: 20 },
    { header: 'وضعیت رفع مشکل', key: 'resolved', width: 16 },
    { header: 'امتیاز (۱ تا ۵)', key: 'rating', width: 12 },
    { header: 'توضیح شهروند', key: 'comment', width: 60 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    const service = row.service_code ? catalog.services.get(row.service_code) : undefined;
    const unit = catalog.units.get(row.unit_id);
    sheet.addRow({
      id: row.id,
      system: row.system,
      service: service ? localized(service.name, 'fa') : (row.service_code ?? ''),
      region: row.region ?? '',
      unit: unit ? localized(unit.name, 'fa') : row.unit_id,
      registered: jalali(row.registered_at, tz),
      at: jalali(row.at, tz),
      resolved: translate('fa', `resolved.${row.resolved}`),
      rating: row.rating,
      // Citizen text is written as a plain string: a leading "=" must not become a formula.
      comment: row.comment ?? '',
    });
  }
  sheet.eachRow((r) => {
    r.alignment = { horizontal: 'right', readingOrder: 'rtl', wrapText: true, vertical: 'top' };
  });
  const data = await workbook.xlsx.writeBuffer();
  return Buffer.from(data as ArrayBuffer);
}
