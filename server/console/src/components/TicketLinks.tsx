import type { Ticket } from '../types.js';

/** A short list of tickets: number, summary (a link) and status. */
export function TicketLinks({ tickets }: { tickets: Ticket[] }) {
  return (
    <ul className="tickets">
      {tickets.map((t) => (
        <li key={t.id}>
          <a href={`#/tickets/${t.id}`}>
            #{t.id} {t.summary}
          </a>{' '}
          · {t.status}
        </li>
      ))}
    </ul>
  );
}
