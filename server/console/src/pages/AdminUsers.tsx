import { useState, type FormEvent } from 'react';
import { LIMITS } from '../../../../shared/protocol/limits.js';
import { api, ApiError } from '../api.js';
import { useAuth } from '../auth.js';
import { usePoll } from '../hooks.js';
import type { User } from '../types.js';

const ROLES = ['employee', 'technician', 'admin'] as const;

/**
 * Users and what they may do: add, change role, disable or re-enable, reset a password, delete.
 * Each of role, disabling, a new password and deletion ends that user's sessions at once.
 */
export function AdminUsers() {
  const { user: me } = useAuth();
  const users = usePoll(() => api.get<User[]>('/api/v1/users'), []);
  const [message, setMessage] = useState('');

  const act = async (what: string, work: () => Promise<unknown>) => {
    try {
      await work();
      setMessage(what);
      await users.refresh();
    } catch (err) {
      setMessage((err as ApiError).message);
    }
  };
  const addUser = async (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const form = ev.currentTarget;
    const f = new FormData(form);
    const email = String(f.get('email') ?? '').trim();
    await act('User created.', async () => {
      await api.post('/api/v1/users', { username: f.get('username'), role: f.get('role'), password: f.get('password'), ...(email ? { email } : {}) });
      form.reset();
    });
  };
  const resetPassword = (u: User) => {
    const password = window.prompt(`New password for ${u.username} (at least ${LIMITS.passwordMin} characters). Their sessions end.`);
    if (password) void act(`Password of ${u.username} reset; their sessions have ended.`, () => api.patch(`/api/v1/users/${u.id}`, { password }));
  };
  const resetTwoFactor = (u: User) => {
    if (window.confirm(`Reset the two-factor sign-in of ${u.username}? Their sessions end; they sign in with the password alone until they set it up again.`)) {
      void act(`Two-factor sign-in of ${u.username} reset; their sessions have ended.`, () => api.del(`/api/v1/users/${u.id}/totp`));
    }
  };
  const remove = (u: User) => {
    if (window.confirm(`Delete ${u.username}? They can no longer sign in; their tickets keep the name.`)) {
      void act(`${u.username} deleted.`, () => api.del(`/api/v1/users/${u.id}`));
    }
  };

  return (
    <div className="card">
      <h2>Users</h2>
      {message && <p role="status">{message}</p>}
      <SecurityPolicyForm onChanged={() => void users.refresh()} />
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>User</th>
              <th>Role</th>
              <th>State</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {(users.data ?? []).map((u) => (
              <tr key={u.id} aria-label={`user ${u.username}`}>
                <td>
                  {u.username}
                  {u.email && <div className="muted">{u.email}</div>}
                </td>
                <td>
                  <select
                    aria-label={`Role of ${u.username}`}
                    value={u.role}
                    disabled={u.id === me?.id}
                    onChange={(e) => void act(`${u.username} is now ${e.target.value}; their sessions have ended.`, () => api.patch(`/api/v1/users/${u.id}`, { role: e.target.value }))}
                  >
                    {ROLES.map((r) => (
                      <option key={r}>{r}</option>
                    ))}
                  </select>
                </td>
                <td>
                  {u.disabled ? 'Disabled' : 'Active'}
                  {u.twoFactor && <div className="muted">two-factor</div>}
                </td>
                <td className="actions">
                  <button
                    type="button"
                    className="small secondary"
                    disabled={u.id === me?.id}
                    onClick={() => void act(`${u.username} ${u.disabled ? 'enabled' : 'disabled'}.`, () => api.patch(`/api/v1/users/${u.id}`, { disabled: !u.disabled }))}
                  >
                    {u.disabled ? 'Enable' : 'Disable'}
                  </button>
                  <button type="button" className="small secondary" onClick={() => resetPassword(u)}>
                    Reset password
                  </button>
                  {u.twoFactor && u.id !== me?.id && (
                    <button type="button" className="small secondary" onClick={() => resetTwoFactor(u)}>
                      Reset two-factor
                    </button>
                  )}
                  <button type="button" className="small danger" disabled={u.id === me?.id} onClick={() => remove(u)}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form onSubmit={addUser} aria-label="Add a user">
        <input name="username" aria-label="New username" placeholder="username" required />
        <select name="role" aria-label="Role" defaultValue="technician">
          {ROLES.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
        <input name="email" type="email" aria-label="Email" placeholder="email (optional)" />
        <input
          name="password"
          type="password"
          aria-label="Password"
          placeholder={`password (${LIMITS.passwordMin}+)`}
          required
          minLength={LIMITS.passwordMin}
          autoComplete="new-password"
        />
        <button type="submit">Add user</button>
      </form>
    </div>
  );
}

/** Whether technicians and admins must use two-factor sign-in. */
function SecurityPolicyForm({ onChanged }: { onChanged(): void }) {
  const policy = usePoll(() => api.get<{ requireTwoFactor: boolean }>('/api/v1/security-policy'), []);
  const [message, setMessage] = useState('');
  if (!policy.data) return null;
  const change = async (requireTwoFactor: boolean) => {
    try {
      await api.put('/api/v1/security-policy', { requireTwoFactor });
      setMessage(
        requireTwoFactor
          ? 'Two-factor sign-in is now required: technicians and admins without it were signed out and will set it up at their next sign-in.'
          : 'Two-factor sign-in is now optional.',
      );
      await policy.refresh();
      onChanged();
    } catch (err) {
      setMessage((err as ApiError).message);
    }
  };
  return (
    <div className="policy">
      <label className="check">
        <input type="checkbox" checked={policy.data.requireTwoFactor} onChange={(e) => void change(e.target.checked)} /> Require two-factor sign-in for
        technicians and admins
      </label>
      {message && <p role="status">{message}</p>}
    </div>
  );
}
