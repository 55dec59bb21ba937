import type { JobView } from '../../../../shared/api/jobs.js';
import { api } from '../api.js';
import { timeAgo, usePoll } from '../hooks.js';
import { countsInWords } from '../jobWords.js';

/** The jobs that ran (or were to run) on one PC, newest first, each linked to its page. */
export function DeviceJobs({ deviceId }: { deviceId: string }) {
  const { data } = usePoll(() => api.get<JobView[]>(`/api/v1/jobs?device=${deviceId}&limit=20`), [deviceId]);
  if (!data?.length) return <p className="muted">None yet.</p>;
  return (
    <ul>
      {data.map((j) => (
        <li key={j.id}>
          <a href={`#/jobs/${j.id}`}>
            #{j.id} {j.name}
          </a>{' '}
          <span className="muted">
            by {j.createdBy} {timeAgo(j.createdAt)} · {countsInWords(j.counts)}
          </span>
        </li>
      ))}
    </ul>
  );
}
