import { useState } from 'react';
import { api } from '../api.js';
import { usePoll } from '../hooks.js';
import type { Audit } from '../types.js';
import { FaqEditor, SlaEditor } from './AdminSettings.js';
import { AdminTokens } from './AdminTokens.js';
import { AdminUsers } from './AdminUsers.js';
import { AdminMail } from './AdminMail.js';

/** Users and roles, enrollment tokens with the enroll command, settings and the audit log. */
export function Admin() {
  const [action, setAction] = useState('');
  const audit = usePoll(() => api.get<Audit[]>(`/api/v1/audit?limit=100${action ? `&action=${encodeURIComponent(action)}` : ''}`), [action], 10_000);
  return (
    <section>
      <h1>Administration</h1>
      <div className="grid">
        <AdminUsers />
        <AdminTokens />
      </div>
      <div className="grid">
        <SlaEditor />
        <FaqEditor />
      </div>
      <AdminMail />
      <h2>Audit log</h2>
      <input aria-label="Filter by action" placeholder="action, e.g. session.start" value={action} onChange={(e) => setAction(e.target.value)} />
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>Action</th>
              <th>Target</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {(audit.data ?? []).map((e) => (
              <tr key={e.id}>
                <td>{new Date(e.at).toLocaleString()}</td>
                <td>{e.actor ?? '—'}</td>
                <td>{e.action}</td>
                <td>{e.target ?? '—'}</td>
                <td className="details">{JSON.stringify(e.details)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
