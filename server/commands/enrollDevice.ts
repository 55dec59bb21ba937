import { randomUUID } from 'node:crypto';
import type { EnrollResponse } from '../../shared/api/enrollment.js';
import { ErrorCode } from '../../shared/protocol/codes.js';
import { hashSecret, newSecret } from '../auth/secrets.js';
import { AppError } from '../errors.js';
import type { Store } from '../storage/types.js';
import { audit } from './audit.js';

const REFUSAL = {
  invalid: new AppError(ErrorCode.enrollmentTokenInvalid, 'enrollment token is not valid'),
  expired: new AppError(ErrorCode.enrollmentTokenExpired, 'enrollment token has expired: ask an admin for a new one'),
  used_up: new AppError(ErrorCode.enrollmentTokenUsedUp, 'enrollment token has no uses left: ask an admin for a new one'),
  revoked: new AppError(ErrorCode.enrollmentTokenRevoked, 'enrollment token was revoked: ask an admin for a new one'),
} as const;

/** Exchanges an enrollment token for a device id and a device secret (returned once, stored as a hash). */
export async function enrollDevice(
  store: Store,
  input: { token: string; hostname: string; platform: string; agentVersion: string },
  at: Date = new Date(),
): Promise<EnrollResponse> {
  const deviceId = randomUUID();
  const deviceSecret = newSecret('dsd');
  const now = at.toISOString();
  await store.transaction(async (repos) => {
    const result = await repos.tokens.consume(hashSecret(input.token), now);
    if (result !== 'ok') throw REFUSAL[result];
    await repos.devices.create({
      id: deviceId,
      hostname: input.hostname,
      platform: input.platform,
      agentVersion: input.agentVersion,
      secretHash: hashSecret(deviceSecret),
      enrolledAt: now,
    });
    await audit(repos, null, 'device.enroll', deviceId, { hostname: input.hostname, platform: input.platform });
  });
  return { deviceId, deviceSecret };
}
