import { randomUUID } from 'node:crypto';
import { durationMs } from '../../shared/api/enrollment.js';
import { hashSecret, newSecret } from '../auth/secrets.js';
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
): Promise<CreatedToken> {
  const token = newSecret('dse');
  const now = Date.now();
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
