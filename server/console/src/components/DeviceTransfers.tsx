import type { TransferView } from '../../../../shared/api/files.js';
import { bytes } from './Badges.js';
import { api } from '../api.js';
import { timeAgo, usePoll } from '../hooks.js';

/** The files moved to and from one PC, newest first: who, which, how much, the SHA-256, how it ended. */
export function DeviceTransfers({ deviceId }: { deviceId: string }) {
  const { data } = usePoll(() => api.get<TransferView[]>(`/api/v1/transfers?device=${deviceId}&limit=20`), [deviceId]);
  if (!data?.length) return <p className="muted">None yet.</p>;
  return (
    <ul>
      {data.map((t) => (
        <li key={t.id}>
          {t.direction === 'download' ? '↓' : '↑'} {t.path}
          {t.archive ? ` (.${t.archive})` : ''}{' '}
          <span className="muted">
            by {t.technician} {timeAgo(t.startedAt)} · {bytes(t.bytes)} · {t.state}
            {t.error ? `: ${t.error}` : ''}
            {t.sha256 ? ` · SHA-256 ${t.sha256.slice(0, 12)}…` : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}
