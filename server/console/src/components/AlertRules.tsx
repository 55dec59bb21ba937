import { useState, type FormEvent } from 'react';
import type { AlertCondition, AlertRuleInput, AlertRuleView } from '../../../../shared/api/alerts.js';
import { FINDING_NAMES } from '../../../../shared/diagnostics/findingCodes.js';
import { api, ApiError } from '../api.js';
import { usePoll } from '../hooks.js';

type Kind = AlertCondition['kind'];
const KINDS: [Kind, string][] = [
  ['disk', 'A disk at least this full (%)'],
  ['memory', 'Memory in use at least (%)'],
  ['reboot_pending', 'A restart pending for at least (days)'],
  ['offline', 'Offline for at least (minutes)'],
  ['finding', 'A finding of the latest diagnostics'],
  ['software_absent', 'A package missing (name contains)'],
  ['software_present', 'A package installed (name contains)'],
];

const DEFAULTS: Partial<Record<Kind, string>> = { disk: '90', memory: '90', reboot_pending: '7', offline: '1440', finding: 'reboot_pending' };
const UNITS: Partial<Record<Kind, string>> = { disk: 'Percent', memory: 'Percent', reboot_pending: 'Days', offline: 'Minutes' };

/** The condition in words, as the list of rules shows it. */
export function describeCondition(c: AlertCondition): string {
  switch (c.kind) {
    case 'disk':
      return `a disk ≥ ${c.minPct}% full`;
    case 'memory':
      return `memory ≥ ${c.minPct}% in use`;
    case 'reboot_pending':
      return `a restart pending ≥ ${c.days} days`;
    case 'offline':
      return `offline ≥ ${c.minutes} min`;
    case 'finding':
      return FINDING_NAMES[c.code];
    case 'software_absent':
      return `no package "${c.name}"`;
    case 'software_present':
      return `package "${c.name}" installed`;
  }
}

function conditionOf(kind: Kind, value: string): AlertCondition {
  if (kind === 'disk') return { kind, minPct: Number(value) };
  if (kind === 'offline') return { kind, minutes: Number(value) };
  if (kind === 'memory') return { kind, minPct: Number(value) };
  if (kind === 'reboot_pending') return { kind, days: Number(value) };
  if (kind === 'finding') return { kind, code: value as keyof typeof FINDING_NAMES };
  return { kind, name: value };
}

/** Admins keep the alert rules: add one, turn one off or on, delete one. */
export function AlertRules() {
  const { data: rules, refresh } = usePoll(() => api.get<AlertRuleView[]>('/api/v1/alert-rules'), []);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Kind>('disk');
  const [value, setValue] = useState('90');
  const [action, setAction] = useState<'ticket' | 'notify'>('ticket');
  const [priority, setPriority] = useState('normal');
  const [group, setGroup] = useState('');
  const [forMinutes, setForMinutes] = useState('0');
  const [message, setMessage] = useState('');
  const run = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      setMessage(done);
      await refresh();
    } catch (err) {
      setMessage((err as ApiError).message);
    }
  };
  const add = (e: FormEvent) => {
    e.preventDefault();
    const rule: AlertRuleInput = { name, condition: conditionOf(kind, value), action, priority: priority as AlertRuleInput['priority'], group: group.trim() || null, forMinutes: Number(forMinutes), enabled: true };
    void run(() => api.post('/api/v1/alert-rules', rule), `Rule “${name}” added.`);
  };
  const toggle = (r: AlertRuleView) => {
    const { id, createdAt: _c, createdBy: _b, ...input } = r;
    void run(() => api.put(`/api/v1/alert-rules/${id}`, { ...input, enabled: !r.enabled }), `Rule “${r.name}” turned ${r.enabled ? 'off' : 'on'}.`);
  };
  return (
    <section aria-label="Alert rules">
      <h2>Rules</h2>
      <table>
        <thead>
          <tr>
            <th>Rule</th>
            <th>When</th>
            <th>Then</th>
            <th>PCs</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(rules ?? []).map((r) => (
            <tr key={r.id}>
              <td>{r.name}</td>
              <td>
                {describeCondition(r.condition)}
                {r.forMinutes > 0 && ` for ${r.forMinutes} min`}
              </td>
              <td>{r.action === 'ticket' ? `a ${r.priority} ticket` : 'email the technicians'}</td>
              <td>{r.group ?? 'all'}</td>
              <td>
                <button type="button" className="small secondary" onClick={() => toggle(r)}>
                  {r.enabled ? 'Turn off' : 'Turn on'}
                </button>{' '}
                <button type="button" className="small secondary" onClick={() => window.confirm(`Delete the rule “${r.name}” and its alerts?`) && void run(() => api.del(`/api/v1/alert-rules/${r.id}`), `Rule “${r.name}” deleted.`)}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={add} className="card">
        <h3>New rule</h3>
        <label>
          Name <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
        </label>
        <label>
          When
          <select
            value={kind}
            onChange={(e) => {
              const k = e.target.value as Kind;
              setKind(k);
              setValue(DEFAULTS[k] ?? '');
            }}
          >
            {KINDS.map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {kind === 'finding' ? (
          <label>
            Finding
            <select value={value} onChange={(e) => setValue(e.target.value)}>
              {Object.entries(FINDING_NAMES).map(([code, label]) => (
                <option key={code} value={code}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <label>
            {UNITS[kind] ?? 'Package'}
            <input value={value} onChange={(e) => setValue(e.target.value)} required inputMode={UNITS[kind] ? 'numeric' : 'text'} />
          </label>
        )}
        <label>
          Held for (minutes) <input value={forMinutes} onChange={(e) => setForMinutes(e.target.value)} inputMode="numeric" />
        </label>
        <label>
          Then
          <select value={action} onChange={(e) => setAction(e.target.value as 'ticket' | 'notify')}>
            <option value="ticket">Open a ticket</option>
            <option value="notify">Email the technicians</option>
          </select>
        </label>
        {action === 'ticket' && (
          <label>
            Priority
            <select value={priority} onChange={(e) => setPriority(e.target.value)}>
              {['critical', 'high', 'normal', 'low'].map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </label>
        )}
        <label>
          Only the group <input value={group} onChange={(e) => setGroup(e.target.value)} placeholder="every PC" />
        </label>
        <button type="submit">Add rule</button>
        {message && <p role="status">{message}</p>}
      </form>
    </section>
  );
}
