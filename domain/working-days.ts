import { z } from 'zod';

/**
 * Working days in a region's holiday calendar (policies/calendars/*.json): a day is a working
 * day when it is Monday–Friday and not a public holiday, or when it is an adjusted working day
 * (调休上班, a Saturday or Sunday worked to make a holiday longer). The arithmetic is on
 * YYYY-MM-DD strings in UTC, so no time zone moves a day; a date in a year the calendar has no
 * file for is refused rather than guessed.
 */

const IsoDateSchema = z.iso.date();

export const HolidayCalendarFileSchema = z
  .strictObject({
    /** Which calendar: `CN` for the national one (each region names one in the ratings policy). */
    calendar: z.string().regex(/^[A-Z0-9-]{2,20}$/),
    year: z.number().int().min(2000).max(2100),
    /** published: the State Council's notice; provisional: statutory days only, to be replaced. */
    status: z.enum(['published', 'provisional']),
    source: z.string().min(1),
    holidays: z.array(z.strictObject({ name: z.string().min(1), from: IsoDateSchema, to: IsoDateSchema })),
    adjustedWorkdays: z.array(IsoDateSchema),
  })
  .superRefine((file, ctx) => {
    const inYear = (date: string) => date.startsWith(`${file.year}-`);
    file.holidays.forEach((h, i) => {
      if (!inYear(h.from) || !inYear(h.to)) {
        ctx.addIssue({ code: 'custom', path: ['holidays', i], message: `must lie in ${file.year}` });
      }
      if (h.to < h.from)
        ctx.addIssue({ code: 'custom', path: ['holidays', i, 'to'], message: 'before from' });
    });
    const holidays = new Set(file.holidays.flatMap((h) => datesFrom(h.from, h.to)));
    file.adjustedWorkdays.forEach((d, i) => {
      if (!inYear(d))
        ctx.addIssue({ code: 'custom', path: ['adjustedWorkdays', i], message: `not in ${file.year}` });
      if (!isWeekend(d)) {
        ctx.addIssue({
          code: 'custom',
          path: ['adjustedWorkdays', i],
          message: `${d} is not a Saturday or Sunday`,
        });
      }
      if (holidays.has(d))
        ctx.addIssue({ code: 'custom', path: ['adjustedWorkdays', i], message: `${d} is a holiday` });
    });
  });
export type HolidayCalendarFile = z.infer<typeof HolidayCalendarFileSchema>;

const MS_PER_DAY = 86_400_000;

function plusDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

function datesFrom(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let d = from; d <= to; d = plusDays(d, 1)) dates.push(d);
  return dates;
}

function isWeekend(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

export class CalendarNotCoveredError extends Error {
  constructor(calendar: string, date: string) {
    super(`the ${calendar} holiday calendar has no file for ${date.slice(0, 4)} (asked about ${date})`);
    this.name = 'CalendarNotCoveredError';
  }
}

/** One calendar (`CN`) over the years it has files for. */
export interface WorkingCalendar {
  readonly calendar: string;
  readonly years: readonly number[];
  isWorkingDay(date: string): boolean;
  /** The `n`-th working day after `date` (`date` itself never counts; n ≥ 1). */
  addWorkingDays(date: string, n: number): string;
  /** Working days after `from` up to and including `to` (0 when `to` ≤ `from`). */
  workingDaysBetween(from: string, to: string): number;
}

export function workingCalendar(files: readonly HolidayCalendarFile[]): WorkingCalendar {
  const [first] = files;
  if (!first) throw new Error('a working calendar needs at least one year');
  const name = first.calendar;
  const years = new Set<number>();
  const holidays = new Set<string>();
  const workdays = new Set<string>();
  for (const file of files) {
    if (file.calendar !== name) throw new Error(`calendar ${file.calendar} mixed with ${name}`);
    if (years.has(file.year)) throw new Error(`calendar ${name} has ${file.year} twice`);
    years.add(file.year);
    for (const h of file.holidays) for (const d of datesFrom(h.from, h.to)) holidays.add(d);
    for (const d of file.adjustedWorkdays) workdays.add(d);
  }
  const isWorkingDay = (date: string): boolean => {
    if (!years.has(Number(date.slice(0, 4)))) throw new CalendarNotCoveredError(name, date);
    if (workdays.has(date)) return true;
    return !isWeekend(date) && !holidays.has(date);
  };
  return {
    calendar: name,
    years: [...years].sort((a, b) => a - b),
    isWorkingDay,
    addWorkingDays(date, n) {
      if (!Number.isInteger(n) || n < 1)
        throw new RangeError(`working days must be a whole number ≥ 1, not ${n}`);
      let day = date;
      for (let counted = 0; counted < n;) {
        day = plusDays(day, 1);
        if (isWorkingDay(day)) counted += 1;
      }
      return day;
    },
    workingDaysBetween(from, to) {
      let count = 0;
      for (let d = plusDays(from, 1); d <= to; d = plusDays(d, 1)) if (isWorkingDay(d)) count += 1;
      return count;
    },
  };
}
