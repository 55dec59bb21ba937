import { z } from 'zod';
import { LIMITS } from '../protocol/limits.js';

/** Two-factor sign-in (TOTP, RFC 6238: SHA-1, six digits, 30-second steps). */
export const TotpCode = z.string().trim().regex(/^\d{6}$/, 'expected the six-digit code from the authenticator app');

/** What an authenticator app needs: the secret, and the otpauth URL its QR code carries. */
export const TotpEnrolment = z.object({ secret: z.string(), otpauthUrl: z.string() });

export const ConfirmTotpRequest = z.object({ code: TotpCode }).strict();

/** Ten single-use codes that sign in in place of a TOTP code; shown once, stored hashed. */
export const RecoveryCodes = z.object({ recoveryCodes: z.array(z.string()) });

/** Turning two-factor sign-in on ends the other sessions: this one continues on a new token. */
export const TotpEnabled = RecoveryCodes.extend({ token: z.string(), expiresAt: z.string() });

export const PasswordProof = z.object({ password: z.string().min(1).max(LIMITS.passwordMax) }).strict();

export const TotpStatus = z.object({
  enabled: z.boolean(),
  /** Enrolment started and waits for a first code. */
  pending: z.boolean(),
  recoveryCodesLeft: z.number().int(),
  /** The security policy requires it for this user's role. */
  required: z.boolean(),
});

/** The admin's security policy. */
export const SecurityPolicy = z.object({ requireTwoFactor: z.boolean() }).strict();
export type SecurityPolicy = z.infer<typeof SecurityPolicy>;
