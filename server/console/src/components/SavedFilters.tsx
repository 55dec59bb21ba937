import { useState } from 'react';

const key = (kind: string) => `deskside.filters.${kind}`;

function load(kind: string): Record<string, string> {
  try {
    const saved = JSON.parse(localStorage.getItem(key(kind)) ?? '{}') as unknown;
    if (saved && typeof saved === 'object' && !Array.isArray(saved)) {
      return Object.fromEntries(Object.entries(saved).filter((e): e is [string, string] => typeof e[1] === 'string'));
    }
  } catch {
    // A damaged entry is dropped rather than breaking the page.
  }
  return {};
}

/** Named filters kept in this browser: save the current one, apply or delete a saved one. */
export function SavedFilters({ kind, current, onApply }: { kind: string; current: string; onApply(query: string): void }) {
  const [saved, setSaved] = useState(() => load(kind));
  const [chosen, setChosen] = useState('');
  const store = (next: Record<string, string>) => {
    localStorage.setItem(key(kind), JSON.stringify(next));
    setSaved(next);
  };
  const save = () => {
    const name = window.prompt('Name this filter (e.g. "OpenSSL 3.0 on Finance PCs")')?.trim();
    if (name) {
      store({ ...saved, [name]: current });
      setChosen(name);
    }
  };
  return (
    <span className="saved-filters">
      <select
        aria-label="Saved filters"
        value={chosen}
        onChange={(e) => {
          setChosen(e.target.value);
          if (e.target.value in saved) onApply(saved[e.target.value]!);
        }}
      >
        <option value="">Saved filters…</option>
        {Object.keys(saved)
          .sort()
          .map((name) => (
            <option key={name}>{name}</option>
          ))}
      </select>{' '}
      <button type="button" className="secondary" onClick={save} disabled={!current}>
        Save filter
      </button>
      {chosen && chosen in saved && (
        <>
          {' '}
          <button
            type="button"
            className="secondary"
            onClick={() => {
              const { [chosen]: _gone, ...rest } = saved;
              store(rest);
              setChosen('');
            }}
          >
            Delete “{chosen}”
          </button>
        </>
      )}
    </span>
  );
}
