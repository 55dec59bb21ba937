import qrcode from 'qrcode-generator';
import { useState, type FormEvent } from 'react';
import { api, ApiError, getToken, setToken } from '../api.js';
import { useAuth } from '../auth.js';
import { usePoll } from '../hooks.js';
import type { User } from '../types.js';

interface Status {
  enabled: boolean;
  pending: boolean;
  recoveryCodesLeft: number;
  required: boolean;
}

/** The otpauth URL as a QR code an authenticator app scans (a GIF data URL, drawn in the page). */
function qrImage(url: string): string {
  const qr = qrcode(0, 'M');
  qr.addData(url);
  qr.make();
  return qr.createDataURL(5, 4);
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone(): void }) {
  const download = () => {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([`Deskside recovery codes (each works once)\n\n${codes.join('\n')}\n`], { type: 'text/plain' }));
    a.download = 'deskside-recovery-codes.txt';
    a.click();
    URL.revokeObjectURL(a.href);
  };
  return (
    <div>
      <p>
        <strong>Save these recovery codes now</strong>: each signs in once in place of a code from the app, if the phone is lost. They are not
        shown again.
      </p>
      <ul className="recovery-codes" aria-label="Recovery codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <button type="button" className="secondary" onClick={download}>
        Download as a text file
      </button>{' '}
      <button type="button" onClick={onDone}>
        I have saved them
      </button>
    </div>
  );
}

/**
 * Two-factor sign-in on the Account page: set it up with a QR code and a first code, see how
 * many recovery codes are left, make new ones, or turn it off (where the policy allows).
 */
export function TwoFactor({ user }: { user: User }) {
  const { renewed } = useAuth();
  const { data: status, refresh } = usePoll(() => api.get<Status>('/api/v1/me/totp'), []);
  const [enrolment, setEnrolment] = useState<{ secret: string; otpauthUrl: string } | null>(null);
  const [codes, setCodes] = useState<{ list: string[]; then(): void } | null>(null);
  const [message, setMessage] = useState('');
  const fail = (err: unknown) => setMessage(err instanceof ApiError ? err.message : 'the server cannot be reached');

  const start = async () => {
    setMessage('');
    try {
      setEnrolment(await api.post('/api/v1/me/totp'));
    } catch (err) {
      fail(err);
    }
  };
  const confirm = async (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const code = String(new FormData(ev.currentTarget).get('code')).replace(/\s/g, '');
    try {
      const r = await api.post<{ recoveryCodes: string[]; token: string }>('/api/v1/me/totp/confirm', { code });
      // Requests go on with the new token at once; the page changes only once the codes are saved.
      setToken(r.token);
      setEnrolment(null);
      setMessage('');
      setCodes({ list: r.recoveryCodes, then: () => renewed(r.token, { ...user, twoFactor: true, totpSetupRequired: false }) });
    } catch (err) {
      fail(err);
    }
  };
  const withPassword = (path: string, done: (reply: { recoveryCodes?: string[] } | null) => void) => async (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const form = ev.currentTarget;
    try {
      const reply = await api.post<{ recoveryCodes?: string[] } | null>(path, { password: new FormData(form).get('password') });
      form.reset();
      setMessage('');
      done(reply);
    } catch (err) {
      fail(err);
    }
  };

  if (codes) {
    return (
      <section className="card narrow" aria-label="Two-factor sign-in">
        <h2>Two-factor sign-in</h2>
        <RecoveryCodes codes={codes.list} onDone={() => (codes.then(), setCodes(null), void refresh())} />
      </section>
    );
  }
  if (!status) return null;
  return (
    <section className="card narrow" aria-label="Two-factor sign-in">
      <h2>Two-factor sign-in</h2>
      {status.enabled ? (
        <>
          <p role="status">
            On: signing in asks for the code from your authenticator app. {status.recoveryCodesLeft} of 10 recovery codes left.
          </p>
          <form onSubmit={withPassword('/api/v1/me/totp/recovery-codes', (r) => setCodes({ list: r!.recoveryCodes!, then: () => undefined }))} aria-label="New recovery codes">
            <label>
              Password
              <input name="password" type="password" required autoComplete="current-password" />
            </label>
            <button type="submit" className="secondary">
              Make new recovery codes
            </button>
          </form>
          {status.required ? (
            <p className="muted">The security policy requires two-factor sign-in for your role; an admin can reset it if your phone is lost.</p>
          ) : (
            <form
              onSubmit={withPassword('/api/v1/me/totp/disable', () => {
                setMessage('Two-factor sign-in is off.');
                renewed(getToken()!, { ...user, twoFactor: false });
                void refresh();
              })}
              aria-label="Turn off two-factor sign-in"
            >
              <label>
                Password
                <input name="password" type="password" required autoComplete="current-password" />
              </label>
              <button type="submit" className="danger">
                Turn off
              </button>
            </form>
          )}
        </>
      ) : enrolment ? (
        <form onSubmit={confirm} aria-label="Confirm two-factor sign-in">
          <p>Scan this code with an authenticator app (any TOTP app: Google Authenticator, Microsoft Authenticator, FreeOTP, 1Password…).</p>
          <img className="qr" src={qrImage(enrolment.otpauthUrl)} alt="QR code for your authenticator app" />
          <p>
            Or type this key into the app: <code aria-label="Secret key">{enrolment.secret.match(/.{1,4}/g)!.join(' ')}</code>
          </p>
          <label>
            The six-digit code the app shows now
            <input name="code" autoComplete="one-time-code" inputMode="numeric" required pattern="\s*\d{3}\s*\d{3}\s*" />
          </label>
          <button type="submit">Turn on</button>
        </form>
      ) : (
        <>
          <p>{status.required ? 'Required for your role: set it up to continue.' : 'Off. With it on, signing in also asks for a code from an app on your phone.'}</p>
          <button type="button" onClick={() => void start()}>
            Set up two-factor sign-in
          </button>
        </>
      )}
      {message && (
        <p className="error" role="alert">
          {message}
        </p>
      )}
    </section>
  );
}
