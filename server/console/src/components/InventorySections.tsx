import type { InventoryDocument } from '../../../../shared/inventory.js';
import type { InventoryChangeItem } from '../../../../shared/inventoryDiff.js';
import { bytes } from './Badges.js';

const dash = (v: string | number | null | undefined) => (v === null || v === undefined || v === '' ? '—' : String(v));

/** Every section the agent collects beyond system and hardware: network, users, disks, graphics, battery. */
export function InventorySections({ inv }: { inv: InventoryDocument }) {
  const battery = inv.battery;
  const health = battery.designedCapacity && battery.maxCapacity ? Math.round((battery.maxCapacity / battery.designedCapacity) * 100) : null;
  return (
    <>
      <div className="card" aria-label="Network">
        <h2>Network</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Interface</th>
                <th>Addresses</th>
                <th>MAC</th>
                <th>Speed</th>
              </tr>
            </thead>
            <tbody>
              {inv.network.map((n) => (
                <tr key={n.iface}>
                  <td>
                    {n.iface}
                    {n.virtual && <span className="muted"> (virtual)</span>}
                  </td>
                  <td>{[...n.ipv4, ...n.ipv6].join(', ') || '—'}</td>
                  <td>
                    <code>{dash(n.mac)}</code>
                  </td>
                  <td>{n.speedMbps ? `${n.speedMbps} Mb/s` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <div className="grid">
        <div className="card" aria-label="Signed-in users">
          <h2>Signed in</h2>
          {inv.users.length === 0 ? (
            <p className="muted">Nobody</p>
          ) : (
            <ul>
              {inv.users.map((u, i) => (
                <li key={`${u.user}-${i}`}>
                  {u.user}
                  <span className="muted">
                    {u.terminal ? ` on ${u.terminal}` : ''}
                    {u.loginAt ? ` since ${u.loginAt}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className="card" aria-label="Battery">
          <h2>Battery</h2>
          {battery.present ? (
            <dl className="facts">
              <dt>Charge</dt>
              <dd>
                {battery.percent === null ? '—' : `${battery.percent}%`}
                {battery.charging ? ', charging' : ''}
              </dd>
              <dt>Health</dt>
              <dd>{health === null ? '—' : `${health}% of its designed capacity`}</dd>
              <dt>Cycles</dt>
              <dd>{dash(battery.cycleCount)}</dd>
            </dl>
          ) : (
            <p className="muted">No battery</p>
          )}
        </div>
      </div>
      <div className="grid">
        <div className="card" aria-label="Disks">
          <h2>Disks</h2>
          <ul>
            {inv.disks.physical.map((p, i) => (
              <li key={`${p.name}-${i}`}>
                {[p.vendor, p.name].filter(Boolean).join(' ') || 'Disk'} · {dash(p.type)} · {bytes(p.sizeBytes ?? undefined)}
                {p.serial ? <span className="muted"> · serial {p.serial}</span> : null}
                {p.health ? <span className={p.health.toLowerCase() === 'ok' ? 'muted' : 'error'}> · SMART {p.health}</span> : null}
              </li>
            ))}
          </ul>
        </div>
        <div className="card" aria-label="Graphics">
          <h2>Graphics</h2>
          {inv.graphics.length === 0 ? (
            <p className="muted">None reported</p>
          ) : (
            <ul>
              {inv.graphics.map((g, i) => (
                <li key={`${g.model}-${i}`}>
                  {[g.vendor, g.model].filter(Boolean).join(' ') || '—'}
                  {g.vramMB ? <span className="muted"> · {g.vramMB} MB</span> : null}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </>
  );
}

/** "openssl 3.0.2 → 3.0.13", "vim added (9.0)", "telnet removed (0.17)". */
export function changeInWords(c: InventoryChangeItem): string {
  if (c.change === 'added') return `${c.item} added${c.to ? ` (${c.to})` : ''}`;
  if (c.change === 'removed') return `${c.item} removed${c.from ? ` (${c.from})` : ''}`;
  return `${c.item} ${c.from ?? '—'} → ${c.to ?? '—'}`;
}

/** The inventory history, newest first: what changed item by item, or the sections for older records. */
export function InventoryHistory({ changes }: { changes: { at: string; sections: string[]; items: InventoryChangeItem[]; omitted: number }[] }) {
  if (changes.length === 0) return <p className="muted">No changes since the first report.</p>;
  return (
    <ul className="history" aria-label="Inventory changes">
      {changes.map((c) => (
        <li key={c.at}>
          <strong>{new Date(c.at).toLocaleString()}</strong>
          {c.items.length === 0 ? (
            <span>: {c.sections.join(', ')}</span>
          ) : (
            <ul>
              {c.items.map((i, n) => (
                <li key={n} className={`change-${i.change}`}>
                  {changeInWords(i)}
                </li>
              ))}
              {c.omitted > 0 && <li className="muted">and {c.omitted} more</li>}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
