import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { ErrorCode } from '../../shared/protocol/codes.js';
import { AppError } from '../errors.js';

// Pinned: a token that claims any other algorithm ("none" included) is rejected.
const ALGORITHM = 'HS256';
const ISSUER = 'deskside';

// A token without an expiry would be valid forever once leaked: `exp` is required, not just checked when present.
// `ver` is the user's token version when the token was signed (absent from tokens made before it
// existed, which count as version 0); see auth/sessionUser.ts.
// `scp: 'totp-setup'` marks a session that may only set up two-factor sign-in (see sessionUser.ts).
const Claims = z.object({ sub: z.string(), role: z.string(), exp: z.number(), ver: z.number().int().min(0).default(0), scp: z.literal('totp-setup').optional() });

export interface SignOptions {
  /** The account must set up two-factor sign-in before anything else. */
  setupOnly?: boolean;
}

export interface SessionTokens {
  sign(user: { id: string; role: string; tokenVersion: number }, options?: SignOptions): { token: string; expiresAt: string };
  /** Who a valid token was signed for, at which token version, until when (ms) and whether only for setting up two-factor sign-in; throws a coded 401 otherwise. */
  verify(token: string): { userId: string; version: number; expiresAtMs: number; setupOnly: boolean };
}

/** Milliseconds since the epoch; injected so tests can move time instead of waiting for it. */
export type Clock = () => number;

/**
 * HS256 tokens of one issuer (sessions, download links), with the key made once: given a
 * string, jsonwebtoken builds a key object on every call, which was a sixth of the CPU time of
 * a busy ticket queue. A token of another issuer or algorithm ("none" included) is invalid.
 */
export function signedTokens(secret: string, issuer: string, now: Clock) {
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  return {
    sign(claims: Record<string, unknown>, subject: string, ttlSeconds: number): { token: string; expiresAt: string } {
      const issuedAt = now();
      const token = jwt.sign({ ...claims, iat: Math.floor(issuedAt / 1000) }, key, { algorithm: ALGORITHM, subject, issuer, expiresIn: ttlSeconds });
      return { token, expiresAt: new Date(issuedAt + ttlSeconds * 1000).toISOString() };
    },
    /** The payload of a valid token, or why there is none. */
    verify(token: string): { payload: unknown } | { refused: 'expired' | 'invalid' } {
      try {
        return { payload: jwt.verify(token, key, { algorithms: [ALGORITHM], issuer, clockTimestamp: Math.floor(now() / 1000) }) };
      } catch (err) {
        return { refused: err instanceof jwt.TokenExpiredError ? 'expired' : 'invalid' };
      }
    },
  };
}

export function sessionTokens(secret: string, ttlSeconds: number, now: Clock = Date.now): SessionTokens {
  const tokens = signedTokens(secret, ISSUER, now);
  return {
    sign(user, options = {}) {
      return tokens.sign({ role: user.role, ver: user.tokenVersion, ...(options.setupOnly ? { scp: 'totp-setup' } : {}) }, user.id, ttlSeconds);
    },
    verify(token) {
      const checked = tokens.verify(token);
      if ('refused' in checked) {
        if (checked.refused === 'expired') throw new AppError(ErrorCode.tokenExpired, 'session expired: sign in again');
        throw new AppError(ErrorCode.unauthorized, 'invalid session token');
      }
      const claims = Claims.safeParse(checked.payload);
      if (!claims.success) throw new AppError(ErrorCode.unauthorized, 'invalid session token: it must name a user and carry an expiry');
      return { userId: claims.data.sub, version: claims.data.ver, expiresAtMs: claims.data.exp * 1000, setupOnly: claims.data.scp === 'totp-setup' };
    },
  };
}
