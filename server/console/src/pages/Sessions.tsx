import { useState } from 'react';
import { api } from '../api.js';
import { RecordingPlayer } from '../components/RecordingPlayer.js';
import { clock } from '../components/recording.js';
import { usePoll } from '../hooks.js';
import type { SessionView } from '../types.js';

const duration = (s: SessionView) => (s.startedAt ? clock(((s.endedAt ? Date.parse(s.endedAt) : Date.now()) - Date.parse(s.startedAt)) / 1000) : '—');
const kb = (n: number) => `${(n / 1024).toFixed(n < 10_240 ? 1 : 0)} KB`;

/**
 * Every remote session, newest first: where, who, why, whether the person at the PC agreed, how
 * long, how many bytes, how it ended, and its recording (for those allowed to watch it).
 */
export function Sessions() {
  const { data, error } = usePoll(() => api.get<SessionView[]>('/api/v1/sessions?limit=200'), [], 10_000);
  const [playing, setPlaying] = useState<string | null>(null);
  return (
    <section>
      <h1>Remote sessions</h1>
      {error && <p role="alert">{error}</p>}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Started</th>
              <th>PC</th>
              <th>Technician</th>
              <th>Ticket or reason</th>
              <th>Consent</th>
              <th>Duration</th>
              <th>Bytes in / out</th>
              <th>Ended</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(data ?? []).flatMap((s) => [
              <tr key={s.id} aria-label={`session ${s.id}`}>
                <td>{new Date(s.startedAt ?? s.requestedAt).toLocaleString()}</td>
                <td>
                  <a href={`#/devices/${s.deviceId}`}>{s.hostname ?? s.deviceId.slice(0, 8)}</a>
                </td>
                <td>{s.technician.username}</td>
                <td>{s.ticketId ? <a href={`#/tickets/${s.ticketId}`}>#{s.ticketId}</a> : (s.reason ?? '—')}</td>
                <td>
                  {s.consent.policy}
                  {s.consent.decision ? `: ${s.consent.decision.replace(/_/g, ' ')}` : ''}
                </td>
                <td>{duration(s)}</td>
                <td>
                  {kb(s.bytesIn)} / {kb(s.bytesOut)}
                </td>
                <td>{s.state === 'ended' || s.state === 'refused' ? (s.endReason ?? s.state).replace(/_/g, ' ') : s.state}</td>
                <td>
                  {s.recording && (
                    <button type="button" className="small" onClick={() => setPlaying(playing === s.id ? null : s.id)}>
                      {playing === s.id ? 'Hide' : 'Play'}
                    </button>
                  )}
                </td>
              </tr>,
              playing === s.id && s.recording ? (
                <tr key={`${s.id}-player`}>
                  <td colSpan={9}>
                    <RecordingPlayer url={s.recording.url} />
                  </td>
                </tr>
              ) : null,
            ])}
          </tbody>
        </table>
      </div>
    </section>
  );
}
