import { describe, expect, it } from 'vitest';
import { bestUnit, businessDayMinutes, fromTime, holidaysOf, inWords, splitHolidays, toTime, type Calendar } from './slaWords.js';

const nineToFive: Calendar = { timeZone: 'Europe/Berlin', weekly: [[], [[540, 1020]], [[540, 1020]], [[540, 1020]], [[540, 1020]], [[540, 780]], []], holidays: [], yearlyHolidays: [] };

describe('SLA targets in words', () => {
  it('takes a business day as the calendar’s average open day, or 24 hours around the clock', () => {
    // Four days of 8 h and a Friday of 4 h: 36 h over 5 days.
    expect(businessDayMinutes(nineToFive)).toBe(432);
    expect(businessDayMinutes(null)).toBe(1440);
    expect(businessDayMinutes({ ...nineToFive, weekly: [[], [[480, 720], [780, 1020]], [], [], [], [], []] })).toBe(480);
  });

  it('shows each target in the largest whole unit', () => {
    expect(bestUnit(960, 480)).toBe('days');
    expect(bestUnit(240, 480)).toBe('hours');
    expect(bestUnit(45, 480)).toBe('minutes');
    expect(inWords(240, 480, true)).toBe('4 business hours');
    expect(inWords(960, 480, true)).toBe('2 business days (8 h each)');
    expect(inWords(1440, 1440, false)).toBe('1 day');
    expect(inWords(60, 1440, false)).toBe('1 hour');
    expect(inWords(15, 480, true)).toBe('15 business minutes');
    expect(inWords(90, 480, true)).toBe('1 h 30 min of business time');
  });

  it('reads and writes opening times, the day’s end included', () => {
    expect(toTime(540)).toBe('09:00');
    expect(toTime(1440)).toBe('00:00');
    expect(fromTime('17:30', true)).toBe(1050);
    expect(fromTime('00:00', true)).toBe(1440);
    expect(fromTime('00:00', false)).toBe(0);
    expect(fromTime('', false)).toBeNull();
  });

  it('keeps one-off and yearly holidays apart, without repeats', () => {
    const cal = { ...nineToFive, holidays: ['2026-05-14'], yearlyHolidays: ['12-25', '01-01'] };
    expect(holidaysOf(cal, 2026)).toEqual([
      { date: '2026-01-01', yearly: true },
      { date: '2026-05-14', yearly: false },
      { date: '2026-12-25', yearly: true },
    ]);
    expect(splitHolidays([...holidaysOf(cal, 2026), { date: '2027-12-25', yearly: true }, { date: '', yearly: false }])).toEqual({ holidays: ['2026-05-14'], yearlyHolidays: ['01-01', '12-25'] });
  });
});
