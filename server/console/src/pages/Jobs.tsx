import { useState, type FormEvent } from 'react';
import type { JobDetail, JobView } from '../../../../shared/api/jobs.js';
import type { ScriptView } from '../../../../shared/api/scripts.js';
import { api, ApiError } from '../api.js';
import { useAuth } from '../auth.js';
import { Pager } from '../components/Pager.js';
import { ScriptLibrary } from '../components/ScriptLibrary.js';
import { timeAgo, usePoll } from '../hooks.js';
import { go, hashQuery } from '../router.js';
import { countsInWords } from '../jobWords.js';

const PAGE = 50;
const SHELLS = ['bash', 'sh', 'powershell', 'cmd'] as const;

/** Scripts on many PCs: start one on the PCs an inventory filter finds, and follow each job. */
export function Jobs() {
  const { user } = useAuth();
  const [offset, setOffset] = useState(0);
  const { data, error, refresh } = usePoll(() => api.page<JobView[]>(`/api/v1/jobs?limit=${PAGE}&offset=${offset}`), [offset], 3000);
  // The form's list of scripts follows the library's changes below it.
  const [library, setLibrary] = useState(0);
  return (
    <section>
      <h1>Scripts on PCs</h1>
      <NewJob library={library} onStarted={(id) => (void refresh(), go(`jobs/${id}`))} />
      <h2>Jobs</h2>
      {error && <p className="error">{error}</p>}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Job</th>
              <th>By</th>
              <th>Started</th>
              <th>PCs</th>
            </tr>
          </thead>
          <tbody>
            {(data?.items ?? []).map((j) => (
              <tr key={j.id}>
                <td>
                  <a href={`#/jobs/${j.id}`}>
                    #{j.id} {j.name}
                  </a>
                  {j.cancelledAt && ' (cancelled)'}
                </td>
                <td>{j.createdBy}</td>
                <td>{timeAgo(j.createdAt)}</td>
                <td>{countsInWords(j.counts)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager offset={offset} size={PAGE} total={data?.total ?? 0} onChange={setOffset} />
      <ScriptLibrary admin={user!.role === 'admin'} onChanged={() => setLibrary((n) => n + 1)} />
    </section>
  );
}

function NewJob({ library, onStarted }: { library: number; onStarted(id: number): void }) {
  const { data: scripts } = usePoll(() => api.get<ScriptView[]>('/api/v1/scripts'), [library]);
  const [scriptId, setScriptId] = useState('');
  const [shell, setShell] = useState<(typeof SHELLS)[number]>('bash');
  const [body, setBody] = useState('');
  const [filter, setFilter] = useState(() => hashQuery().get('filter') ?? '');
  const [runWhenOnline, setRunWhenOnline] = useState(false);
  const [message, setMessage] = useState('');
  const start = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const job = await api.post<JobDetail>('/api/v1/jobs', {
        ...(scriptId ? { scriptId: Number(scriptId) } : { command: { shell, body } }),
        filter,
        runWhenOnline,
      });
      setMessage('');
      onStarted(job.id);
    } catch (err) {
      setMessage((err as ApiError).message);
    }
  };
  return (
    <form className="card" onSubmit={(e) => void start(e)} aria-label="New job">
      <label>
        Script
        <select aria-label="Script to run" value={scriptId} onChange={(e) => setScriptId(e.target.value)}>
          <option value="">A command typed here</option>
          {(scripts ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} ({s.shell})
            </option>
          ))}
        </select>
      </label>
      {!scriptId && (
        <>
          <label>
            Shell
            <select aria-label="Shell" value={shell} onChange={(e) => setShell(e.target.value as (typeof SHELLS)[number])}>
              {SHELLS.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          <label>
            Command <textarea rows={3} value={body} onChange={(e) => setBody(e.target.value)} required className="mono" />
          </label>
        </>
      )}
      <label>
        PCs (an inventory filter, as in the inventory's address) <input value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="online=true&group=finance" />
      </label>
      <label className="check">
        <input type="checkbox" checked={runWhenOnline} onChange={(e) => setRunWhenOnline(e.target.checked)} /> Offline PCs run it when they come back
      </label>
      <button type="submit">Run</button>
      {message && (
        <p className="error" role="alert">
          {message}
        </p>
      )}
    </form>
  );
}

/** One job: each PC's run as it goes, its output, and a way to stop it. */
export function JobPage({ id }: { id: number }) {
  const { data: job, error, refresh } = usePoll(() => api.get<JobDetail>(`/api/v1/jobs/${id}`), [id], 2000);
  const [message, setMessage] = useState('');
  if (error && !job) return <p className="error">{error}</p>;
  if (!job) return <p className="muted">Loading…</p>;
  const open = job.counts.queued + job.counts.running + job.counts.cancelling > 0;
  const cancel = async () => {
    try {
      await api.post(`/api/v1/jobs/${id}/cancel`);
      await refresh();
    } catch (err) {
      setMessage((err as ApiError).message);
    }
  };
  return (
    <section>
      <h1>
        Job #{job.id}: {job.name}
      </h1>
      <p className="meta">
        {job.shell} · started by {job.createdBy} {timeAgo(job.createdAt)} · timeout {job.timeoutSeconds} s · {countsInWords(job.counts)} · SHA-256 <code>{job.sha256.slice(0, 12)}</code>
      </p>
      {open && !job.cancelledAt && (
        <button type="button" className="secondary" onClick={() => void cancel()}>
          Cancel the job
        </button>
      )}
      {message && <p className="error">{message}</p>}
      <details>
        <summary>Script</summary>
        <pre className="mono">{job.body}</pre>
      </details>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>PC</th>
              <th>State</th>
              <th>Exit</th>
              <th>Took</th>
              <th>Output</th>
            </tr>
          </thead>
          <tbody>
            {job.runs.map((r) => (
              <tr key={r.deviceId}>
                <td>
                  <a href={`#/devices/${r.deviceId}`}>{r.device}</a>
                </td>
                <td>
                  {r.state}
                  {r.end && r.end !== 'exited' ? ` (${r.end})` : ''}
                  {r.reason && <div className="muted">{r.reason}</div>}
                </td>
                <td>{r.exitCode ?? '—'}</td>
                <td>{r.durationMs === null ? '—' : `${(r.durationMs / 1000).toFixed(1)} s`}</td>
                <td>
                  {r.output !== null && (
                    <details>
                      <summary>{r.output.length} characters{r.droppedBytes ? `, ${r.droppedBytes} more bytes not kept` : ''}</summary>
                      <pre className="text-preview">{r.output}</pre>
                    </details>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
