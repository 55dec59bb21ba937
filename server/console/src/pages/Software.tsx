import { useState } from 'react';
import { api } from '../api.js';
import { usePoll } from '../hooks.js';
import { Pager } from '../components/Pager.js';

interface FleetSoftware {
  name: string;
  devices: number;
  versions: { version: string | null; devices: number }[];
}

const PAGE = 50;
const inventoryLink = (name: string, version?: string | null) =>
  `#/inventory?${new URLSearchParams({ software: name, ...(version ? { softwareVersion: version } : {}) }).toString()}`;

/** Every package across the fleet with its versions; each count opens the inventory filtered to those PCs. */
export function Software() {
  const [q, setQ] = useState('');
  const [offset, setOffset] = useState(0);
  const query = new URLSearchParams({ limit: String(PAGE), offset: String(offset), ...(q.trim() ? { q: q.trim() } : {}) });
  const { data, error } = usePoll(() => api.page<FleetSoftware[]>(`/api/v1/software?${query}`), [q, offset]);
  const total = data?.total ?? 0;
  return (
    <section>
      <h1>Software</h1>
      <div className="filters" role="search">
        <input
          aria-label="Search packages"
          placeholder="Package name, e.g. openssl"
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setOffset(0);
          }}
        />
      </div>
      {error && <p className="error">{error}</p>}
      <p className="muted">{data ? `${total} package${total === 1 ? '' : 's'}` : 'Loading…'}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Package</th>
              <th>PCs</th>
              <th>Versions (PCs)</th>
            </tr>
          </thead>
          <tbody>
            {(data?.items ?? []).map((s) => (
              <tr key={s.name} aria-label={`package ${s.name}`}>
                <td>{s.name}</td>
                <td>
                  <a href={inventoryLink(s.name)}>{s.devices}</a>
                </td>
                <td className="versions">
                  {s.versions.map((v) => (
                    <a key={v.version ?? ''} href={inventoryLink(s.name, v.version)} className="version">
                      {v.version ?? 'no version'} ({v.devices})
                    </a>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager offset={offset} size={PAGE} total={total} onChange={setOffset} />
    </section>
  );
}
