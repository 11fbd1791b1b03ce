/**
 * The date-time field in Persian: the day and time written in the Jalali calendar with Persian
 * digits, and a month calendar whose weeks start on Saturday. Loaded only when a Persian form has
 * a date-time field. The value stays what a `datetime-local` input gives (a Gregorian wall-clock
 * `YYYY-MM-DDTHH:mm`), so the rest of the form reads it the same way in both languages.
 */
import type { TemplateResult } from 'lit';
import { jalaliMonthLength, jalaliToInstant, toJalali, type JalaliDate } from '@payam/core/jalali';
import type { JalaliTools } from './jalali-tools.js';

// What the form's own file holds too comes from the form (see `jalali-tools.ts`): Lit, digits,
// number formats. Imported here, a bundler would split them out of the form's file into one
// shared with this chunk. Core's Jalali calendar, which only this field uses, is imported.
let tools: JalaliTools;

/** What the field needs from its form. */
export interface JalaliFieldContext {
  id: string;
  value: string;
  disabled: boolean;
  invalid: boolean;
  describedBy: string;
  required: boolean;
  /** Texts: the calendar button, the previous and next month buttons. */
  texts: { calendar: string; previousMonth: string; nextMonth: string; format: string };
  onChange(value: string): void;
}

const UTC = 'UTC';
const DAY = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');
const fa = (n: number, width = 1) => tools.formatNumber(n, 'fa').padStart(width, '۰');

const monthNames = new Intl.DateTimeFormat('fa-IR-u-ca-persian', { month: 'long', timeZone: UTC });
const weekdayNames = new Intl.DateTimeFormat('fa-IR', { weekday: 'long', timeZone: UTC });
// 2 January 2021 was a Saturday: the week's columns, Saturday first.
const WEEKDAYS = Array.from({ length: 7 }, (_, i) => weekdayNames.format(new Date(Date.UTC(2021, 0, 2 + i))));

/** The Gregorian civil day of a Jalali one, as a UTC midnight. */
function gregorianOf(date: JalaliDate): Date {
  const noon = jalaliToInstant(date, 12, 0, UTC);
  return new Date(Date.UTC(noon.getUTCFullYear(), noon.getUTCMonth(), noon.getUTCDate()));
}

/** A `datetime-local` value as Jalali day and time, or `undefined` when it is not one. */
export function readWallClock(value: string): { date: JalaliDate; hour: number; minute: number } | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!match) return undefined;
  const [, y, m, d, hh, mm] = match.map(Number) as [number, number, number, number, number, number];
  return { date: toJalali(new Date(Date.UTC(y, m - 1, d, 12)), UTC), hour: hh, minute: mm };
}

/** The day and time as the citizen reads and types them: `۱۴۰۴/۱۲/۱۰ ۱۰:۰۰`. */
export function writeJalali(date: JalaliDate, hour: number, minute: number): string {
  return `${fa(date.year)}/${fa(date.month, 2)}/${fa(date.day, 2)} ${fa(hour, 2)}:${fa(minute, 2)}`;
}

/**
 * What the citizen typed (`۱۴۰۴/۱۲/۱۰ ۱۰:۳۰`, any digits, `/` `-` or `.` between, the time
 * optional) as a `datetime-local` value, or `undefined` when it is no such day and time.
 */
export function parseJalali(text: string): string | undefined {
  const match = /^(\d{3,4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})(?:\s+(\d{1,2})\s*:\s*(\d{1,2}))?$/.exec(tools.toLatinDigits(text).trim());
  if (!match) return undefined;
  const [year, month, day, hour = 0, minute = 0] = match.slice(1).map((part) => (part === undefined ? undefined : Number(part))) as number[];
  if (month! < 1 || month! > 12 || day! < 1 || day! > jalaliMonthLength(year!, month!, UTC) || hour > 23 || minute > 59) return undefined;
  const g = gregorianOf({ year: year!, month: month!, day: day! });
  return `${g.getUTCFullYear()}-${pad(g.getUTCMonth() + 1)}-${pad(g.getUTCDate())}T${pad(hour)}:${pad(minute)}`;
}

/** One Persian date-time field: what the citizen typed, and the calendar's month and day in focus. */
export class JalaliDateTimeField {
  private text: string | undefined;
  private open = false;
  private shown: JalaliDate;

  constructor(
    private readonly host: { requestUpdate(): void; readonly updateComplete: Promise<boolean>; readonly renderRoot: ParentNode },
    given: JalaliTools,
  ) {
    tools = given;
    this.shown = toJalali(new Date(), 'Asia/Tehran');
  }

  private requestUpdate(): void {
    this.host.requestUpdate();
  }

  /** Renders the field: a text input, the calendar button and, when open, the month. */
  render(ctx: JalaliFieldContext): TemplateResult {
    const read = readWallClock(ctx.value);
    const text = this.text ?? (read ? writeJalali(read.date, read.hour, read.minute) : ctx.value);
    const onInput = (event: Event) => {
      this.text = (event.target as HTMLInputElement).value;
      ctx.onChange(parseJalali(this.text) ?? this.text);
    };
    return tools.html`<div class="jalali-field">
        <input
          id=${ctx.id}
          type="text"
          dir="ltr"
          autocomplete="off"
          .value=${tools.live(text)}
          ?required=${ctx.required}
          ?disabled=${ctx.disabled}
          aria-invalid=${ctx.invalid ? 'true' : 'false'}
          aria-describedby=${`${ctx.id}-format ${ctx.describedBy}`.trim()}
          @input=${onInput}
        />
        <button
          id=${`${ctx.id}-calendar-toggle`}
          class="secondary"
          part="button"
          type="button"
          aria-expanded=${this.open ? 'true' : 'false'}
          aria-controls=${`${ctx.id}-calendar`}
          ?disabled=${ctx.disabled}
          @click=${() => this.toggle(read?.date, ctx.id)}
        >
          ${ctx.texts.calendar}
        </button>
      </div>
      <span class="hint" id=${`${ctx.id}-format`}>${ctx.texts.format}</span>
      ${this.open ? this.renderMonth(ctx, read) : tools.nothing}`;
  }

  private toggle(chosen: JalaliDate | undefined, id: string): void {
    this.open = !this.open;
    if (this.open && chosen) this.shown = { ...chosen };
    this.requestUpdate();
    if (this.open) this.focusDay(id);
  }

  private renderMonth(ctx: JalaliFieldContext, read: ReturnType<typeof readWallClock>): TemplateResult {
    const { year, month, day: focused } = this.shown;
    const length = jalaliMonthLength(year, month, UTC);
    const first = gregorianOf({ year, month, day: 1 });
    const lead = (first.getUTCDay() + 1) % 7; // Saturday is column 0
    const cells: (number | undefined)[] = [...Array.from({ length: lead }, () => undefined), ...Array.from({ length }, (_, i) => i + 1)];
    const weeks: (number | undefined)[][] = [];
    for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
    const title = `${monthNames.format(new Date(first.getTime() + DAY / 2))} ${fa(year)}`;
    const chosen = read && read.date.year === year && read.date.month === month ? read.date.day : undefined;
    return tools.html`<div id=${`${ctx.id}-calendar`} class="calendar" part="calendar" @keydown=${(e: KeyboardEvent) => this.onKey(e, ctx, read)}>
      <div class="calendar-head">
        <button type="button" class="secondary" part="button" aria-label=${ctx.texts.previousMonth} @click=${() => this.move(ctx.id, 0, -1)}>‹</button>
        <span id=${`${ctx.id}-month`} aria-live="polite">${title}</span>
        <button type="button" class="secondary" part="button" aria-label=${ctx.texts.nextMonth} @click=${() => this.move(ctx.id, 0, 1)}>›</button>
      </div>
      <table role="grid" aria-labelledby=${`${ctx.id}-month`}>
        <thead>
          <tr>
            ${WEEKDAYS.map((name) => tools.html`<th scope="col" abbr=${name}><span aria-hidden="true">${name.slice(0, 1)}</span><span class="visually-hidden">${name}</span></th>`)}
          </tr>
        </thead>
        <tbody>
          ${weeks.map(
            (week) => tools.html`<tr>
              ${week.map((day) =>
                day
                  ? tools.html`<td aria-selected=${day === chosen ? 'true' : 'false'}>
                      <button
                        type="button"
                        data-day=${day}
                        tabindex=${day === focused ? '0' : '-1'}
                        aria-label=${`${fa(day)} ${title}`}
                        @click=${() => this.pick(ctx, read, day)}
                      >
                        ${fa(day)}
                      </button>
                    </td>`
                  : tools.html`<td></td>`,
              )}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private pick(ctx: JalaliFieldContext, read: ReturnType<typeof readWallClock>, day: number): void {
    const date = { ...this.shown, day };
    const text = writeJalali(date, read?.hour ?? 12, read?.minute ?? 0);
    this.text = text;
    this.open = false;
    ctx.onChange(parseJalali(text) ?? text);
    this.requestUpdate();
    this.focus(`#${ctx.id}-calendar-toggle`);
  }

  /** Moves the day in focus by `days`, or the month by `months` (the day kept within the month). */
  private move(id: string, days: number, months = 0): void {
    const { year, month, day } = this.shown;
    if (months) {
      const index = year * 12 + month - 1 + months;
      const next = { year: Math.floor(index / 12), month: (index % 12) + 1 };
      this.shown = { ...next, day: Math.min(day, jalaliMonthLength(next.year, next.month, UTC)) };
    } else {
      const g = gregorianOf(this.shown);
      this.shown = toJalali(new Date(g.getTime() + days * DAY + DAY / 2), UTC);
    }
    this.requestUpdate();
    this.focusDay(id);
  }

  private onKey(event: KeyboardEvent, ctx: JalaliFieldContext, read: ReturnType<typeof readWallClock>): void {
    if (!(event.target as HTMLElement).dataset.day) {
      if (event.key === 'Escape') this.close(ctx.id, event);
      return;
    }
    // Right to left: the next day is on the left.
    const steps: Record<string, [number, number]> = {
      ArrowLeft: [1, 0],
      ArrowRight: [-1, 0],
      ArrowDown: [7, 0],
      ArrowUp: [-7, 0],
      PageDown: [0, 1],
      PageUp: [0, -1],
    };
    const step = steps[event.key];
    if (step) {
      event.preventDefault();
      this.move(ctx.id, step[0], step[1]);
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      const column = (gregorianOf(this.shown).getUTCDay() + 1) % 7;
      this.move(ctx.id, event.key === 'Home' ? -column : 6 - column);
    } else if (event.key === 'Escape') {
      this.close(ctx.id, event);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.pick(ctx, read, this.shown.day);
    }
  }

  private close(id: string, event: Event): void {
    event.preventDefault();
    this.open = false;
    this.requestUpdate();
    this.focus(`#${id}-calendar-toggle`);
  }

  private focusDay(id: string): void {
    this.focus(`#${id}-calendar [data-day="${this.shown.day}"]`);
  }

  /** Focuses an element once the form has rendered. */
  private focus(selector: string): void {
    void this.host.updateComplete.then(() => this.host.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }
}
