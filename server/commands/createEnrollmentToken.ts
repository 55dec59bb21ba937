import { randomUUID } from 'node:crypto';
import { durationMs } from '../../shared/api/enrollment.js';
import { hashSecret, newSecret } from '../auth/secrets.js';
import { ErrorCode } from '../../shared/protocol/codes.js';
import { AppError, notFound } from '../errors.js';
import type { Store } from '../storage/types.js';
import { audit } from './audit.js';

export interface CreatedToken {
  id: string;
  token: string;
  expiresAt: string;
  uses: number;
}

/** A new enrollment token. Only its hash is stored: the token itself is shown once, here. */
export async function createEnrollmentToken(
  store: Store,
  input: { expires: string; uses: number },
  actor: string | null,
  at: Date = new Date(),
): Promise<CreatedToken> {
  const token = newSecret('dse');
  const now = at.getTime();
  const created = { id: randomUUID(), token, expiresAt: new Date(now + durationMs(input.expires)).toISOString(), uses: input.uses };
  await store.transaction(async (repos) => {
    await repos.tokens.create({
      id: created.id,
      tokenHash: hashSecret(token),
      expiresAt: created.expiresAt,
      uses: input.uses,
      usesLeft: input.uses,
      createdAt: new Date(now).toISOString(),
      createdBy: actor,
    });
    await audit(repos, actor, 'enrollment_token.create', created.id, { expiresAt: created.expiresAt, uses: input.uses });
  });
  return created;
}

/** Revokes a token: enrollments with it are refused from now on; the devices it enrolled stay. */
export async function revokeEnrollmentToken(store: Store, actor: string, id: string): Promise<void> {
  const token = await store.tokens.findById(id);
  if (!token) throw notFound('enrollment token');
  if (token.revokedAt) throw new AppError(ErrorCode.conflict, `this token was revoked at ${token.revokedAt}`);
  await store.transaction(async (repos) => {
    await repos.tokens.revoke(id, new Date().toISOString());
    await audit(repos, actor, 'enrollment_token.revoke', id, { usesLeft: token.usesLeft });
  });
}
