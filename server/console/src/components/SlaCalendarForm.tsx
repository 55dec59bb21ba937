import { useState } from 'react';
import { fromTime, holidaysOf, splitHolidays, toTime, type Calendar, type Holiday } from '../slaWords.js';

// Monday first, as a working week is read; the API's weekly list starts on Sunday (index 0).
const DAYS = [
  [1, 'Monday'],
  [2, 'Tuesday'],
  [3, 'Wednesday'],
  [4, 'Thursday'],
  [5, 'Friday'],
  [6, 'Saturday'],
  [0, 'Sunday'],
] as const;

const zones = (): string[] => {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf ? ['UTC', ...intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')] : ['UTC'];
};

export const OFFICE_HOURS = (timeZone: string): Calendar => ({
  timeZone,
  weekly: [[], [[540, 1020]], [[540, 1020]], [[540, 1020]], [[540, 1020]], [[540, 1020]], []],
  holidays: [],
  yearlyHolidays: [],
});

/** The business calendar: around the clock, or opening hours per weekday in a time zone, with holidays. */
export function SlaCalendarForm({ calendar, onChange }: { calendar: Calendar | null; onChange(c: Calendar | null): void }) {
  const year = new Date().getFullYear();
  const localZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const setDay = (day: number, ranges: [number, number][]) => {
    const weekly = calendar!.weekly.map((r, i) => (i === day ? ranges : r));
    onChange({ ...calendar!, weekly });
  };
  const holidays = calendar ? holidaysOf(calendar, year) : [];
  const setHolidays = (list: Holiday[]) => onChange({ ...calendar!, ...splitHolidays(list) });
  return (
    <fieldset>
      <legend>Business calendar</legend>
      <label className="check">
        <input type="radio" name="calendar-kind" checked={calendar === null} onChange={() => onChange(null)} /> Around the clock (every hour counts)
      </label>
      <label className="check">
        <input type="radio" name="calendar-kind" checked={calendar !== null} onChange={() => onChange(calendar ?? OFFICE_HOURS(localZone))} /> Business hours
      </label>
      {calendar && (
        <>
          <label>
            Time zone{' '}
            <select value={calendar.timeZone} onChange={(e) => onChange({ ...calendar, timeZone: e.target.value })}>
              {zones().map((z) => (
                <option key={z}>{z}</option>
              ))}
            </select>
          </label>
          <table className="hours">
            <tbody>
              {DAYS.map(([index, name]) => {
                const ranges = calendar.weekly[index] ?? [];
                return (
                  <tr key={name} aria-label={`${name} hours`}>
                    <th scope="row">{name}</th>
                    <td>
                      {ranges.length === 0 && <span className="muted">closed </span>}
                      {ranges.map(([start, end], i) => (
                        <span key={i} className="range">
                          <input type="time" aria-label={`${name} opens (${i + 1})`} value={toTime(start)} onChange={(e) => setDay(index, ranges.map((r, j) => (j === i ? [fromTime(e.target.value, false) ?? r[0], r[1]] : r)))} />
                          –
                          <input type="time" aria-label={`${name} closes (${i + 1})`} value={toTime(end)} onChange={(e) => setDay(index, ranges.map((r, j) => (j === i ? [r[0], fromTime(e.target.value, true) ?? r[1]] : r)))} />
                          <button type="button" className="small secondary" aria-label={`Remove ${name} hours ${i + 1}`} onClick={() => setDay(index, ranges.filter((_, j) => j !== i))}>
                            ×
                          </button>{' '}
                        </span>
                      ))}
                      <button
                        type="button"
                        className="small secondary"
                        aria-label={`Add ${name} hours`}
                        onClick={() => setDay(index, [...ranges, ranges.length ? [Math.min(ranges.at(-1)![1] + 60, 1380), Math.min(ranges.at(-1)![1] + 120, 1440)] : [540, 1020]])}
                      >
                        + hours
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <h3>Holidays</h3>
          <ul className="holidays">
            {holidays.map((h, i) => (
              <li key={`${h.date}-${h.yearly}-${i}`}>
                <input type="date" aria-label={`Holiday ${i + 1}`} value={h.date} onChange={(e) => setHolidays(holidays.map((x, j) => (j === i ? { ...x, date: e.target.value } : x)))} />{' '}
                <label className="check">
                  <input type="checkbox" checked={h.yearly} onChange={(e) => setHolidays(holidays.map((x, j) => (j === i ? { ...x, yearly: e.target.checked } : x)))} /> every year
                </label>{' '}
                <button type="button" className="small secondary" aria-label={`Remove holiday ${i + 1}`} onClick={() => setHolidays(holidays.filter((_, j) => j !== i))}>
                  ×
                </button>
              </li>
            ))}
          </ul>
          <AddHoliday onAdd={(h) => setHolidays([...holidays, h])} />
        </>
      )}
    </fieldset>
  );
}

function AddHoliday({ onAdd }: { onAdd(h: Holiday): void }) {
  const [date, setDate] = useState('');
  const [yearly, setYearly] = useState(false);
  return (
    <p className="add-holiday">
      <input type="date" aria-label="New holiday" value={date} onChange={(e) => setDate(e.target.value)} />{' '}
      <label className="check">
        <input type="checkbox" aria-label="New holiday every year" checked={yearly} onChange={(e) => setYearly(e.target.checked)} /> every year
      </label>{' '}
      <button
        type="button"
        className="small secondary"
        disabled={!date}
        onClick={() => {
          onAdd({ date, yearly });
          setDate('');
          setYearly(false);
        }}
      >
        Add holiday
      </button>
    </p>
  );
}
