import { useState } from 'react';
import { api, ApiError } from '../api.js';
import type { TicketFull } from '../types.js';

/**
 * The requester's side of a resolution: say whether it is fixed (closes it, or reopens it with
 * what is still wrong), and rate how it was handled, once.
 */
export function Verdict({ ticket, onDone }: { ticket: TicketFull; onDone(): Promise<void> }) {
  const [why, setWhy] = useState('');
  const [score, setScore] = useState('5');
  const [remark, setRemark] = useState('');
  const [error, setError] = useState('');
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      setError('');
      await onDone();
    } catch (err) {
      setError((err as ApiError).message);
    }
  };
  const resolved = ticket.status === 'resolved';
  const rateable = (resolved || ticket.status === 'closed') && !ticket.rating;
  if (!resolved && !rateable && !ticket.rating) return null;
  return (
    <section className="card verdict" aria-label="Your verdict">
      {resolved && (
        <>
          <p>IT marked this as resolved. Is it fixed?</p>
          <button type="button" onClick={() => void act(() => api.post(`/api/v1/tickets/${ticket.id}/confirm`, { fixed: true }))}>
            Yes, it is fixed
          </button>
          <label>
            Not fixed? Say what is still wrong
            <textarea rows={2} value={why} onChange={(e) => setWhy(e.target.value)} />
          </label>
          <button type="button" className="secondary" disabled={!why.trim()} onClick={() => void act(() => api.post(`/api/v1/tickets/${ticket.id}/confirm`, { fixed: false, comment: why }))}>
            No, it is not fixed
          </button>
        </>
      )}
      {rateable && (
        <div className="rate">
          <label>
            How well was your request handled?
            <select value={score} onChange={(e) => setScore(e.target.value)}>
              {['5 — excellent', '4 — good', '3 — fair', '2 — poor', '1 — very poor'].map((label) => (
                <option key={label} value={label[0]}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Anything to add? (optional)
            <input value={remark} maxLength={2000} onChange={(e) => setRemark(e.target.value)} />
          </label>
          <button type="button" onClick={() => void act(() => api.post(`/api/v1/tickets/${ticket.id}/rating`, { score: Number(score), comment: remark }))}>
            Rate
          </button>
        </div>
      )}
      {ticket.rating && (
        <p className="muted">
          Rated {ticket.rating.score} out of 5{ticket.rating.comment ? `: “${ticket.rating.comment}”` : ''}
        </p>
      )}
      {error && <p className="error">{error}</p>}
    </section>
  );
}
