import { useEffect, useState, type ReactNode } from 'react';
import { api, download } from '../api.js';
import { bytes, OnlineBadge } from '../components/Badges.js';
import { SavedFilters } from '../components/SavedFilters.js';
import { timeAgo, usePoll } from '../hooks.js';
import type { Device } from '../types.js';
import { Pager } from '../components/Pager.js';
import { hashQuery } from '../router.js';
import { FINDING_NAMES } from '../../../../shared/diagnostics/findingCodes.js';

const PAGE = 50;
const FILTERS = ['q', 'os', 'group', 'software', 'softwareVersion', 'agentVersion', 'online', 'lowDisk', 'finding', 'sort', 'order'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;
const NO_FILTERS: Filters = { q: '', os: '', group: '', software: '', softwareVersion: '', agentVersion: '', online: '', lowDisk: '', finding: '', sort: 'name', order: 'asc' };

interface Column {
  key: string;
  label: string;
  /** The list's sort key, where the server sorts by this column. */
  sort?: string;
  cell(d: Device): ReactNode;
}

const COLUMNS: Column[] = [
  { key: 'name', label: 'Name', sort: 'name', cell: (d) => <a href={`#/devices/${d.id}`}>{d.name ?? d.hostname}</a> },
  { key: 'hostname', label: 'Hostname', sort: 'hostname', cell: (d) => d.hostname },
  { key: 'state', label: 'State', cell: (d) => <OnlineBadge online={d.online} /> },
  { key: 'ip', label: 'IP address', sort: 'ip', cell: (d) => d.ipAddress ?? '—' },
  { key: 'user', label: 'User', sort: 'user', cell: (d) => d.loggedUser ?? '—' },
  { key: 'serial', label: 'Serial', sort: 'serial', cell: (d) => d.serial ?? '—' },
  { key: 'os', label: 'OS', sort: 'os', cell: (d) => d.os ?? '—' },
  { key: 'agent', label: 'Agent', sort: 'agentVersion', cell: (d) => d.agentVersion ?? '—' },
  { key: 'lastSeen', label: 'Last seen', sort: 'lastSeen', cell: (d) => (d.online ? 'now' : timeAgo(d.lastSeen)) },
  { key: 'cpu', label: 'CPU', cell: (d) => (d.hardware ? `${d.hardware.cpu ?? 'CPU'} (${d.hardware.cores})` : '—') },
  { key: 'ram', label: 'RAM', cell: (d) => bytes(d.hardware?.ramBytes) },
  {
    key: 'disk',
    label: 'Disk free',
    cell: (d) => (
      <span className={d.hardware?.lowDisk ? 'error' : undefined}>
        {d.hardware ? `${bytes(d.hardware.diskFreeBytes)} of ${bytes(d.hardware.diskTotalBytes)}` : '—'}
        {d.hardware?.lowDisk ? ' (low)' : ''}
      </span>
    ),
  },
  { key: 'group', label: 'Group', sort: 'group', cell: (d) => d.group ?? '—' },
  { key: 'findings', label: 'Findings', cell: (d) => d.findings.map((f) => FINDING_NAMES[f as keyof typeof FINDING_NAMES] ?? f).join(', ') || '—' },
];
const DEFAULT_COLUMNS = ['name', 'state', 'ip', 'user', 'serial', 'os', 'agent', 'lastSeen', 'disk'];
const COLUMNS_KEY = 'deskside.inventory.columns';

/** The filters in the page's address (#/inventory?software=openssl), so a filtered list can be linked to. */
function filtersFromHash(): Filters {
  const params = hashQuery();
  return Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? NO_FILTERS[k]])) as Filters;
}

function queryOf(f: Filters): URLSearchParams {
  const q = new URLSearchParams();
  for (const k of FILTERS) if (f[k].trim() && f[k] !== NO_FILTERS[k]) q.set(k, f[k].trim());
  return q;
}

function storedColumns(): string[] {
  try {
    const saved = JSON.parse(localStorage.getItem(COLUMNS_KEY) ?? 'null') as unknown;
    if (Array.isArray(saved) && saved.every((c) => typeof c === 'string')) return saved;
  } catch {
    // A damaged setting falls back to the default columns.
  }
  return DEFAULT_COLUMNS;
}

/** Every workstation: filters that combine, sortable columns of one's choice, pages from the server, exports. */
export function Inventory() {
  const [filters, setFilters] = useState<Filters>(filtersFromHash);
  const [offset, setOffset] = useState(0);
  const [shown, setShown] = useState<string[]>(storedColumns);
  const [choosing, setChoosing] = useState(false);
  const query = queryOf(filters);
  const text = query.toString();
  useEffect(() => {
    history.replaceState(null, '', `#/inventory${text ? `?${text}` : ''}`);
    setOffset(0);
  }, [text]);
  useEffect(() => localStorage.setItem(COLUMNS_KEY, JSON.stringify(shown)), [shown]);
  const { data, error } = usePoll(() => api.page<Device[]>(`/api/v1/devices?${text}${text ? '&' : ''}limit=${PAGE}&offset=${offset}`), [text, offset], 5000);
  const devices = data?.items ?? [];
  const total = data?.total ?? 0;
  const set = (k: keyof Filters) => (v: string) => setFilters({ ...filters, [k]: v });
  const sortBy = (key: string) => setFilters({ ...filters, sort: key, order: filters.sort === key && filters.order === 'asc' ? 'desc' : 'asc' });
  const columns = COLUMNS.filter((c) => shown.includes(c.key));
  const exportAs = (format: 'csv' | 'json') => void download(`/api/v1/devices/export?${text}${text ? '&' : ''}format=${format}`, `deskside-inventory.${format}`);
  return (
    <section>
      <h1>Inventory</h1>
      <div className="filters" role="search">
        <input aria-label="Search" placeholder="Name, address, user, serial, software" value={filters.q} onChange={(e) => set('q')(e.target.value)} />
        <input aria-label="Operating system" placeholder="OS" value={filters.os} onChange={(e) => set('os')(e.target.value)} />
        <input aria-label="Group" placeholder="Group" value={filters.group} onChange={(e) => set('group')(e.target.value)} />
        <input aria-label="Installed software" placeholder="Installed software" value={filters.software} onChange={(e) => set('software')(e.target.value)} />
        <input aria-label="Software version" title="A series (3.0.x) or comparisons (>=3.0 <3.1)" placeholder="version: 3.0.x, >=3.0 <3.1" value={filters.softwareVersion} disabled={!filters.software} onChange={(e) => set('softwareVersion')(e.target.value)} />
        <select aria-label="Online" value={filters.online} onChange={(e) => set('online')(e.target.value)}>
          <option value="">Online or not</option>
          <option value="true">Online</option>
          <option value="false">Offline</option>
        </select>
        <input aria-label="Agent version" placeholder="Agent version" value={filters.agentVersion} onChange={(e) => set('agentVersion')(e.target.value)} />
        <select aria-label="Finding" value={filters.finding} onChange={(e) => set('finding')(e.target.value)}>
          <option value="">Any findings or none</option>
          {Object.entries(FINDING_NAMES).map(([code, name]) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>
        <label className="check">
          <input type="checkbox" checked={filters.lowDisk === 'true'} onChange={(e) => set('lowDisk')(e.target.checked ? 'true' : '')} /> Low disk only
        </label>
      </div>
      <div className="controls">
        <SavedFilters kind="inventory" current={text} onApply={(saved) => setFilters({ ...NO_FILTERS, ...Object.fromEntries(new URLSearchParams(saved)) })} />
        <button type="button" className="secondary" onClick={() => setChoosing((c) => !c)} aria-expanded={choosing}>
          Columns
        </button>
        <button type="button" className="secondary" onClick={() => exportAs('csv')}>
          Export CSV
        </button>
        <button type="button" className="secondary" onClick={() => exportAs('json')}>
          Export JSON
        </button>
        <a className="button secondary" href={`#/jobs?${new URLSearchParams({ filter: text }).toString()}`}>
          Run a script on these PCs
        </a>
      </div>
      {choosing && (
        <fieldset className="columns">
          <legend>Columns shown</legend>
          {COLUMNS.map((c) => (
            <label key={c.key} className="check">
              <input type="checkbox" checked={shown.includes(c.key)} onChange={(e) => setShown(e.target.checked ? COLUMNS.map((x) => x.key).filter((k) => k === c.key || shown.includes(k)) : shown.filter((k) => k !== c.key))} />{' '}
              {c.label}
            </label>
          ))}
        </fieldset>
      )}
      {error && <p className="error">{error}</p>}
      <p className="muted">{data ? `${total} workstation${total === 1 ? '' : 's'}` : 'Loading…'}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.key} aria-sort={c.sort && filters.sort === c.sort ? (filters.order === 'asc' ? 'ascending' : 'descending') : undefined}>
                  {c.sort ? (
                    <button type="button" className="link" onClick={() => sortBy(c.sort!)}>
                      {c.label}
                      {filters.sort === c.sort ? (filters.order === 'asc' ? ' ▲' : ' ▼') : ''}
                    </button>
                  ) : (
                    c.label
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {devices.map((d) => (
              <tr key={d.id}>
                {columns.map((c) => (
                  <td key={c.key}>{c.cell(d)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager offset={offset} size={PAGE} total={total} onChange={setOffset} />
    </section>
  );
}
