import { useState } from 'react';
import { getToken } from '../api.js';
import type { TicketFull } from '../types.js';
import { bytes } from './Badges.js';

type Attachment = TicketFull['attachments'][number];

/**
 * Files that came with a ticket (an email's attachments). The API wants the bearer token, which
 * a plain link cannot carry: the file is fetched and handed to the browser as a download, never
 * opened in the console's own page.
 */
export function Attachments({ ticketId, attachments }: { ticketId: number; attachments: Attachment[] }) {
  const [error, setError] = useState('');
  if (attachments.length === 0) return null;
  const download = async (a: Attachment) => {
    try {
      const res = await fetch(`/api/v1/tickets/${ticketId}/attachments/${a.id}`, { headers: { authorization: `Bearer ${getToken()}` } });
      if (!res.ok) throw new Error(((await res.json()) as { error: { message: string } }).error.message);
      const link = document.createElement('a');
      link.href = URL.createObjectURL(await res.blob());
      link.download = a.filename;
      link.click();
      URL.revokeObjectURL(link.href);
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
            <button type="button" className="small secondary" onClick={() => void download(a)}>
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
