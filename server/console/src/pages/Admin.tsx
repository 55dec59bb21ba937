import { useState, type FormEvent } from 'react';
import { api, ApiError, getToken } from '../api.js';
import { usePoll } from '../hooks.js';
import type { Audit, TokenCreated, User } from '../types.js';
import { FaqEditor, SlaEditor } from './AdminSettings.js';

/** Users and roles, enrollment tokens with the enroll command, and the audit log. */
export function Admin() {
  const users = usePoll(() => api.get<User[]>('/api/v1/users'), []);
  const [action, setAction] = useState('');
  const audit = usePoll(() => api.get<Audit[]>(`/api/v1/audit?limit=100${action ? `&action=${encodeURIComponent(action)}` : ''}`), [action], 10_000);
  const [created, setCreated] = useState<TokenCreated | null>(null);
  const [message, setMessage] = useState('');

  const addUser = async (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const form = ev.currentTarget;
    const f = new FormData(form);
    try {
      await api.post('/api/v1/users', { username: f.get('username'), role: f.get('role'), password: f.get('password') });
      form.reset();
      setMessage('User created.');
      await users.refresh();
    } catch (err) {
      setMessage((err as ApiError).message);
    }
  };
  const addToken = async (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const f = new FormData(ev.currentTarget);
    try {
      setCreated(await api.post<TokenCreated>('/api/v1/enrollment-tokens', { expires: f.get('expires'), uses: Number(f.get('uses')) }));
    } catch (err) {
      setMessage((err as ApiError).message);
    }
  };
  const command = created ? `sudo ./deskside-agent install --server ${created.serverUrl} --token ${created.token}` : '';
  const download = async (os: string) => {
    try {
      const res = await fetch(`/api/v1/agent/download?os=${os}`, { headers: { authorization: `Bearer ${getToken()}` } });
      if (!res.ok) throw new Error(((await res.json()) as { error: { message: string } }).error.message);
      const a = document.createElement('a');
      a.href = URL.createObjectURL(await res.blob());
      a.download = `deskside-agent-${os}.tar.gz`;
      a.click();
      URL.revokeObjectURL(a.href);
    } catch (err) {
      setMessage((err as Error).message);
    }
  };
  return (
    <section>
      <h1>Administration</h1>
      {message && <p role="status">{message}</p>}
      <div className="grid">
        <div className="card">
          <h2>Users</h2>
          <table>
            <tbody>
              {(users.data ?? []).map((u) => (
                <tr key={u.id}>
                  <td>{u.username}</td>
                  <td>{u.role}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <form onSubmit={addUser} aria-label="Add a user">
            <input name="username" aria-label="New username" placeholder="username" required />
            <select name="role" aria-label="Role" defaultValue="technician">
              <option>employee</option>
              <option>technician</option>
              <option>admin</option>
            </select>
            <input name="password" type="password" aria-label="Password" placeholder="password (8+)" required minLength={8} autoComplete="new-password" />
            <button type="submit">Add user</button>
          </form>
        </div>
        <div className="card">
          <h2>Enroll a PC</h2>
          <form onSubmit={addToken} aria-label="Create an enrollment token">
            <label>
              Expires in
              <select name="expires" defaultValue="24h">
                <option value="1h">1 hour</option>
                <option value="24h">24 hours</option>
                <option value="7d">7 days</option>
              </select>
            </label>
            <label>
              Uses
              <input name="uses" type="number" min={1} defaultValue={1} />
            </label>
            <button type="submit">Create token</button>
          </form>
          {created && (
            <>
              <p>Download the agent, unpack it on the PC and run there (the token is shown once):</p>
              <p>
                {['linux-x64', 'win-x64', 'darwin-x64', 'darwin-arm64'].map((os) => (
                  <button key={os} type="button" className="small secondary" onClick={() => void download(os)}>
                    {os}
                  </button>
                ))}
              </p>
              <pre className="command">{command}</pre>
              <button type="button" className="secondary" onClick={() => void navigator.clipboard?.writeText(command)}>
                Copy
              </button>
            </>
          )}
        </div>
      </div>
      <div className="grid">
        <SlaEditor />
        <FaqEditor />
      </div>
      <h2>Audit log</h2>
      <input aria-label="Filter by action" placeholder="action, e.g. session.start" value={action} onChange={(e) => setAction(e.target.value)} />
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>Action</th>
              <th>Target</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {(audit.data ?? []).map((e) => (
              <tr key={e.id}>
                <td>{new Date(e.at).toLocaleString()}</td>
                <td>{e.actor ?? '—'}</td>
                <td>{e.action}</td>
                <td>{e.target ?? '—'}</td>
                <td className="details">{JSON.stringify(e.details)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
