import { useEffect, useState } from 'react';
import type { CannedReply } from '../../../../shared/api/canned.js';
import { api, ApiError } from '../api.js';
import { usePoll } from '../hooks.js';

/** The desk's canned replies: technicians insert them in the reply box and adapt them. */
export function AdminCanned() {
  const { data, refresh } = usePoll(() => api.get<CannedReply[]>('/api/v1/canned-replies'), []);
  // Null until the stored list arrives: the editor starts from it, and edits made meanwhile are not lost.
  const [list, setList] = useState<CannedReply[] | null>(null);
  const [message, setMessage] = useState('');
  useEffect(() => {
    if (data) setList((current) => current ?? data);
  }, [data]);
  if (!list) return <p className="muted">Loading…</p>;
  const change = (i: number, k: keyof CannedReply, v: string) => setList(list.map((r, j) => (j === i ? { ...r, [k]: v } : r)));
  const save = async () => {
    try {
      await api.put('/api/v1/canned-replies', list);
      setMessage('Canned replies saved.');
      await refresh();
    } catch (err) {
      setMessage((err as ApiError).message);
    }
  };
  return (
    <div className="card" role="group" aria-label="Canned replies">
      <h2>Canned replies</h2>
      {list.map((r, i) => (
        <fieldset key={i} className="canned">
          <label>
            Title
            <input value={r.title} maxLength={100} onChange={(e) => change(i, 'title', e.target.value)} />
          </label>
          <label>
            Reply (Markdown)
            <textarea rows={3} value={r.body} onChange={(e) => change(i, 'body', e.target.value)} />
          </label>
          <button type="button" className="secondary small" onClick={() => setList(list.filter((_, j) => j !== i))}>
            Remove
          </button>
        </fieldset>
      ))}
      <button type="button" className="secondary" onClick={() => setList([...list, { title: '', body: '' }])}>
        Add a canned reply
      </button>{' '}
      <button type="button" onClick={() => void save()}>
        Save canned replies
      </button>
      {message && <p role="status">{message}</p>}
    </div>
  );
}
