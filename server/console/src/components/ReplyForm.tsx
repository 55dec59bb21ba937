import { useState, type FormEvent } from 'react';
import type { CannedReply } from '../../../../shared/api/canned.js';
import { api, ApiError } from '../api.js';
import { usePoll } from '../hooks.js';
import type { TicketFull } from '../types.js';

/**
 * The reply box. A reply is sent against the version of the ticket its writer was looking at
 * when they began: if the ticket changed meanwhile (another technician replied, the status
 * moved), it is shown here at once and the server refuses the reply until the writer has seen
 * the change and chooses to send it anyway.
 */
export function ReplyForm({ ticket, staff, onSent }: { ticket: TicketFull; staff: boolean; onSent(): Promise<void> }) {
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  /** The ticket's version when the writer began this reply. */
  const [basedOn, setBasedOn] = useState<string | null>(null);
  const [refused, setRefused] = useState(false);
  const [error, setError] = useState('');
  const changed = basedOn !== null && basedOn !== ticket.updatedAt;
  const { data: canned } = usePoll(() => (staff ? api.get<CannedReply[]>('/api/v1/canned-replies') : Promise.resolve([])), [staff]);
  const insert = (title: string) => {
    const r = (canned ?? []).find((c) => c.title === title);
    if (!r) return;
    if (basedOn === null) setBasedOn(ticket.updatedAt);
    setBody(body.trim() ? `${body.trimEnd()}\n\n${r.body}` : r.body);
  };

  const send = async (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    try {
      await api.post(`/api/v1/tickets/${ticket.id}/comments`, { body, internal, ...(refused || basedOn === null ? {} : { basedOn }) });
      setBody('');
      setBasedOn(null);
      setRefused(false);
      setError('');
      await onSent();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'ticket_changed') {
        setRefused(true);
        await onSent();
      } else setError((err as Error).message);
    }
  };
  return (
    <form className="reply" onSubmit={(ev) => void send(ev)}>
      {changed && (
        <p className="warning" role="alert">
          {refused
            ? 'Not sent: this ticket changed while you were writing. Read the change above, then send again if your reply still fits.'
            : 'This ticket changed while you were writing (see above).'}
        </p>
      )}
      <label>
        Reply (Markdown)
        <textarea
          name="body"
          required
          rows={4}
          value={body}
          onChange={(e) => {
            if (basedOn === null) setBasedOn(ticket.updatedAt);
            setBody(e.target.value);
          }}
        />
      </label>
      {staff && (canned ?? []).length > 0 && (
        <label>
          Insert a canned reply
          <select value="" onChange={(e) => insert(e.target.value)}>
            <option value="">Choose…</option>
            {(canned ?? []).map((c) => (
              <option key={c.title}>{c.title}</option>
            ))}
          </select>
        </label>
      )}
      {staff && (
        <label className="inline">
          <input type="checkbox" name="internal" checked={internal} onChange={(e) => setInternal(e.target.checked)} /> Internal note (the requester does not see it)
        </label>
      )}
      {error && <p className="error">{error}</p>}
      <button type="submit">{refused ? 'Send anyway' : 'Send reply'}</button>
    </form>
  );
}
