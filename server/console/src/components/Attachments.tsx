import { useState } from 'react';
import { download } from '../api.js';
import type { TicketFull } from '../types.js';
import { bytes } from './Badges.js';

type Attachment = TicketFull['attachments'][number];

/** Files that came with a ticket (an email's attachments), each a download (api.ts). */
export function Attachments({ ticketId, attachments }: { ticketId: number; attachments: Attachment[] }) {
  const [error, setError] = useState('');
  if (attachments.length === 0) return null;
  const save = async (a: Attachment) => {
    try {
      await download(`/api/v1/tickets/${ticketId}/attachments/${a.id}`, a.filename);
      setError('');
    } catch (err) {
      setError(`Cannot download ${a.filename}: ${(err as Error).message}`);
    }
  };
  return (
    <div className="attachments">
      <h3>Attachments</h3>
      {error && <p className="error" role="alert">{error}</p>}
      <ul>
        {attachments.map((a) => (
          <li key={a.id}>
            <button type="button" className="small secondary" onClick={() => void save(a)}>
              {a.filename}
            </button>{' '}
            <span className="muted">
              {bytes(a.size)} · {a.contentType}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
