import { describe, expect, it } from 'vitest';
import { businessHours, type CalendarSpec } from './businessHours.js';
import { DEFAULT_SLA_POLICY, computeSla } from './clock.js';

const H = 3_600_000;
const nineToFive = [[9 * 60, 17 * 60]] as const;
const weekdays = (timeZone: string, holidays: string[] = []): CalendarSpec => ({
  timeZone,
  weekly: [[], nineToFive, nineToFive, nineToFive, nineToFive, nineToFive, []],
  holidays,
});

describe('business hours calendar', () => {
  const cal = businessHours(weekdays('UTC'));
  it('counts only opening hours', () => {
    // Monday 2026-11-23 08:00 → 18:00 UTC: 8 business hours.
    expect(cal.businessMsBetween(Date.UTC(2026, 10, 23, 8), Date.UTC(2026, 10, 23, 18))).toBe(8 * H);
  });
  it('skips the weekend when adding time', () => {
    // Friday 16:00 + 2 business hours = Monday 10:00.
    expect(cal.addBusinessMs(Date.UTC(2026, 10, 27, 16), 2 * H)).toBe(Date.UTC(2026, 10, 30, 10));
  });
  it('skips holidays', () => {
    const withHoliday = businessHours(weekdays('UTC', ['2026-11-30']));
    expect(withHoliday.addBusinessMs(Date.UTC(2026, 10, 27, 16), 2 * H)).toBe(Date.UTC(2026, 11, 1, 10));
    expect(withHoliday.businessMsBetween(Date.UTC(2026, 10, 30, 0), Date.UTC(2026, 11, 1, 0))).toBe(0);
  });
  it('starts at opening time for a ticket opened at night', () => {
    expect(cal.addBusinessMs(Date.UTC(2026, 10, 24, 22), H)).toBe(Date.UTC(2026, 10, 25, 10));
  });
  it('reads hours in the calendar time zone, across a DST change', () => {
    const berlin = businessHours(weekdays('Europe/Berlin'));
    // Winter (UTC+1): 09:00 Berlin is 08:00 UTC.
    expect(berlin.addBusinessMs(Date.UTC(2026, 10, 23, 0), 0)).toBe(Date.UTC(2026, 10, 23, 8));
    // Summer (UTC+2): 09:00 Berlin is 07:00 UTC; Friday 27 March 2026 → Monday 30 March after the switch.
    expect(berlin.addBusinessMs(Date.UTC(2026, 2, 27, 15), 2 * H)).toBe(Date.UTC(2026, 2, 30, 8));
  });
  it('drives the SLA clock: a high ticket opened Friday afternoon is due next week', () => {
    const opened = Date.UTC(2026, 10, 27, 15);
    const s = computeSla([{ at: opened, type: 'created', priority: 'high' }], DEFAULT_SLA_POLICY, cal);
    expect(s.responseDueAt).toBe(Date.UTC(2026, 10, 27, 16));
    // 8 business hours: 2 on Friday, 6 on Monday.
    expect(s.resolveDueAt).toBe(Date.UTC(2026, 10, 30, 15));
  });
});

describe('yearly holidays', () => {
  it('skip the same day every year, in the calendar’s time zone', () => {
    const spec = { timeZone: 'Europe/Berlin', weekly: [[], [[540, 1020]], [[540, 1020]], [[540, 1020]], [[540, 1020]], [[540, 1020]], []] as [number, number][][], holidays: [] };
    const plain = businessHours(spec);
    const yearly = businessHours({ ...spec, yearlyHolidays: ['12-24'] });
    // Thursday 24 December 2026 and Friday 24 December 2027: working days unless the holiday counts.
    for (const year of [2026, 2027]) {
      const from = Date.parse(`${year}-12-24T00:00:00+01:00`);
      const to = Date.parse(`${year}-12-25T00:00:00+01:00`);
      expect(plain.businessMsBetween(from, to)).toBe(8 * 3_600_000);
      expect(yearly.businessMsBetween(from, to)).toBe(0);
    }
  });
});
