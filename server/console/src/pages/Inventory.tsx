import { useState } from 'react';
import { api } from '../api.js';
import { bytes, OnlineBadge } from '../components/Badges.js';
import { timeAgo, usePoll } from '../hooks.js';
import type { Device } from '../types.js';
import { csvDocument } from '../../../../shared/csv.js';

/** Every workstation, with search and filters; refreshed so a PC going offline shows. */
export function Inventory() {
  const [q, setQ] = useState('');
  const [online, setOnline] = useState('');
  const [os, setOs] = useState('');
  const [software, setSoftware] = useState('');
  const [lowDisk, setLowDisk] = useState(false);
  const query = new URLSearchParams({ limit: '500' });
  if (q.trim()) query.set('q', q.trim());
  if (online) query.set('online', online);
  if (os.trim()) query.set('os', os.trim());
  if (software.trim()) query.set('software', software.trim());
  if (lowDisk) query.set('lowDisk', 'true');
  const { data, error } = usePoll(() => api.page<Device[]>(`/api/v1/devices?${query}`), [q, online, os, software, lowDisk], 5000);
  const devices = data?.items ?? [];
  const exportCsv = () => {
    const header = ['id', 'hostname', 'os', 'online', 'lastSeen', 'agentVersion', 'group', 'consent', 'enrolledAt', 'cpu', 'cores', 'ramBytes', 'diskFreeBytes', 'diskTotalBytes'];
    const value = (d: Device, h: string) => (h in d ? d[h as keyof Device] : d.hardware?.[h as keyof NonNullable<Device['hardware']>]);
    const csv = csvDocument(header, devices.map((d) => header.map((h) => value(d, h))));
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    a.download = 'deskside-inventory.csv';
    a.click();
    URL.revokeObjectURL(a.href);
  };
  return (
    <section>
      <h1>Inventory</h1>
      <div className="filters" role="search">
        <input aria-label="Search hostname" placeholder="Hostname" value={q} onChange={(e) => setQ(e.target.value)} />
        <input aria-label="Operating system" placeholder="OS" value={os} onChange={(e) => setOs(e.target.value)} />
        <input aria-label="Installed software" placeholder="Installed software name" value={software} onChange={(e) => setSoftware(e.target.value)} />
        <select aria-label="Online" value={online} onChange={(e) => setOnline(e.target.value)}>
          <option value="">Online or not</option>
          <option value="true">Online</option>
          <option value="false">Offline</option>
        </select>
        <label className="inline">
          <input type="checkbox" checked={lowDisk} onChange={(e) => setLowDisk(e.target.checked)} /> Low disk only
        </label>
        <button type="button" className="secondary" onClick={exportCsv}>
          Export CSV
        </button>
      </div>
      {error && <p className="error">{error}</p>}
      <p className="muted">{data ? `${data.total} workstation${data.total === 1 ? '' : 's'}` : 'Loading…'}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Hostname</th>
              <th>State</th>
              <th>Last seen</th>
              <th>OS</th>
              <th>CPU</th>
              <th>RAM</th>
              <th>Disk free</th>
              <th>Agent</th>
              <th>Group</th>
            </tr>
          </thead>
          <tbody>
            {devices.map((d) => (
              <tr key={d.id}>
                <td>
                  <a href={`#/devices/${d.id}`}>{d.hostname}</a>
                </td>
                <td>
                  <OnlineBadge online={d.online} />
                </td>
                <td>{d.online ? 'now' : timeAgo(d.lastSeen)}</td>
                <td>{d.os ?? '—'}</td>
                <td>{d.hardware ? `${d.hardware.cpu ?? 'CPU'} (${d.hardware.cores})` : '—'}</td>
                <td>{bytes(d.hardware?.ramBytes)}</td>
                <td className={d.hardware?.lowDisk ? 'error' : undefined}>
                  {d.hardware ? `${bytes(d.hardware.diskFreeBytes)} of ${bytes(d.hardware.diskTotalBytes)}` : '—'}
                  {d.hardware?.lowDisk ? ' (low)' : ''}
                </td>
                <td>{d.agentVersion ?? '—'}</td>
                <td>{d.group ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
