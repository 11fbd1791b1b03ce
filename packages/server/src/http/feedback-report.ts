import type ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { toJalali, toPersianDigits, type FeedbackGroup, type Language } from '@payam/core';
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

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter a zone and style: building an `Intl.DateTimeFormat` costs far more than using one. */
function formatter(timeZone: string, style: 'en' | 'time'): Intl.DateTimeFormat {
  const key = `${style}|${timeZone}`;
  let found = formatters.get(key);
  if (!found) {
    found =
      style === 'en'
        ? new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' })
        : new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false });
    formatters.set(key, found);
  }
  return found;
}

/** A moment as the report writes it: Jalali with Persian digits in `fa`, ISO-like Gregorian in `en`. */
function reportDate(value: unknown, timeZone: string, lang: Language): string {
  const date = new Date(toIso(value));
  if (lang === 'en') return formatter(timeZone, 'en').format(date);
  const j = toJalali(date, timeZone);
  const time = formatter(timeZone, 'time').format(date);
  return toPersianDigits(`${j.year}/${String(j.month).padStart(2, '0')}/${String(j.day).padStart(2, '0')} ${time}`);
}

/** The summary columns: the analytics of one unit and service. */
const SUMMARY_MEASURES = [
  ['answered', (g: FeedbackGroup) => g.answered],
  ['feedback', (g: FeedbackGroup) => g.feedback],
  ['responseRate', (g: FeedbackGroup) => g.responseRate ?? ''],
  ['resolvedYes', (g: FeedbackGroup) => g.resolved.yes],
  ['resolvedPartly', (g: FeedbackGroup) => g.resolved.partly],
  ['resolvedNo', (g: FeedbackGroup) => g.resolved.no],
  ['averageRating', (g: FeedbackGroup) => g.averageRating ?? ''],
  ['closedWithoutFeedback', (g: FeedbackGroup) => g.closedWithoutFeedback],
  ['reopened', (g: FeedbackGroup) => g.reopened],
] as const;

/**
 * The feedback report (seed §7.3) as an Excel workbook written to `output` as it is built, so a
 * report of a hundred thousand rows needs no more memory than one page of them: a summary sheet
 * by unit and service (the feedback analytics of the period), then one row a feedback. In Persian
 * (the default) the sheets run right to left with Persian headers and Jalali dates; in English,
 * left to right with Gregorian dates. Every header is a text of the server's i18next instance.
 */
export async function writeFeedbackReport(
  catalog: Catalog,
  summary: readonly FeedbackGroup[],
  pages: AsyncIterable<readonly FeedbackReportRow[]>,
  output: Writable,
  lang: Language = 'fa',
): Promise<void> {
  const tz = catalog.settings.calendar.timeZone;
  const header = (key: string) => serverText(lang, `feedbackReport.${key}`, { min: 1, max: 5 });
  const view = { rightToLeft: lang === 'fa', state: 'frozen' as const, ySplit: 1 };
  const alignment: Partial<ExcelJS.Alignment> =
    lang === 'fa' ? { horizontal: 'right', readingOrder: 'rtl', wrapText: true, vertical: 'top' } : { wrapText: true, vertical: 'top' };
  // Loaded when a report is first written: exceljs is a large module, and a server that never
  // writes a report (most processes, every test server) need not spend its start loading it.
  const { default: excel } = await import('exceljs');
  const workbook = new excel.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Payam';
  // Names and texts repeat on every row: each is looked up once.
  const memo = <K, V>(fn: (key: K) => V) => {
    const seen = new Map<K, V>();
    return (key: K): V => {
      if (!seen.has(key)) seen.set(key, fn(key));
      return seen.get(key) as V;
    };
  };
  const unitName = memo((id: string) => {
    const unit = catalog.units.get(id);
    return unit ? localized(unit.name, lang) : id;
  });
  const serviceName = memo((code: string | null | undefined) => {
    const service = code ? catalog.services.get(code) : undefined;
    return service ? localized(service.name, lang) : (code ?? '');
  });
  const resolvedText = memo((resolved: string) => coreText(lang, `resolved.${resolved}`));

  const totals = workbook.addWorksheet(header('summarySheet'), { views: [view] });
  totals.columns = [
    { header: header('unit'), key: 'unit', width: 32 },
    { header: header('service'), key: 'service', width: 28 },
    ...SUMMARY_MEASURES.map(([key]) => ({ header: header(key), key, width: 14 })),
  ];
  totals.getRow(1).font = { bold: true };
  for (const group of summary) {
    const row = totals.addRow({
      unit: unitName(group.unit_id ?? ''),
      service: serviceName(group.service_code),
      ...Object.fromEntries(SUMMARY_MEASURES.map(([key, value]) => [key, value(group)])),
    });
    row.alignment = alignment;
    row.commit();
  }
  totals.commit();

  const sheet = workbook.addWorksheet(header('sheet'), { views: [view] });
  const widths = { id: 16, system: 10, service: 28, region: 8, unit: 32, registered: 20, at: 20, resolved: 16, rating: 12, comment: 60 };
  // Alignment set once a column: a style on each row's cells costs more than the rest of the row.
  sheet.columns = Object.entries(widths).map(([key, width]) => ({ header: header(key), key, width, style: { alignment } }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).alignment = alignment;
  for await (const page of pages) {
    for (const item of page) {
      const row = sheet.addRow({
        id: item.id,
        system: item.system,
        service: serviceName(item.service_code),
        region: item.region ?? '',
        unit: unitName(item.unit_id),
        registered: reportDate(item.registered_at, tz, lang),
        at: reportDate(item.at, tz, lang),
        resolved: resolvedText(item.resolved),
        rating: item.rating,
        // Citizen text is written as a plain string: a leading "=" must not become a formula.
        comment: item.comment ?? '',
      });
      row.commit();
    }
  }
  sheet.commit();
  await workbook.commit();
}
