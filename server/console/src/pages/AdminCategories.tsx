import { useEffect, useState } from 'react';
import { api, ApiError } from '../api.js';
import { usePoll } from '../hooks.js';

/** The ticket categories, one per line; tickets keep theirs when the list changes. */
export function AdminCategories() {
  const { data, refresh } = usePoll(() => api.get<string[]>('/api/v1/ticket-categories'), []);
  const [text, setText] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  useEffect(() => {
    if (data) setText((current) => current ?? data.join('\n'));
  }, [data]);
  if (text === null) return <p className="muted">Loading…</p>;
  const save = async () => {
    const list = text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    try {
      await api.put('/api/v1/ticket-categories', list);
      setMessage(`${list.length} categories saved.`);
      await refresh();
    } catch (err) {
      setMessage((err as ApiError).message);
    }
  };
  return (
    <div className="card" role="group" aria-label="Ticket categories">
      <h2>Ticket categories</h2>
      <label>
        One per line
        <textarea rows={5} value={text} onChange={(e) => setText(e.target.value)} placeholder={'Hardware\nSoftware\nAccounts and access'} />
      </label>
      <button type="button" onClick={() => void save()}>
        Save categories
      </button>
      {message && <p role="status">{message}</p>}
    </div>
  );
}
