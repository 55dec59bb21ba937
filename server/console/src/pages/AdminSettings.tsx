import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api.js';
import { usePoll } from '../hooks.js';
import type { FaqArticle } from '../types.js';

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
