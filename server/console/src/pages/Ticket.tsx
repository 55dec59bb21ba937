import { useState } from 'react';
import { api, ApiError } from '../api.js';
import { useAuth } from '../auth.js';
import { Attachments } from '../components/Attachments.js';
import { PriorityBadge, SlaBadge, bytes } from '../components/Badges.js';
import { TicketTags } from '../components/TicketTags.js';
import { Markdown } from '../components/Markdown.js';
import { ReplyForm } from '../components/ReplyForm.js';
import { describeEvent } from '../timeline.js';
import { Verdict } from '../components/Verdict.js';
import { RecordingPlayer } from '../components/RecordingPlayer.js';
import { RemoteTerminal } from '../components/Terminal.js';
import { RemoteFiles } from '../components/RemoteFiles.js';
import { dueIn, useLiveRefresh, usePoll } from '../hooks.js';
import type { TicketFull, User } from '../types.js';

/** How a request reached the desk, after the requester's name; the console's own form says nothing. */
const CHANNEL_WORDS: Record<TicketFull['channel'], string> = { web: '', agent: ' via Get help on the PC', email: ' by email', phone: ' by phone', 'walk-in': ' in person', alert: ' by an alert on the PC' };

/** One ticket: the conversation, its controls, the PC's diagnostics, SLA timeline and sessions. */
export function TicketPage({ id }: { id: number }) {
  const { user } = useAuth();
  const staff = user!.role !== 'employee';
  // Changes come live; the slow poll moves the SLA clocks along.
  const { data: t, error, refresh } = usePoll(() => api.get<TicketFull>(`/api/v1/tickets/${id}`), [id], 60_000);
  useLiveRefresh(refresh, (e) => e.type === 'ticket' && e.activity.ticketId === id);
  const { data: people } = usePoll(() => (user!.role === 'admin' ? api.get<User[]>('/api/v1/users') : Promise.resolve([user!])), []);
  const [shell, setShell] = useState(false);
  const [files, setFiles] = useState(false);
  const [playing, setPlaying] = useState<string | null>(null);
  const [message, setMessage] = useState('');

  if (error && !t) return <p className="error">{error}</p>;
  if (!t) return <p className="muted">Loading…</p>;
  const change = async (patch: Record<string, unknown>) => {
    try {
      await api.patch(`/api/v1/tickets/${id}`, patch);
      setMessage('');
      await refresh();
    } catch (err) {
      setMessage((err as ApiError).message);
    }
  };
  const staffPeople = (people ?? []).filter((p) => p.role !== 'employee');
  return (
    <section className="ticket">
      <h1>
        #{t.id} {t.summary}
      </h1>
      <p className="meta">
        <PriorityBadge priority={t.priority} /> <SlaBadge state={t.slaState} /> {t.status} · from {t.requester.username}{CHANNEL_WORDS[t.channel]}
        {t.deviceId && (
          <>
            {' '}
            · <a href={`#/devices/${t.deviceId}`}>the PC</a>
          </>
        )}{' '}
        · response {dueIn(t.responseDueAt)} · resolution {dueIn(t.resolveDueAt)}
        {t.category && <> · {t.category}</>}
        {t.tags.map((tag) => (
          <span key={tag} className="tag">
            {tag}
          </span>
        ))}
      </p>
      {staff && (
        <div className="controls">
          <label>
            Status
            <select value={t.status} onChange={(e) => void change({ status: e.target.value })}>
              {['new', 'open', 'waiting', 'resolved', 'closed'].map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          <label>
            Priority
            <select value={t.priority} onChange={(e) => void change({ priority: e.target.value })}>
              {['critical', 'high', 'normal', 'low'].map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </label>
          <label>
            Assignee
            <select value={t.assignee?.id ?? ''} onChange={(e) => void change({ assigneeId: e.target.value || null })}>
              <option value="">Unassigned</option>
              {t.assignee && !staffPeople.some((p) => p.id === t.assignee!.id) && <option value={t.assignee.id}>{t.assignee.username}</option>}
              {staffPeople.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.username}
                </option>
              ))}
            </select>
          </label>
          <TicketTags category={t.category} tags={t.tags} onChange={change} />
          {t.deviceId && (
            <button type="button" onClick={() => setShell((s) => !s)}>
              {shell ? 'Close shell' : 'Open shell'}
            </button>
          )}
          {t.deviceId && (
            <button type="button" onClick={() => setFiles((f) => !f)}>
              {files ? 'Close files' : 'Files'}
            </button>
          )}
        </div>
      )}
      {message && <p className="error" role="alert">{message}</p>}
      {shell && t.deviceId && <RemoteTerminal deviceId={t.deviceId} ticketId={t.id} onEnd={() => void refresh()} />}
      {files && t.deviceId && <RemoteFiles deviceId={t.deviceId} ticketId={t.id} start="/" />}

      <h2>Conversation</h2>
      <article className="comment">
        <header>{t.requester.username} · {new Date(t.createdAt).toLocaleString()}</header>
        <Markdown text={t.details || '_No details given._'} />
      </article>
      {t.comments.map((c) => (
        <article key={c.id} className={`comment${c.internal ? ' internal' : ''}`}>
          <header>
            {c.author.username} · {new Date(c.createdAt).toLocaleString()} {c.internal && <span className="badge">internal note</span>}
          </header>
          <Markdown text={c.body} />
        </article>
      ))}
      <Attachments ticketId={t.id} attachments={t.attachments} onAdded={() => void refresh()} />
      {t.requester.id === user!.id && t.status === 'waiting' && <p className="warning">IT is waiting for your answer: reply below to carry on.</p>}
      {t.requester.id === user!.id ? <Verdict ticket={t} onDone={refresh} /> : t.rating && <p className="muted">Rated {t.rating.score} out of 5 by the requester{t.rating.comment ? `: “${t.rating.comment}”` : ''}</p>}
      <ReplyForm ticket={t} staff={staff} onSent={refresh} />

      {staff && t.findings.length > 0 && (
        <>
          <h2>Findings</h2>
          <ul className="findings">
            {t.findings.map((f) => (
              <li key={f.code} className={`finding ${f.severity}`}>
                <strong>{f.severity}</strong> {f.message}
              </li>
            ))}
          </ul>
        </>
      )}
      {staff && t.diagnostics && (
        <details className="card">
          <summary>Diagnostics from the PC ({new Date(t.diagnostics.collectedAt).toLocaleString()})</summary>
          <dl className="facts">
            <dt>System</dt>
            <dd>
              {t.diagnostics.os.distro ?? t.diagnostics.os.platform} {t.diagnostics.os.release} · up {Math.round((t.diagnostics.os.uptimeSeconds ?? 0) / 3600)} h
            </dd>
            <dt>CPU</dt>
            <dd>
              {t.diagnostics.cpu.cores} cores · load {Math.round(t.diagnostics.cpu.loadPct ?? 0)}%
            </dd>
            <dt>Memory</dt>
            <dd>
              {bytes(t.diagnostics.memory.usedBytes)} of {bytes(t.diagnostics.memory.totalBytes)}
            </dd>
            <dt>Disks</dt>
            <dd>
              {t.diagnostics.filesystems.map((f) => `${f.mount}: ${bytes(f.sizeBytes - f.usedBytes)} free`).join(' · ')}
            </dd>
            <dt>Server reachable</dt>
            <dd>{t.diagnostics.server.httpOk ? `yes, ${Math.round(t.diagnostics.server.latencyMs ?? 0)} ms` : (t.diagnostics.server.httpError ?? 'no')}</dd>
            <dt>Top CPU</dt>
            <dd>{t.diagnostics.topCpu.map((p) => `${p.name} ${Math.round(p.cpuPct ?? 0)}%`).join(', ')}</dd>
          </dl>
        </details>
      )}
      {staff && t.inventoryChanges.length > 0 && (
        <>
          <h2>Recent inventory changes</h2>
          <ul>
            {t.inventoryChanges.map((c) => (
              <li key={c.at}>
                {new Date(c.at).toLocaleString()}: {c.sections.join(', ')}
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>Timeline</h2>
      <ol className="timeline">
        {t.timeline.map((e, i) => (
          <li key={i}>
            {new Date(e.at).toLocaleString()} · {describeEvent(e)}
          </li>
        ))}
      </ol>
      {staff && (
        <>
          <h2>Remote sessions</h2>
          {t.sessions.length === 0 && <p className="muted">None yet.</p>}
          <ul className="sessions">
            {t.sessions.map((s) => (
              <li key={s.id}>
                {new Date(s.requestedAt).toLocaleString()} · {s.technician.username} · {s.state}
                {s.endReason ? ` (${s.endReason.replace(/_/g, ' ')})` : ''} · consent {s.consent.decision ?? '—'}
                {s.recording && (
                  <button type="button" className="small" onClick={() => setPlaying(playing === s.id ? null : s.id)}>
                    {playing === s.id ? 'Hide recording' : 'Play recording'}
                  </button>
                )}
                {playing === s.id && s.recording && <RecordingPlayer url={s.recording.url} />}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
