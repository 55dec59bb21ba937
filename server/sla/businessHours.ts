import type { BusinessCalendar } from './calendar.js';

/** Opening hours as minutes after local midnight, [start, end) with start < end. */
export type Interval = readonly [number, number];

export interface CalendarSpec {
  /** IANA time zone the hours are in, e.g. "Europe/Berlin". */
  timeZone: string;
  /** Index 0 = Sunday … 6 = Saturday, as Date#getUTCDay numbers them. */
  weekly: readonly (readonly Interval[])[];
  /** Local dates (YYYY-MM-DD) on which nothing counts. */
  holidays: readonly string[];
  /** Month and day (MM-DD) on which nothing counts, every year. */
  yearlyHolidays?: readonly string[];
}

const DAY_MS = 86_400_000;
/** A walk longer than this finds no opening hours: a calendar is validated to have some. */
const MAX_DAYS = 3 * 366;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock reading in `timeZone` at `instant`, as if it were UTC (so offset = result − instant). */
function wallClock(instant: number, timeZone: string): number {
  const p = Object.fromEntries(formatter(timeZone).formatToParts(instant).map((x) => [x.type, x.value]));
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
}

/** The instant at which the wall clock in `timeZone` shows `wall` (a UTC-encoded local time). */
function instantOf(wall: number, timeZone: string): number {
  let guess = wall - (wallClock(wall, timeZone) - wall);
  // Near a DST switch the first offset can be the other side's; one correction settles it.
  guess = wall - (wallClock(guess, timeZone) - guess);
  return guess;
}

/** Business hours in a time zone, with holidays: the SLA clock runs only inside them. */
export function businessHours(spec: CalendarSpec): BusinessCalendar {
  const holidays = new Set(spec.holidays);
  const yearly = new Set(spec.yearlyHolidays ?? []);
  /** Opening intervals as instants, day by day, starting with the local day that contains `from`. */
  function* openings(from: number): Generator<[number, number]> {
    const localMidnight = Math.floor(wallClock(from, spec.timeZone) / DAY_MS) * DAY_MS;
    for (let d = 0; d < MAX_DAYS; d++) {
      const day = localMidnight + d * DAY_MS;
      const date = new Date(day).toISOString().slice(0, 10);
      if (holidays.has(date) || yearly.has(date.slice(5))) continue;
      for (const [start, end] of spec.weekly[new Date(day).getUTCDay()] ?? []) {
        yield [instantOf(day + start * 60_000, spec.timeZone), instantOf(day + end * 60_000, spec.timeZone)];
      }
    }
  }
  return {
    businessMsBetween(from, to) {
      let total = 0;
      for (const [a, b] of openings(from)) {
        if (a >= to) break;
        total += Math.max(0, Math.min(b, to) - Math.max(a, from));
      }
      return total;
    },
    addBusinessMs(from, ms) {
      let left = Math.max(0, ms);
      for (const [a, b] of openings(from)) {
        if (b <= from) continue;
        const start = Math.max(a, from);
        if (left <= b - start) return start + left;
        left -= b - start;
      }
      return Number.POSITIVE_INFINITY;
    },
  };
}
