/**
 * SLA targets as people say them: stored in minutes of business time, shown and typed in
 * minutes, hours or business days, where a business day is as long as the calendar's average
 * open day (24 hours when every hour counts).
 */
export type Unit = 'minutes' | 'hours' | 'days';

export interface Calendar {
  timeZone: string;
  weekly: [number, number][][];
  holidays: string[];
  yearlyHolidays: string[];
}

/** Minutes in one business day of this calendar: its open minutes per week over its open days. */
export function businessDayMinutes(calendar: Calendar | null): number {
  if (!calendar) return 24 * 60;
  const days = calendar.weekly.map((ranges) => ranges.reduce((sum, [a, b]) => sum + (b - a), 0)).filter((m) => m > 0);
  return days.length ? Math.round(days.reduce((a, b) => a + b, 0) / days.length) : 24 * 60;
}

export function unitMinutes(unit: Unit, dayMinutes: number): number {
  return unit === 'minutes' ? 1 : unit === 'hours' ? 60 : dayMinutes;
}

/** The largest unit the minutes are a whole number of, so 2880 shows as 2 days, not 48 hours. */
export function bestUnit(minutes: number, dayMinutes: number): Unit {
  if (minutes % dayMinutes === 0) return 'days';
  if (minutes % 60 === 0) return 'hours';
  return 'minutes';
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** "45 minutes", "4 business hours", "3 business days (8 h each)"; "hours" alone when every hour counts. */
export function inWords(minutes: number, dayMinutes: number, businessHours: boolean): string {
  const business = businessHours ? 'business ' : '';
  const unit = bestUnit(minutes, dayMinutes);
  if (unit === 'days' && businessHours) return `${plural(minutes / dayMinutes, `${business}day`)} (${duration(dayMinutes)} each)`;
  if (unit === 'days') return plural(minutes / dayMinutes, 'day');
  if (unit === 'hours') return plural(minutes / 60, `${business}hour`);
  if (minutes > 60) return `${duration(minutes)} of ${businessHours ? 'business time' : 'time'}`;
  return plural(minutes, `${business}minute`);
}

/** "8 h", "7 h 30 min", "45 min". */
export function duration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h ? `${h} h` : '', m ? `${m} min` : ''].filter(Boolean).join(' ') || '0 min';
}

/** "09:00" ⇄ minutes after midnight; "24:00" is written "00:00" by a time input, read as the day's end. */
export function toTime(minutes: number): string {
  const m = minutes % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

export function fromTime(text: string, isEnd: boolean): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  if (!match) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return isEnd && minutes === 0 ? 1440 : minutes;
}

/** Holidays as one list for the form: a date, and whether it repeats every year. */
export interface Holiday {
  date: string;
  yearly: boolean;
}

export function holidaysOf(calendar: Calendar, year: number): Holiday[] {
  return [...calendar.holidays.map((date) => ({ date, yearly: false })), ...calendar.yearlyHolidays.map((md) => ({ date: `${year}-${md}`, yearly: true }))].sort((a, b) =>
    a.date.localeCompare(b.date),
  );
}

export function splitHolidays(list: readonly Holiday[]): Pick<Calendar, 'holidays' | 'yearlyHolidays'> {
  const valid = list.filter((h) => /^\d{4}-\d{2}-\d{2}$/.test(h.date));
  return {
    holidays: [...new Set(valid.filter((h) => !h.yearly).map((h) => h.date))],
    yearlyHolidays: [...new Set(valid.filter((h) => h.yearly).map((h) => h.date.slice(5)))],
  };
}
