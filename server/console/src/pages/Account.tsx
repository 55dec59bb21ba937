import { useState, type FormEvent } from 'react';
import { LIMITS } from '../../../../shared/protocol/limits.js';
import { api, ApiError, setToken } from '../api.js';
import type { User } from '../types.js';
import { NotificationSettings } from './Notifications.js';
import { TwoFactor } from '../components/TwoFactor.js';

/** One's own account: the password (the current one is asked; other sessions end), two-factor sign-in, notifications. */
export function Account({ user }: { user: User }) {
  const [message, setMessage] = useState('');
  const change = async (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const form = ev.currentTarget;
    const f = new FormData(form);
    if (f.get('password') !== f.get('again')) return setMessage('The two new passwords differ.');
    try {
      const r = await api.post<{ token: string }>('/api/v1/me/password', { current: f.get('current'), password: f.get('password') });
      // This session goes on with the new token; every other one has ended.
      setToken(r.token);
      form.reset();
      setMessage('Password changed. Your other sessions have ended.');
    } catch (err) {
      setMessage((err as ApiError).message);
    }
  };
  return (
    <section>
      <h1>Your account</h1>
      <p>
        {user.username} ({user.role}){user.email ? `, ${user.email}` : ''}
      </p>
      <form className="card narrow" onSubmit={change} aria-label="Change your password">
        <h2>Change your password</h2>
        <label>
          Current password
          <input name="current" type="password" required autoComplete="current-password" />
        </label>
        <label>
          New password
          <input name="password" type="password" required minLength={LIMITS.passwordMin} autoComplete="new-password" />
        </label>
        <label>
          New password again
          <input name="again" type="password" required minLength={LIMITS.passwordMin} autoComplete="new-password" />
        </label>
        <button type="submit">Change password</button>
        {message && <p role="status">{message}</p>}
      </form>
      {user.role !== 'employee' && <TwoFactor user={user} />}
      <NotificationSettings user={user} />
    </section>
  );
}
