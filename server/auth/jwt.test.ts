import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { sessionTokens } from './jwt.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const T0 = Date.parse('2026-03-02T09:00:00Z');

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return 'accepted';
};

describe('session tokens', () => {
  it('are valid for their lifetime and expire after it, on the injected clock', () => {
    let now = T0;
    const tokens = sessionTokens(SECRET, 3600, () => now);
    const { token, expiresAt } = tokens.sign({ id: 'u1', role: 'technician', tokenVersion: 3 });
    expect(expiresAt).toBe('2026-03-02T10:00:00.000Z');
    now = T0 + 3599_000;
    expect(tokens.verify(token)).toEqual({ userId: 'u1', version: 3, expiresAtMs: Date.parse(expiresAt), setupOnly: false });
    now = T0 + 3601_000;
    expect(refusal(() => tokens.verify(token))).toBe('token_expired');
  });

  it('mark a session that may only set up two-factor sign-in, and the mark cannot be dropped without the secret', () => {
    const tokens = sessionTokens(SECRET, 3600);
    const { token } = tokens.sign({ id: 'u1', role: 'technician', tokenVersion: 0 }, { setupOnly: true });
    expect(tokens.verify(token).setupOnly).toBe(true);
    const [head, , sig] = token.split('.');
    const body = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    delete body.scp;
    const forged = `${head}.${Buffer.from(JSON.stringify(body)).toString('base64url')}.${sig}`;
    expect(refusal(() => tokens.verify(forged))).toBe('unauthorized');
    // An unknown scope is no scope Deskside gives: refused, not read as a full session.
    const other = jwt.sign({ role: 'technician', scp: 'everything', exp: Math.floor(Date.now() / 1000) + 60 }, SECRET, { algorithm: 'HS256', subject: 'u1', issuer: 'deskside' });
    expect(refusal(() => tokens.verify(other))).toBe('unauthorized');
  });

  it('refuses a correctly signed token without an expiry', () => {
    const forever = jwt.sign({ role: 'admin' }, SECRET, { algorithm: 'HS256', subject: 'u1', issuer: 'deskside' });
    expect(refusal(() => sessionTokens(SECRET, 3600).verify(forever))).toBe('unauthorized');
  });

  it('refuses another algorithm, another issuer and another secret', () => {
    const tokens = sessionTokens(SECRET, 3600);
    const claims = { role: 'admin', exp: Math.floor(Date.now() / 1000) + 60 };
    const none = jwt.sign(claims, '', { algorithm: 'none', subject: 'u1', issuer: 'deskside' });
    const issuer = jwt.sign(claims, SECRET, { algorithm: 'HS256', subject: 'u1', issuer: 'elsewhere' });
    const secret = jwt.sign(claims, 'another-secret-that-is-long-enough-0123456', { algorithm: 'HS256', subject: 'u1', issuer: 'deskside' });
    for (const t of [none, issuer, secret]) expect(refusal(() => tokens.verify(t))).toBe('unauthorized');
  });
});
