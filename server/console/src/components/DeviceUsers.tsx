import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import type { DeviceUserView } from '../../../../shared/api/devices.js';
import { api, ApiError } from '../api.js';
import { usePoll } from '../hooks.js';

type Link = z.infer<typeof DeviceUserView>;

/**
 * The people who use a PC: it acts only for them (Get-help page, deskside-agent help) and lists
 * only their tickets. Admins confirm people the PC named, add and remove them.
 */
export function DeviceUsers({ deviceId, admin }: { deviceId: string; admin: boolean }) {
  const { data, refresh } = usePoll(() => api.get<Link[]>(`/api/v1/devices/${deviceId}/users`), [deviceId], 10_000);
  const [message, setMessage] = useState('');
  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      setMessage('');
      await refresh();
    } catch (err) {
      setMessage((err as ApiError).message);
    }
  };
  const add = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const form = ev.currentTarget;
    const username = String(new FormData(form).get('username') ?? '').trim();
    void act(async () => {
      await api.post(`/api/v1/devices/${deviceId}/users`, { username });
      form.reset();
    });
  };
  return (
    <>
      <h2>People who use this PC</h2>
      {message && <p role="status">{message}</p>}
      {(data ?? []).length === 0 && <p className="muted">Nobody yet: a person is added when they ask for help from this PC, or by an admin.</p>}
      <ul aria-label="People who use this PC">
        {(data ?? []).map((l) => (
          <li key={l.userId}>
            {l.username} ·{' '}
            {l.confirmedAt ? <span className="muted">confirmed by {l.confirmedBy}</span> : <strong>waiting for an admin to confirm</strong>}
            {admin && !l.confirmedAt && (
              <button type="button" className="small" onClick={() => void act(() => api.post(`/api/v1/devices/${deviceId}/users/${l.userId}/confirm`))}>
                Confirm
              </button>
            )}
            {admin && (
              <button type="button" className="small secondary" onClick={() => void act(() => api.del(`/api/v1/devices/${deviceId}/users/${l.userId}`))}>
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      {admin && (
        <form onSubmit={add} aria-label="Add a person who uses this PC">
          <input name="username" aria-label="Employee username" placeholder="employee username" required />
          <button type="submit" className="small">
            Add
          </button>
        </form>
      )}
    </>
  );
}
