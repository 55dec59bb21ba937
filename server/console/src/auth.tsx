import { createContext, useCallback, useContext, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { stopLive } from './live.js';
import { api, ApiError, getToken, onRelogin, setToken } from './api.js';
import { FaqPage } from './pages/Faq.js';
import { useRoute } from './router.js';
import type { User } from './types.js';

interface Auth {
  user: User | null;
  login(username: string, password: string): Promise<void>;
  logout(): void;
  /** A new token for this session (after a change that ended the others) and the user it carries. */
  renewed(token: string, user: User): void;
}

const AuthContext = createContext<Auth>({ user: null, login: async () => undefined, logout: () => undefined, renewed: () => undefined });
export const useAuth = () => useContext(AuthContext);

interface LoginReply {
  token: string;
  user: User;
  totpSetupRequired?: boolean;
}

/**
 * Username and password, then, for an account with two-factor sign-in, the code from the
 * authenticator app (or a recovery code) in a second step that keeps what was typed.
 */
export function LoginForm({ onDone, username: fixedUser }: { onDone(reply: LoginReply): void; username?: string }) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [first, setFirst] = useState<{ username: string; password: string } | null>(null);
  const submit = async (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const form = new FormData(ev.currentTarget);
    const credentials = first ?? { username: String(fixedUser ?? form.get('username')), password: String(form.get('password')) };
    const totp = first ? String(form.get('totp')).trim() : undefined;
    setBusy(true);
    setError('');
    try {
      onDone(await api.post<LoginReply>('/api/v1/auth/login', { ...credentials, ...(totp ? { totp } : {}) }));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'totp_required' && !first) setFirst(credentials);
      else setError(err instanceof ApiError ? err.message : 'the server cannot be reached');
    } finally {
      setBusy(false);
    }
  };
  if (first) {
    return (
      <form className="login card" onSubmit={submit} aria-label="Two-factor code">
        <p>Enter the six-digit code your authenticator app shows for {first.username}, or one of your recovery codes.</p>
        <label>
          Code
          <input name="totp" autoComplete="one-time-code" inputMode="numeric" required autoFocus maxLength={40} />
        </label>
        {error && <p className="error" role="alert">{error}</p>}
        <button type="submit" disabled={busy}>Verify</button>{' '}
        <button type="button" className="secondary" onClick={() => (setFirst(null), setError(''))}>Back</button>
      </form>
    );
  }
  return (
    <form className="login card" onSubmit={submit} aria-label="Sign in">
      <label>
        Username
        <input name="username" autoComplete="username" required defaultValue={fixedUser} readOnly={fixedUser !== undefined} autoFocus={!fixedUser} />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required autoFocus={fixedUser !== undefined} />
      </label>
      {error && <p className="error" role="alert">{error}</p>}
      <button type="submit" disabled={busy}>Sign in</button>
    </form>
  );
}

const signedIn = (r: LoginReply): User => ({ ...r.user, totpSetupRequired: r.totpSetupRequired === true });

/**
 * Who is signed in. When the session expires mid-work, a sign-in dialog covers the page
 * instead of replacing it: open forms keep what was typed, and the request that hit the 401
 * is sent again afterwards.
 */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [checked, setChecked] = useState(false);
  const [expired, setExpired] = useState(false);
  const waiting = useRef<(() => void)[]>([]);

  useEffect(() => {
    if (!getToken()) return setChecked(true);
    api.get<User>('/api/v1/me').then(setUser, () => setToken(null)).finally(() => setChecked(true));
  }, []);

  useEffect(() => {
    if (!user) return onRelogin(null);
    onRelogin(
      () =>
        new Promise<void>((resolve) => {
          waiting.current.push(resolve);
          setExpired(true);
        }),
    );
    return () => onRelogin(null);
  }, [user]);

  const login = useCallback(async (username: string, password: string) => {
    const r = await api.post<LoginReply>('/api/v1/auth/login', { username, password });
    setToken(r.token);
    setUser(signedIn(r));
  }, []);
  const renewed = useCallback((token: string, u: User) => {
    setToken(token);
    setUser(u);
  }, []);
  const logout = useCallback(() => {
    stopLive();
    setToken(null);
    setUser(null);
    location.hash = '';
  }, []);

  if (!checked) return null;
  return (
    <AuthContext.Provider value={{ user, login, logout, renewed }}>
      {user ? children : <SignIn onDone={(r) => (setToken(r.token), setUser(signedIn(r)))} />}
      {user && expired && (
        <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="relogin-title">
          <div>
            <h2 id="relogin-title">Your session expired</h2>
            <p>Sign in again to continue; nothing on this page is lost.</p>
            <LoginForm
              username={user.username}
              onDone={(r) => {
                setToken(r.token);
                setExpired(false);
                for (const resume of waiting.current.splice(0)) resume();
              }}
            />
          </div>
        </div>
      )}
    </AuthContext.Provider>
  );
}

function SignIn({ onDone }: { onDone(r: LoginReply): void }) {
  const [page] = useRoute();
  if (page === 'faq') {
    return (
      <main>
        <p>
          <a href="#/">Sign in</a>
        </p>
        <FaqPage />
      </main>
    );
  }
  return (
    <main className="signin">
      <h1>Deskside</h1>
      <LoginForm onDone={onDone} />
      <p>
        <a href="#/faq">Answers to common problems</a> (no sign-in needed)
      </p>
    </main>
  );
}
