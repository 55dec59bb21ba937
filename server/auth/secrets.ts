import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random 256-bit secret in URL-safe text, with a prefix that says what it is when found in a log or paste. */
export function newSecret(prefix: 'dse' | 'dsd'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/**
 * Secrets here are 256 random bits, so a single SHA-256 is enough to store them safely; a slow
 * password hash would only make every reconnect storm CPU-bound.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
