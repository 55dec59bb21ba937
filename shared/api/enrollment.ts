import { z } from 'zod';
import { LIMITS } from '../protocol/limits.js';

/** "30m", "24h", "7d": how long an enrollment token stays valid. */
export const Duration = z
  .string()
  .regex(/^[1-9][0-9]{0,5}[smhd]$/, 'expected a duration such as 30m, 24h or 7d');

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
export function durationMs(text: string): number {
  const unit = text.slice(-1) as keyof typeof UNIT_MS;
  return Number(text.slice(0, -1)) * UNIT_MS[unit];
}

export const CreateEnrollmentTokenRequest = z
  .object({
    expires: Duration.default('24h').refine(
      (d) => durationMs(d) <= LIMITS.enrollmentDaysMax * UNIT_MS.d,
      `at most ${LIMITS.enrollmentDaysMax} days (${LIMITS.enrollmentDaysMax}d)`,
    ),
    uses: z
      .number()
      .int()
      .min(1)
      .max(LIMITS.enrollmentUsesMax, `at most ${LIMITS.enrollmentUsesMax.toLocaleString('en')} enrollments per token; create another token for more`)
      .default(1),
  })
  .strict();

export const EnrollmentTokenCreated = z.object({
  id: z.string(),
  token: z.string(),
  expiresAt: z.string(),
  uses: z.number().int(),
  /** The server address to enroll with (DESKSIDE_PUBLIC_URL, or where the server listens). */
  serverUrl: z.string(),
});

export const EnrollmentTokenView = z.object({
  id: z.string(),
  expiresAt: z.string(),
  uses: z.number().int(),
  usesLeft: z.number().int(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  revokedAt: z.string().nullable(),
  /** active, expired, used_up or revoked: whether it still enrolls a PC. */
  state: z.enum(['active', 'expired', 'used_up', 'revoked']),
});
export const TokenIdParams = z.object({ id: z.string().uuid() });
export const EnrollmentTokenList = z.array(EnrollmentTokenView);

export const EnrollRequest = z.object({
  token: z.string().min(1).max(200),
  hostname: z.string().min(1).max(LIMITS.hostnameMax),
  platform: z.string().min(1).max(32),
  agentVersion: z.string().min(1).max(64),
});
export const EnrollResponse = z.object({ deviceId: z.string(), deviceSecret: z.string() });
export type EnrollResponse = z.infer<typeof EnrollResponse>;
