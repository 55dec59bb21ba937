import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api.js';
import { SlaCalendarForm } from '../components/SlaCalendarForm.js';
import { usePoll } from '../hooks.js';
import { bestUnit, businessDayMinutes, inWords, unitMinutes, type Calendar, type Unit } from '../slaWords.js';

const PRIORITIES = ['critical', 'high', 'normal', 'low'] as const;
type Priority = (typeof PRIORITIES)[number];
type Targets = Record<Priority, { responseMinutes: number; resolveMinutes: number }>;
interface Policy {
  targets: Targets;
  calendar: Calendar | null;
  allHours: Priority[];
  version?: number | null;
}
type Clock = 'responseMinutes' | 'resolveMinutes';
const CLOCKS: [Clock, string][] = [
  ['responseMinutes', 'First response'],
  ['resolveMinutes', 'Resolution'],
];

/** One target: a number and its unit; the policy keeps minutes whatever unit is shown. */
function TargetInput({ label, minutes, dayMinutes, onChange }: { label: string; minutes: number; dayMinutes: number; onChange(m: number): void }) {
  const [unit, setUnit] = useState<Unit>(() => bestUnit(minutes, dayMinutes));
  const size = unitMinutes(unit, dayMinutes);
  const shown = (m: number) => String(Math.round((m / size) * 100) / 100);
  // What is typed stays as typed ("1." on the way to "1.5"); the policy gets whole minutes.
  const [text, setText] = useState(() => shown(minutes));
  useEffect(() => {
    if (Math.round(Number(text) * size) !== minutes) setText(shown(minutes));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [minutes, size]);
  return (
    <span className="target">
      <input
        inputMode="decimal"
        aria-label={label}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          const value = Number(e.target.value);
          if (e.target.value.trim() && Number.isFinite(value) && value > 0) onChange(Math.max(1, Math.round(value * size)));
        }}
      />
      <select aria-label={`${label} unit`} value={unit} onChange={(e) => setUnit(e.target.value as Unit)}>
        <option value="minutes">minutes</option>
        <option value="hours">hours</option>
        <option value="days">business days</option>
      </select>
    </span>
  );
}

/**
 * The SLA policy as a form: targets per priority in minutes, hours or business days, said back
 * in words; priorities that run around the clock; the business calendar. Saving makes a new
 * version for tickets opened from then on, or, by choice after a preview, for the open ones too.
 */
export function SlaEditor() {
  const { data, refresh } = usePoll(() => api.get<Policy>('/api/v1/sla-policy'), []);
  const [policy, setPolicy] = useState<Policy | null>(null);
  const [recompute, setRecompute] = useState(false);
  const [message, setMessage] = useState('');
  useEffect(() => {
    if (data) setPolicy({ targets: data.targets, calendar: data.calendar, allHours: data.allHours ?? [] });
  }, [data]);
  if (!policy) return <p className="muted">Loading…</p>;
  const dayMinutes = businessDayMinutes(policy.calendar);
  const setTarget = (p: Priority, clock: Clock, minutes: number) => setPolicy({ ...policy, targets: { ...policy.targets, [p]: { ...policy.targets[p], [clock]: minutes } } });
  const setAllHours = (p: Priority, on: boolean) => setPolicy({ ...policy, allHours: on ? [...policy.allHours, p] : policy.allHours.filter((x) => x !== p) });
  const words = (p: Priority) => {
    const business = policy.calendar !== null && !policy.allHours.includes(p);
    const day = business ? dayMinutes : 1440;
    return `first response within ${inWords(policy.targets[p].responseMinutes, day, business)}, resolution within ${inWords(policy.targets[p].resolveMinutes, day, business)}`;
  };
  const preview = async () => {
    try {
      const p = await api.post<{ tickets: number; changed: number; becomeBreached: number }>('/api/v1/sla-policy/preview', policy);
      setMessage(`Recomputing would change the SLA state of ${p.changed} of ${p.tickets} open tickets now; ${p.becomeBreached} would become breached.`);
    } catch (err) {
      setMessage((err as ApiError).message);
    }
  };
  const save = async (ev: FormEvent) => {
    ev.preventDefault();
    try {
      const r = await api.put<{ version: number; recomputed: number }>(`/api/v1/sla-policy?recompute=${recompute ? 'open' : 'none'}`, policy);
      setMessage(
        recompute
          ? `SLA policy saved as version ${r.version}; ${r.recomputed} open tickets were recomputed.`
          : `SLA policy saved as version ${r.version}; it applies to tickets opened from now on.`,
      );
      setRecompute(false);
      await refresh();
    } catch (err) {
      setMessage((err as ApiError).message);
    }
  };
  return (
    <form className="card" onSubmit={save} aria-label="SLA policy">
      <h2>SLA policy{data?.version ? ` (version ${data.version})` : ''}</h2>
      <table>
        <thead>
          <tr>
            <th>Priority</th>
            {CLOCKS.map(([, name]) => (
              <th key={name}>{name}</th>
            ))}
            <th>24×7</th>
          </tr>
        </thead>
        <tbody>
          {PRIORITIES.map((p) => (
            <tr key={p} aria-label={`${p} targets`}>
              <td>{p}</td>
              {CLOCKS.map(([clock, name]) => (
                <td key={clock}>
                  <TargetInput label={`${p} ${name.toLowerCase()}`} minutes={policy.targets[p][clock]} dayMinutes={dayMinutes} onChange={(m) => setTarget(p, clock, m)} />
                </td>
              ))}
              <td>
                <input type="checkbox" aria-label={`${p} runs 24×7`} checked={policy.allHours.includes(p)} disabled={policy.calendar === null} onChange={(e) => setAllHours(p, e.target.checked)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="muted" aria-label="Targets in words">
        {PRIORITIES.map((p) => (
          <li key={p}>
            {p}: {words(p)}
          </li>
        ))}
      </ul>
      <SlaCalendarForm calendar={policy.calendar} onChange={(calendar) => setPolicy({ ...policy, calendar })} />
      <label className="check">
        <input type="checkbox" checked={recompute} onChange={(e) => setRecompute(e.target.checked)} /> Also recompute the open tickets (otherwise the policy applies to tickets opened from now on)
      </label>
      {message && <p role="status">{message}</p>}
      <button type="button" className="secondary" onClick={() => void preview()}>
        Preview recomputing
      </button>{' '}
      <button type="submit">Save SLA policy</button>
    </form>
  );
}
