import { useState, type FormEvent } from 'react';
import type { ScriptInput, ScriptView } from '../../../../shared/api/scripts.js';
import { api, ApiError } from '../api.js';
import { usePoll } from '../hooks.js';

const EMPTY: ScriptInput = { name: '', shell: 'bash', body: '', timeoutSeconds: 300, description: '' };

/** The script library: technicians see it; admins add, change and delete scripts. */
export function ScriptLibrary({ admin, onChanged }: { admin: boolean; onChanged(): void }) {
  const { data: scripts, refresh } = usePoll(() => api.get<ScriptView[]>('/api/v1/scripts'), []);
  const [editing, setEditing] = useState<number | null>(null);
  const [form, setForm] = useState<ScriptInput>(EMPTY);
  const [message, setMessage] = useState('');
  const set = <K extends keyof ScriptInput>(k: K, v: ScriptInput[K]) => setForm({ ...form, [k]: v });
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      if (editing === null) await api.post('/api/v1/scripts', form);
      else await api.put(`/api/v1/scripts/${editing}`, form);
      setMessage(`Script “${form.name}” saved.`);
      setEditing(null);
      setForm(EMPTY);
      await refresh();
      onChanged();
    } catch (err) {
      setMessage((err as ApiError).message);
    }
  };
  const remove = async (s: ScriptView) => {
    if (!window.confirm(`Delete the script “${s.name}”?`)) return;
    await api.del(`/api/v1/scripts/${s.id}`);
    await refresh();
    onChanged();
  };
  return (
    <section aria-label="Script library">
      <h2>Script library</h2>
      <ul className="scripts">
        {(scripts ?? []).map((s) => (
          <li key={s.id}>
            <strong>{s.name}</strong> <span className="muted">({s.shell}, {s.timeoutSeconds} s{s.description ? ` · ${s.description}` : ''})</span>
            {admin && (
              <>
                {' '}
                <button
                  type="button"
                  className="small secondary"
                  onClick={() => {
                    setEditing(s.id);
                    setForm({ name: s.name, shell: s.shell, body: s.body, timeoutSeconds: s.timeoutSeconds, description: s.description });
                  }}
                >
                  Edit
                </button>{' '}
                <button type="button" className="small secondary" onClick={() => void remove(s)}>
                  Delete
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      {admin && (
        <form className="card" onSubmit={(e) => void save(e)} aria-label="Script editor">
          <h3>{editing === null ? 'New script' : `Editing “${form.name}”`}</h3>
          <label>
            Script name <input value={form.name} onChange={(e) => set('name', e.target.value)} required maxLength={100} />
          </label>
          <label>
            Script shell
            <select value={form.shell} onChange={(e) => set('shell', e.target.value as ScriptInput['shell'])}>
              {['bash', 'sh', 'powershell', 'cmd'].map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          <label>
            Script body <textarea rows={6} className="mono" value={form.body} onChange={(e) => set('body', e.target.value)} required />
          </label>
          <label>
            Timeout (seconds) <input inputMode="numeric" value={form.timeoutSeconds} onChange={(e) => set('timeoutSeconds', Number(e.target.value) || 0)} />
          </label>
          <label>
            Description <input value={form.description} onChange={(e) => set('description', e.target.value)} />
          </label>
          <button type="submit">Save script</button>
          {message && <p role="status">{message}</p>}
        </form>
      )}
    </section>
  );
}
