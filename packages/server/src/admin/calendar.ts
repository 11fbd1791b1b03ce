import { z } from 'zod';
import { businessCalendarSchema, jalaliDateSchema, type BusinessCalendar } from '@payam/core';
import { demoSettings } from '../config/demo-data.js';
import { configurationChanged } from '../config/catalog-watch.js';
import type { Queryable } from '../db/database.js';
import { adminTransaction, recordAudit, type AdminContext } from './audit.js';
import { AdminRefusal, parseInput } from './refusal.js';

/** The stored calendar; without one, the calendar a server runs on (Tehran's, as `loadCatalog` falls back to). */
async function readCalendar(db: Queryable): Promise<BusinessCalendar> {
  const [row] = await db.query<{ value: unknown }>("SELECT value FROM settings WHERE key = 'calendar'");
  const value = typeof row?.value === 'string' ? (JSON.parse(row.value) as unknown) : row?.value;
  return businessCalendarSchema.parse(value ?? demoSettings.calendar);
}

async function writeCalendar(tx: Queryable, context: AdminContext, action: string, target: string, before: BusinessCalendar, after: BusinessCalendar): Promise<void> {
  await tx.query("INSERT INTO settings (key, value) VALUES ('calendar', $1::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", [JSON.stringify(after)]);
  await recordAudit(tx, context, { action, target, before, after });
  await configurationChanged(tx);
}

/** The business calendar: time zone, working periods of the week, holidays. */
export function showCalendar(context: Pick<AdminContext, 'db'>): Promise<BusinessCalendar> {
  return readCalendar(context.db);
}

/** Replaces the business calendar (deadlines set from now on are computed in it). */
export async function setCalendar(context: AdminContext, input: unknown): Promise<BusinessCalendar> {
  const calendar = parseInput(businessCalendarSchema, input);
  const after = { ...calendar, holidays: [...new Set(calendar.holidays)].sort() };
  return adminTransaction(context, async (tx) => {
    await writeCalendar(tx, context, 'calendar.set', 'calendar', await readCalendar(tx), after);
    return after;
  });
}

/** The holidays (Jalali dates), all or of one Jalali year. */
export async function listHolidays(context: Pick<AdminContext, 'db'>, year?: string): Promise<string[]> {
  const { holidays } = await readCalendar(context.db);
  return year === undefined ? holidays : holidays.filter((date) => date.startsWith(`${year}-`));
}

function parseDates(dates: readonly string[]): string[] {
  if (dates.length === 0) throw new AdminRefusal(400, 'holidayMissing', { field: 'date' });
  return dates.map((date) => parseInput(z.object({ date: jalaliDateSchema }), { date }).date);
}

/** Adds holidays (Jalali `YYYY-MM-DD`); one already there is kept once. */
export async function addHolidays(context: AdminContext, dates: readonly string[]): Promise<string[]> {
  const added = parseDates(dates);
  return adminTransaction(context, async (tx) => {
    const before = await readCalendar(tx);
    const holidays = [...new Set([...before.holidays, ...added])].sort();
    if (holidays.length !== before.holidays.length) await writeCalendar(tx, context, 'holiday.add', added.join(','), before, { ...before, holidays });
    return holidays;
  });
}

/** Removes holidays; a date that is not a holiday is a 404. */
export async function removeHolidays(context: AdminContext, dates: readonly string[]): Promise<string[]> {
  const removed = parseDates(dates);
  return adminTransaction(context, async (tx) => {
    const before = await readCalendar(tx);
    const missing = removed.find((date) => !before.holidays.includes(date));
    if (missing !== undefined) throw new AdminRefusal(404, 'holidayUnknown', { field: 'date', params: { date: missing } });
    const holidays = before.holidays.filter((date) => !removed.includes(date));
    await writeCalendar(tx, context, 'holiday.remove', removed.join(','), before, { ...before, holidays });
    return holidays;
  });
}
