/**
 * When the SLA clock runs. Business-hours calendars (weekly hours in a time zone, holidays)
 * implement the same two operations; the clock does not care which calendar it is given.
 */
export interface BusinessCalendar {
  /** Business milliseconds in [from, to). */
  businessMsBetween(from: number, to: number): number;
  /** The instant at which `ms` business milliseconds after `from` have passed. */
  addBusinessMs(from: number, ms: number): number;
}

/** The default: every hour of every day counts. */
export const ALWAYS_OPEN: BusinessCalendar = {
  businessMsBetween: (from, to) => Math.max(0, to - from),
  addBusinessMs: (from, ms) => from + Math.max(0, ms),
};
