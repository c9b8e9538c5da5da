import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CalendarNotCoveredError,
  HolidayCalendarFileSchema,
  workingCalendar,
  type HolidayCalendarFile,
} from '../../domain/working-days';

const file = (year: number): HolidayCalendarFile =>
  HolidayCalendarFileSchema.parse(JSON.parse(readFileSync(`policies/calendars/cn-${year}.json`, 'utf8')));

describe('working days: the national calendar of 2026 (国务院办公厅 2025-11-04) and the provisional 2027', () => {
  const cn = workingCalendar([file(2026), file(2027)]);

  it('an ordinary week: Monday to Friday work, the weekend does not', () => {
    expect(['2026-03-09', '2026-03-13'].map((d) => cn.isWorkingDay(d))).toEqual([true, true]);
    expect(['2026-03-14', '2026-03-15'].map((d) => cn.isWorkingDay(d))).toEqual([false, false]);
    // Thursday 12 March + 2 working days skips the weekend: Monday 16 March.
    expect(cn.addWorkingDays('2026-03-12', 2)).toBe('2026-03-16');
  });

  it('holidays on weekdays are not working days (春节 2026-02-16..23, 国庆 10-01..07)', () => {
    expect(cn.isWorkingDay('2026-02-16')).toBe(false);
    expect(cn.isWorkingDay('2026-02-23')).toBe(false);
    expect(cn.isWorkingDay('2026-10-05')).toBe(false);
  });

  it('adjusted working days (调休上班) on a weekend are working days', () => {
    expect(cn.isWorkingDay('2026-01-04')).toBe(true); // Sunday after 元旦
    expect(cn.isWorkingDay('2026-02-14')).toBe(true); // Saturday before 春节
    expect(cn.isWorkingDay('2026-02-28')).toBe(true); // Saturday after 春节
    expect(cn.isWorkingDay('2026-02-21')).toBe(false); // a Saturday inside the holiday
  });

  it('counts across the Spring Festival: 5 working days from Thu 12 Feb 2026 is Thu 26 Feb', () => {
    // 13 Fri (1), 14 Sat adjusted (2), 15–23 holiday, 24 Tue (3), 25 Wed (4), 26 Thu (5).
    expect(cn.addWorkingDays('2026-02-12', 1)).toBe('2026-02-13');
    expect(cn.addWorkingDays('2026-02-12', 2)).toBe('2026-02-14');
    expect(cn.addWorkingDays('2026-02-12', 3)).toBe('2026-02-24');
    expect(cn.addWorkingDays('2026-02-12', 5)).toBe('2026-02-26');
  });

  it('counts across the National Day week and its adjusted Saturday 10 October', () => {
    // 30 Sep Wed (1), 1–7 Oct holiday, 8 Thu (2), 9 Fri (3), 10 Sat adjusted (4), 12 Mon (5).
    expect(cn.addWorkingDays('2026-09-29', 5)).toBe('2026-10-12');
    expect(cn.workingDaysBetween('2026-09-29', '2026-10-12')).toBe(5);
  });

  it('crosses the year into the provisional 2027 file (元旦 2027-01-01 a Friday)', () => {
    // Thu 31 Dec 2026 + 1 working day: Fri 1 Jan is 元旦, so Mon 4 Jan 2027.
    expect(cn.addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
  });

  it('refuses a date in a year without a file rather than guessing', () => {
    expect(() => cn.isWorkingDay('2028-03-01')).toThrow(CalendarNotCoveredError);
    expect(() => cn.addWorkingDays('2027-12-30', 5)).toThrow(CalendarNotCoveredError);
  });

  it('refuses a count that is not a whole number ≥ 1', () => {
    expect(() => cn.addWorkingDays('2026-03-12', 0)).toThrow(RangeError);
    expect(() => cn.addWorkingDays('2026-03-12', 1.5)).toThrow(RangeError);
  });

  it('a calendar file is checked: an adjusted working day must be a weekend day and not a holiday', () => {
    const bad = { ...file(2026), adjustedWorkdays: ['2026-03-11'] };
    const parsed = HolidayCalendarFileSchema.safeParse(bad);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['adjustedWorkdays', 0]);
    const clash = HolidayCalendarFileSchema.safeParse({ ...file(2026), adjustedWorkdays: ['2026-02-21'] });
    expect(clash.error?.issues[0]?.message).toMatch(/holiday/);
    const outside = HolidayCalendarFileSchema.safeParse({
      ...file(2026),
      holidays: [{ name: 'x', from: '2025-12-31', to: '2026-01-01' }],
    });
    expect(outside.error?.issues[0]?.path).toEqual(['holidays', 0]);
  });

  it('the lunar holidays in the files fall on the festival days of the Chinese calendar (ICU)', () => {
    const lunar = (date: string) =>
      new Intl.DateTimeFormat('en-u-ca-chinese', { month: 'numeric', day: 'numeric' }).format(
        new Date(`${date}T12:00:00+08:00`),
      );
    for (const f of [file(2026), file(2027)]) {
      const dates = (name: string) => {
        const h = f.holidays.find((x) => x.name === name);
        const out: string[] = [];
        for (
          let d = h!.from;
          d <= h!.to;
          d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
        ) {
          out.push(lunar(d));
        }
        return out;
      };
      expect(dates('春节')).toContain('1/1');
      expect(dates('端午节')).toContain('5/5');
      expect(dates('中秋节')).toContain('8/15');
    }
  });
});
