import { useCallback, useEffect, useRef, useState } from 'react';
import type { AttentionCounts } from '../../../../shared/api/live.js';
import { alertFor } from '../alerts.js';
import { api } from '../api.js';
import { useLive } from '../live.js';
import type { Ticket, User } from '../types.js';

const TITLE = document.title;

/**
 * For technicians: the tab title counts the tickets that want attention (new, or past a target),
 * kept current by the live stream; and once allowed, a browser notification announces a ticket
 * assigned to them, a requester's reply and a breach.
 */
export function LiveAlerts({ user }: { user: User }) {
  const supported = typeof Notification !== 'undefined';
  const [permission, setPermission] = useState(supported ? Notification.permission : 'denied');
  const pending = useRef<number | undefined>(undefined);
  const count = useCallback(() => {
    clearTimeout(pending.current);
    // A burst of changes (a reply moves the status too) reads the counts once.
    pending.current = window.setTimeout(() => {
      api.get<AttentionCounts>('/api/v1/tickets/attention').then(
        (c) => (document.title = c.total > 0 ? `(${c.total}) ${TITLE}` : TITLE),
        () => undefined,
      );
    }, 200);
  }, []);
  useEffect(() => {
    count();
    return () => {
      clearTimeout(pending.current);
      document.title = TITLE;
    };
  }, [count]);
  useLive((e) => {
    count();
    if (e.type !== 'ticket' || !supported || Notification.permission !== 'granted') return;
    const text = alertFor(e.activity, user);
    if (!text) return;
    const id = e.activity.ticketId;
    void api.get<Ticket>(`/api/v1/tickets/${id}`).then(
      (t) => {
        const n = new Notification(text, { body: t.summary, tag: `deskside-ticket-${id}` });
        n.onclick = () => {
          window.focus();
          location.hash = `#/tickets/${id}`;
        };
      },
      () => undefined,
    );
  });
  if (!supported || permission !== 'default') return null;
  return (
    <button type="button" className="secondary small" onClick={() => void Notification.requestPermission().then(setPermission)}>
      Turn on notifications
    </button>
  );
}
