import { useState } from 'react';
import { api } from '../api.js';
import { useAuth } from '../auth.js';
import { OnlineBadge, bytes } from '../components/Badges.js';
import { RemoteTerminal } from '../components/Terminal.js';
import { DeviceUsers } from '../components/DeviceUsers.js';
import { DeviceActions } from '../components/DeviceActions.js';
import { TicketLinks } from '../components/TicketLinks.js';
import { InventoryHistory, InventorySections } from '../components/InventorySections.js';
import { DeviceJobs } from '../components/DeviceJobs.js';
import { DeviceTransfers } from '../components/DeviceTransfers.js';
import { filesStart, RemoteFiles } from '../components/RemoteFiles.js';
import { timeAgo, usePoll } from '../hooks.js';
import type { DeviceDetail, SessionView, Ticket } from '../types.js';

/** One workstation: every inventory section, its software (searchable), history, tickets, sessions. */
export function DevicePage({ id }: { id: string }) {
  const { user } = useAuth();
  const { data: d, error, refresh } = usePoll(() => api.get<DeviceDetail>(`/api/v1/devices/${id}`), [id], 5000);
  const { data: tickets } = usePoll(() => api.get<Ticket[]>(`/api/v1/tickets?device=${id}&limit=50`), [id]);
  const { data: sessions } = usePoll(() => api.get<SessionView[]>(`/api/v1/sessions?device=${id}&limit=20`), [id]);
  const [filter, setFilter] = useState('');
  const [shell, setShell] = useState(false);
  const [files, setFiles] = useState(false);
  if (error && !d) return <p className="error">{error}</p>;
  if (!d) return <p className="muted">Loading…</p>;
  const inv = d.inventory;
  const software = (inv?.software ?? []).filter((s) => s.name.toLowerCase().includes(filter.toLowerCase()));
  return (
    <section>
      <h1>
        {d.name ?? d.hostname} <OnlineBadge online={d.online} />
      </h1>
      {d.name && <p className="muted">hostname {d.hostname}</p>}
      <p className="meta">
        {d.os ?? 'unknown OS'} · agent {d.agentVersion ?? '—'} · last seen {d.online ? 'now' : timeAgo(d.lastSeen)} · consent {d.consent}
        {d.group ? ` · group ${d.group}` : ''}
      </p>
      {user!.role === 'admin' && (
        <div className="controls">
          <label>
            Consent policy
            <select value={d.consent} onChange={(e) => void api.patch(`/api/v1/devices/${id}`, { consent: e.target.value }).then(refresh)}>
              <option value="prompt">prompt: the employee accepts</option>
              <option value="notify">notify: the employee is told</option>
              <option value="unattended">unattended: nobody at the PC</option>
            </select>
          </label>
          {d.online && (
            <button type="button" onClick={() => setShell((s) => !s)}>
              {shell ? 'Close shell' : 'Open shell'}
            </button>
          )}
          {d.online && (
            <button type="button" onClick={() => setFiles((f) => !f)}>
              {files ? 'Close files' : 'Files'}
            </button>
          )}
        </div>
      )}
      {shell && <RemoteTerminal deviceId={id} reason="opened from the device page" />}
      {files && <RemoteFiles deviceId={id} start={filesStart(d.os)} />}
      {user!.role === 'admin' && <DeviceActions device={d} onChanged={refresh} />}
      {inv && (
        <div className="grid">
          <div className="card">
            <h2>System</h2>
            <dl className="facts">
              <dt>Model</dt>
              <dd>{[inv.system.manufacturer, inv.system.model].filter(Boolean).join(' ') || '—'}</dd>
              <dt>Serial</dt>
              <dd>{inv.system.serial ?? '—'}</dd>
              <dt>Address</dt>
              <dd>{d.ipAddress ?? '—'}</dd>
              <dt>OS</dt>
              <dd>{[inv.os.distro, inv.os.release, inv.os.arch].filter(Boolean).join(' ')}</dd>
              <dt>Kernel</dt>
              <dd>{inv.os.kernel ?? '—'}</dd>
              <dt>BIOS</dt>
              <dd>{[inv.bios.vendor, inv.bios.version].filter(Boolean).join(' ') || '—'}</dd>
            </dl>
          </div>
          <div className="card">
            <h2>Hardware</h2>
            <dl className="facts">
              <dt>CPU</dt>
              <dd>
                {inv.cpu.brand ?? '—'} · {inv.cpu.cores} cores
              </dd>
              <dt>Memory</dt>
              <dd>{bytes(inv.memory.totalBytes)}</dd>
              {inv.disks.filesystems.map((v) => (
                <div key={v.mount} className="fact">
                  <dt>Disk {v.mount}</dt>
                  <dd>
                    {bytes(v.sizeBytes - v.usedBytes)} free of {bytes(v.sizeBytes)}
                  </dd>
                </div>
              ))}
            </dl>
          </div>
        </div>
      )}
      {inv && <InventorySections inv={inv} />}
      <h2>Software ({inv?.software.length ?? 0})</h2>
      <input aria-label="Filter software" placeholder="Filter by name" value={filter} onChange={(e) => setFilter(e.target.value)} />
      <div className="table-wrap short">
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Version</th>
            </tr>
          </thead>
          <tbody>
            {software.slice(0, 300).map((s) => (
              <tr key={`${s.name}@${s.version}`}>
                <td>{s.name}</td>
                <td>{s.version ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Changes</h2>
      <InventoryHistory changes={d.changes} />
      <DeviceUsers deviceId={id} admin={user!.role === 'admin'} />
      <h2>Tickets</h2>
      <TicketLinks tickets={tickets ?? []} />
      <h2>Scripts run here</h2>
      <DeviceJobs deviceId={id} />
      <h2>File transfers</h2>
      <DeviceTransfers deviceId={id} />
      <h2>Remote sessions</h2>
      <ul>
        {(sessions ?? []).map((s) => (
          <li key={s.id}>
            {new Date(s.requestedAt).toLocaleString()} · {s.technician.username} · {s.state} {s.endReason ? `(${s.endReason.replace(/_/g, ' ')})` : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}
