import { useState, type FormEvent } from 'react';
import { LIMITS } from '../../../../shared/protocol/limits.js';
import { api, ApiError, getToken } from '../api.js';
import { usePoll } from '../hooks.js';
import type { Token, TokenCreated } from '../types.js';

const TARGETS = ['linux-x64', 'win-x64', 'darwin-x64', 'darwin-arm64'];

/** Enrollment tokens: create one (shown once, with the install command), list them, revoke them. */
export function AdminTokens() {
  const tokens = usePoll(() => api.get<Token[]>('/api/v1/enrollment-tokens'), []);
  const policy = usePoll(() => api.get<{ trust: boolean }>('/api/v1/settings/pc-users'), []);
  const [created, setCreated] = useState<TokenCreated | null>(null);
  const [message, setMessage] = useState('');

  const addToken = async (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const f = new FormData(ev.currentTarget);
    try {
      setCreated(await api.post<TokenCreated>('/api/v1/enrollment-tokens', { expires: f.get('expires'), uses: Number(f.get('uses')) }));
      setMessage('');
      await tokens.refresh();
    } catch (err) {
      setMessage((err as ApiError).message);
    }
  };
  const revoke = async (t: Token) => {
    try {
      await api.del(`/api/v1/enrollment-tokens/${t.id}`);
      setMessage('Token revoked: no PC can enroll with it any more.');
      await tokens.refresh();
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
    <div className="card">
      <h2>Enroll a PC</h2>
      {message && <p role="status">{message}</p>}
      <form onSubmit={addToken} aria-label="Create an enrollment token">
        <label>
          Expires in
          <select name="expires" defaultValue="24h">
            <option value="1h">1 hour</option>
            <option value="24h">24 hours</option>
            <option value="7d">7 days</option>
            <option value={`${LIMITS.enrollmentDaysMax}d`}>{LIMITS.enrollmentDaysMax} days</option>
          </select>
        </label>
        <label>
          Uses
          <input name="uses" type="number" min={1} max={LIMITS.enrollmentUsesMax} defaultValue={1} />
        </label>
        <button type="submit">Create token</button>
      </form>
      {created && (
        <>
          <p>Download the agent, unpack it on the PC and run there (the token is shown once):</p>
          <p>
            {TARGETS.map((os) => (
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
      <label className="inline">
        <input
          type="checkbox"
          checked={policy.data?.trust ?? true}
          onChange={(e) => void api.put('/api/v1/settings/pc-users', { trust: e.target.checked }).then(policy.refresh)}
        />{' '}
        Trust the PC's users: a person who asks for help from a PC becomes one of its users at once (off: an admin confirms each on the PC's page)
      </label>
      <h3>Tokens</h3>
      <table>
        <thead>
          <tr>
            <th>Created</th>
            <th>Uses left</th>
            <th>Expires</th>
            <th>State</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(tokens.data ?? []).map((t) => (
            <tr key={t.id} aria-label={`token ${t.id}`}>
              <td>
                {new Date(t.createdAt).toLocaleString()}
                {t.createdBy && <div className="muted">by {t.createdBy}</div>}
              </td>
              <td>
                {t.usesLeft} of {t.uses}
              </td>
              <td>{new Date(t.expiresAt).toLocaleString()}</td>
              <td>{t.state.replace('_', ' ')}</td>
              <td>
                {t.state === 'active' && (
                  <button type="button" className="small danger" onClick={() => void revoke(t)}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
