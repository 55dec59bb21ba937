import { useEffect, useState } from 'react';
import type { PersonView } from '../../../../shared/api/people.js';
import { api, ApiError } from '../api.js';

export interface Requester {
  person: PersonView | null;
  deviceId: string;
}

const describe = (p: PersonView) => [p.name, p.username !== p.name ? p.username : null, p.email !== p.username ? p.email : null, p.phone].filter(Boolean).join(' · ');

/**
 * Whom a technician opens a ticket for: search accounts and contacts by name, email or phone,
 * or add a contact on the spot (a caller without an account), then pick one of their PCs.
 */
export function RequesterPicker({ value, onChange }: { value: Requester; onChange(r: Requester): void }) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<PersonView[]>([]);
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState('');
  useEffect(() => {
    if (!q.trim()) return setFound([]);
    const t = setTimeout(() => {
      api.get<PersonView[]>(`/api/v1/people?q=${encodeURIComponent(q.trim())}`).then(setFound, (err: Error) => setError(err.message));
    }, 200);
    return () => clearTimeout(t);
  }, [q]);
  const pick = (person: PersonView) => {
    onChange({ person, deviceId: person.devices.length === 1 ? person.devices[0]!.id : '' });
    setQ('');
    setFound([]);
    setAdding(false);
  };
  const [contact, setContact] = useState({ name: '', email: '', phone: '' });
  const add = async () => {
    const text = (k: keyof typeof contact) => contact[k].trim() || undefined;
    try {
      pick(await api.post<PersonView>('/api/v1/contacts', { name: text('name'), email: text('email'), phone: text('phone') }));
      setContact({ name: '', email: '', phone: '' });
      setError('');
    } catch (err) {
      setError((err as ApiError).message);
    }
  };

  if (value.person) {
    const p = value.person;
    return (
      <fieldset className="requester">
        <legend>Requester</legend>
        <p>
          <strong>{p.name ?? p.username}</strong> {p.contact && <span className="badge">contact</span>} <span className="muted">{describe(p)}</span>{' '}
          <button type="button" className="secondary small" onClick={() => onChange({ person: null, deviceId: '' })}>
            Change
          </button>
        </p>
        <label>
          Their PC
          <select value={value.deviceId} onChange={(e) => onChange({ ...value, deviceId: e.target.value })}>
            <option value="">No PC</option>
            {p.devices.map((d) => (
              <option key={d.id} value={d.id}>
                {d.hostname}
              </option>
            ))}
          </select>
        </label>
      </fieldset>
    );
  }
  return (
    <fieldset className="requester">
      <legend>Requester</legend>
      <label>
        Find someone (name, email or phone)
        <input value={q} onChange={(e) => setQ(e.target.value)} placeholder="Leave empty to open it for yourself" />
      </label>
      {found.length > 0 && (
        <ul className="people" aria-label="People found">
          {found.map((p) => (
            <li key={p.id}>
              <button type="button" className="link" onClick={() => pick(p)}>
                {p.name ?? p.username}
              </button>{' '}
              {p.contact && <span className="badge">contact</span>} <span className="muted">{describe(p)}</span>
            </li>
          ))}
        </ul>
      )}
      {q.trim() && found.length === 0 && <p className="muted">Nobody found.</p>}
      {error && <p className="error">{error}</p>}
      {!adding ? (
        <button type="button" className="secondary small" onClick={() => setAdding(true)}>
          Add a contact
        </button>
      ) : (
        // Not a form of its own: it sits inside the ticket's form, and forms do not nest.
        <div className="card" role="group" aria-label="New contact">
          {(['name', 'email', 'phone'] as const).map((k) => (
            <label key={k}>
              {k === 'name' ? 'Name' : k === 'email' ? 'Email' : 'Phone'}
              <input
                type={k === 'email' ? 'email' : k === 'phone' ? 'tel' : 'text'}
                maxLength={k === 'email' ? 254 : 100}
                value={contact[k]}
                onChange={(e) => setContact({ ...contact, [k]: e.target.value })}
              />
            </label>
          ))}
          <button type="button" onClick={() => void add()}>
            Add contact
          </button>
        </div>
      )}
    </fieldset>
  );
}
