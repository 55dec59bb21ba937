import { useEffect, useState } from 'react';
import { api, ApiError } from '../api.js';
import { usePoll } from '../hooks.js';
import type { SavedFilter } from '../types.js';

type Kind = SavedFilter['kind'];

/** Filters an earlier console kept in this browser: moved to the server once, then forgotten here. */
async function importFromBrowser(kind: Kind): Promise<void> {
  const key = `deskside.filters.${kind}`;
  const raw = localStorage.getItem(key);
  if (raw === null) return;
  try {
    const saved = JSON.parse(raw) as unknown;
    if (saved && typeof saved === 'object' && !Array.isArray(saved)) {
      for (const [name, query] of Object.entries(saved)) {
        if (typeof query === 'string') await api.post('/api/v1/saved-filters', { kind, name: name.slice(0, 100), query, shared: false }).catch(() => undefined);
      }
    }
  } catch {
    // A damaged entry is dropped rather than breaking the page.
  }
  localStorage.removeItem(key);
}

const label = (f: SavedFilter) => (f.shared ? `${f.name} (shared by ${f.owner})` : f.name);

/** Named filters kept on the server for this technician (or shared with the team): save the current one, apply or delete one. */
export function SavedFilters({ kind, current, onApply }: { kind: Kind; current: string; onApply(query: string): void }) {
  const { data, refresh } = usePoll(async () => {
    await importFromBrowser(kind);
    return api.get<SavedFilter[]>(`/api/v1/saved-filters?kind=${kind}`);
  }, [kind]);
  const saved = data ?? [];
  const [chosen, setChosen] = useState<number | null>(null);
  const [share, setShare] = useState(false);
  const [error, setError] = useState('');
  const selected = saved.find((f) => f.id === chosen);
  useEffect(() => {
    if (chosen !== null && data && !selected) setChosen(null);
  }, [chosen, data, selected]);
  const save = async () => {
    const name = window.prompt('Name this filter (e.g. "OpenSSL 3.0 on Finance PCs")')?.trim();
    if (!name) return;
    try {
      const f = await api.post<SavedFilter>('/api/v1/saved-filters', { kind, name, query: current, shared: share });
      setError('');
      await refresh();
      setChosen(f.id);
    } catch (err) {
      setError((err as ApiError).message);
    }
  };
  const remove = async (f: SavedFilter) => {
    try {
      await api.del(`/api/v1/saved-filters/${f.id}`);
      setError('');
      setChosen(null);
      await refresh();
    } catch (err) {
      setError((err as ApiError).message);
    }
  };
  return (
    <span className="saved-filters">
      <select
        aria-label="Saved filters"
        value={chosen ?? ''}
        onChange={(e) => {
          const f = saved.find((x) => x.id === Number(e.target.value));
          setChosen(f ? f.id : null);
          if (f) onApply(f.query);
        }}
      >
        <option value="">Saved filters…</option>
        {saved.map((f) => (
          <option key={f.id} value={f.id}>
            {label(f)}
          </option>
        ))}
      </select>{' '}
      <button type="button" className="secondary" onClick={() => void save()} disabled={!current}>
        Save filter
      </button>{' '}
      <label className="check">
        <input type="checkbox" checked={share} onChange={(e) => setShare(e.target.checked)} /> Share with the team
      </label>
      {selected?.mine && (
        <>
          {' '}
          <button type="button" className="secondary" onClick={() => void remove(selected)}>
            Delete “{selected.name}”
          </button>
        </>
      )}
      {error && (
        <span className="error" role="alert">
          {' '}
          {error}
        </span>
      )}
    </span>
  );
}
