import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api.js';
import { usePoll } from '../hooks.js';
import type { FaqArticle } from '../types.js';

const PRIORITIES = ['critical', 'high', 'normal', 'low'] as const;
type Targets = Record<(typeof PRIORITIES)[number], { responseMinutes: number; resolveMinutes: number }>;
interface Policy {
  targets: Targets;
  calendar: unknown;
}

/** SLA targets per priority and the business calendar (as the API's JSON, validated by the server). */
export function SlaEditor() {
  const { data, refresh } = usePoll(() => api.get<Policy>('/api/v1/sla-policy'), []);
  const [targets, setTargets] = useState<Targets | null>(null);
  const [calendar, setCalendar] = useState('');
  const [message, setMessage] = useState('');
  useEffect(() => {
    if (!data) return;
    setTargets(data.targets);
    setCalendar(JSON.stringify(data.calendar, null, 2));
  }, [data]);
  if (!targets) return <p className="muted">Loading…</p>;
  const parsed = (): { ok: true; calendar: unknown } | { ok: false } => {
    try {
      return { ok: true, calendar: JSON.parse(calendar || 'null') };
    } catch {
      setMessage('The calendar is not valid JSON.');
      return { ok: false };
    }
  };
  const preview = async () => {
    const cal = parsed();
    if (!cal.ok) return;
    try {
      const p = await api.post<{ tickets: number; changed: number; becomeBreached: number }>('/api/v1/sla-policy/preview', { targets, calendar: cal.calendar });
      setMessage(`Saving would change the SLA state of ${p.changed} of ${p.tickets} open tickets now; ${p.becomeBreached} would become breached.`);
    } catch (err) {
      setMessage((err as ApiError).message);
    }
  };
  const save = async (ev: FormEvent) => {
    ev.preventDefault();
    const cal = parsed();
    if (!cal.ok) return;
    try {
      await api.put('/api/v1/sla-policy', { targets, calendar: cal.calendar });
      setMessage('SLA policy saved; open tickets were recomputed.');
      await refresh();
    } catch (err) {
      setMessage((err as ApiError).message);
    }
  };
  const set = (p: keyof Targets, k: 'responseMinutes' | 'resolveMinutes', v: string) => setTargets({ ...targets, [p]: { ...targets[p], [k]: Number(v) } });
  return (
    <form className="card" onSubmit={save} aria-label="SLA policy">
      <h2>SLA policy</h2>
      <table>
        <thead>
          <tr>
            <th>Priority</th>
            <th>First response (min)</th>
            <th>Resolution (min)</th>
          </tr>
        </thead>
        <tbody>
          {PRIORITIES.map((p) => (
            <tr key={p}>
              <td>{p}</td>
              <td>
                <input type="number" min={1} aria-label={`${p} response minutes`} value={targets[p].responseMinutes} onChange={(e) => set(p, 'responseMinutes', e.target.value)} />
              </td>
              <td>
                <input type="number" min={1} aria-label={`${p} resolution minutes`} value={targets[p].resolveMinutes} onChange={(e) => set(p, 'resolveMinutes', e.target.value)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <label>
        Business calendar (null: the clock runs 24×7; weekly index 0 is Sunday, minutes after midnight)
        <textarea rows={8} value={calendar} onChange={(e) => setCalendar(e.target.value)} spellCheck={false} />
      </label>
      {message && <p role="status">{message}</p>}
      <button type="button" className="secondary" onClick={() => void preview()}>
        Preview the change
      </button>{' '}
      <button type="submit">Save SLA policy</button>
    </form>
  );
}

/** FAQ articles: create, edit, delete; the findings they answer link them to diagnostics. */
export function FaqEditor() {
  const { data, refresh } = usePoll(() => api.get<FaqArticle[]>('/api/v1/faq?limit=100'), []);
  const [editing, setEditing] = useState<FaqArticle | 'new' | null>(null);
  const [message, setMessage] = useState('');
  const save = async (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const f = new FormData(ev.currentTarget);
    const body = {
      title: f.get('title'),
      body: f.get('body'),
      category: f.get('category') || 'General',
      findings: String(f.get('findings') ?? '')
        .split(/[\s,]+/)
        .filter(Boolean),
    };
    try {
      if (editing === 'new') await api.post('/api/v1/faq', body);
      else if (editing) await api.patch(`/api/v1/faq/${editing.id}`, body);
      setEditing(null);
      setMessage('Article saved.');
      await refresh();
    } catch (err) {
      setMessage((err as ApiError).message);
    }
  };
  const remove = async (a: FaqArticle) => {
    if (!confirm(`Delete "${a.title}"?`)) return;
    await api.del(`/api/v1/faq/${a.id}`);
    await refresh();
  };
  const current = editing && editing !== 'new' ? editing : null;
  return (
    <div className="card">
      <h2>FAQ articles</h2>
      {message && <p role="status">{message}</p>}
      <ul>
        {(data ?? []).map((a) => (
          <li key={a.id}>
            {a.title} <span className="muted">({a.category}; {a.views} views, solved {a.solved})</span>{' '}
            <button type="button" className="small secondary" onClick={() => setEditing(a)}>
              Edit
            </button>{' '}
            <button type="button" className="small secondary" onClick={() => void remove(a)}>
              Delete
            </button>
          </li>
        ))}
      </ul>
      {editing ? (
        <form key={current?.id ?? 'new'} onSubmit={save} aria-label="FAQ article">
          <label>
            Title
            <input name="title" required minLength={3} defaultValue={current?.title} />
          </label>
          <label>
            Answer (Markdown)
            <textarea name="body" rows={6} required defaultValue={current?.body} />
          </label>
          <label>
            Category
            <input name="category" defaultValue={current?.category ?? 'General'} />
          </label>
          <label>
            Findings it answers (e.g. disk_full, dns_failure)
            <input name="findings" defaultValue={current?.findings.join(', ')} />
          </label>
          <button type="submit">Save article</button>{' '}
          <button type="button" className="secondary" onClick={() => setEditing(null)}>
            Cancel
          </button>
        </form>
      ) : (
        <button type="button" onClick={() => setEditing('new')}>
          New article
        </button>
      )}
    </div>
  );
}
