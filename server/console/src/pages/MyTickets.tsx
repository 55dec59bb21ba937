import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api.js';
import { useAuth } from '../auth.js';
import { Markdown } from '../components/Markdown.js';
import { RequesterPicker, type Requester } from '../components/RequesterPicker.js';
import { TicketLinks } from '../components/TicketLinks.js';
import { useLiveRefresh, usePoll } from '../hooks.js';
import { go } from '../router.js';
import type { FaqArticle, Ticket } from '../types.js';

/** An employee's own requests, and a form to open one (FAQ answers suggested while typing). */
export function MyTickets() {
  const { user } = useAuth();
  const { data, refresh } = usePoll(() => api.get<Ticket[]>('/api/v1/tickets?limit=100'), [], 60_000);
  useLiveRefresh(refresh, () => true);
  return (
    <section>
      <h1>{user!.role === 'employee' ? 'My requests' : 'New ticket'}</h1>
      <NewTicket staff={user!.role !== 'employee'} />
      {user!.role === 'employee' && <TicketLinks tickets={data ?? []} />}
    </section>
  );
}

/** How a technician heard of it; an employee's own request comes through the web. */
const STAFF_CHANNELS = [
  ['phone', 'By phone'],
  ['walk-in', 'In person'],
  ['email', 'By email'],
  ['web', 'Web'],
] as const;

function NewTicket({ staff }: { staff: boolean }) {
  const [summary, setSummary] = useState('');
  const [requester, setRequester] = useState<Requester>({ person: null, deviceId: '' });
  const [error, setError] = useState('');
  const { data: categories } = usePoll(() => api.get<string[]>('/api/v1/ticket-categories'), []);
  const { data: suggestions } = usePoll(
    () => (summary.trim().length >= 3 ? api.get<FaqArticle[]>(`/api/v1/faq/suggestions?limit=3&q=${encodeURIComponent(summary)}`) : Promise.resolve([])),
    [summary],
  );
  const submit = async (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const f = new FormData(ev.currentTarget);
    try {
      const onBehalf = staff
        ? {
            channel: f.get('channel'),
            ...(requester.person ? { requester: requester.person.username } : {}),
            ...(requester.deviceId ? { deviceId: requester.deviceId } : {}),
          }
        : {};
      const t = await api.post<Ticket>('/api/v1/tickets', { summary, details: f.get('details'), priority: f.get('priority'), ...(f.get('category') ? { category: f.get('category') } : {}), ...onBehalf });
      go(`tickets/${t.id}`);
    } catch (err) {
      setError((err as ApiError).message);
    }
  };
  return (
    <form className="card" onSubmit={submit} aria-label="New ticket">
      {staff && (
        <>
          <RequesterPicker value={requester} onChange={setRequester} />
          <label>
            How it came in
            <select name="channel" defaultValue="phone">
              {STAFF_CHANNELS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
      <label>
        What is wrong?
        <input value={summary} onChange={(e) => setSummary(e.target.value)} required minLength={3} maxLength={200} />
      </label>
      {(suggestions ?? []).map((a) => (
        <details key={a.id} className="suggestion">
          <summary>{a.title}</summary>
          <Markdown text={a.body} />
        </details>
      ))}
      <label>
        Details
        <textarea name="details" rows={4} />
      </label>
      <label>
        Priority
        <select name="priority" defaultValue="normal">
          <option>low</option>
          <option>normal</option>
          <option>high</option>
          <option>critical</option>
        </select>
      </label>
      {(categories ?? []).length > 0 && (
        <label>
          Category
          <select name="category" defaultValue="">
            <option value="">Not sure</option>
            {categories!.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
      )}
      {error && <p className="error">{error}</p>}
      <button type="submit">Send</button>
    </form>
  );
}
